# ruff: noqa: RUF001
"""Figures that contradict each other, conservatively; ranges given high to low."""

import pytest

from tests.review.checking import text_findings, texts


def test_a_count_that_contradicts_itself():
    body = "Twelve people were injured in the blast.\n\nPolice said 13 people were injured, two seriously."
    (finding,) = text_findings("inconsistent-figures", body=body)
    assert finding.text == "13"
    assert "12" in finding.message


def test_an_age_that_contradicts_the_protagonists():
    body = "The 34-year-old was arrested on Friday. The suspect, only 35, denied the charges."
    assert texts("inconsistent-figures", body=body) == ["35"]


@pytest.mark.parametrize(
    "body",
    [
        "12 people were injured. Another 13 people were injured in a second blast.",  # adding
        "12 people were injured on Monday and 40 were injured on Tuesday.",  # not a slip
        "Three were killed and five were injured.",  # different counts
        "The 34-year-old and the 35-year-old were both arrested.",  # two people
        "12 injured, 12 injured again: the same number.",
        "The 34-year-old joined at only 20, when the club was small.",  # far apart: another time of life
    ],
)
def test_figures_that_do_not_contradict(body):
    assert texts("inconsistent-figures", body=body) == []


def test_reversed_range_is_swapped():
    (finding,) = text_findings("reversed-range", body="Between 40 and 30 per cent of voters stayed home.")
    assert (finding.text, finding.fix) == ("40 and 30", "30 and 40")
    assert texts("reversed-range", body="between 30 and 40 per cent; between 2.5 and 3,5 metres") == []


def test_a_named_persons_age_that_contradicts_itself():
    body = "Thomas Sam, 42, and his wife Manju Sam, 36, stood trial.\n\nThomas Sam, 43, a homeopath, denied it."
    assert texts("inconsistent-figures", body=body) == ["43"]
    body = "Daniel Montalvo, 19, was arrested.\n\nMontalvo, 20, has been assisted by friends."
    assert texts("inconsistent-figures", body=body) == ["20"]
    body = "Thomas Sam, 42, and Manju Sam, 41, were charged. Sam, 42, spoke."  # a surname two people share
    assert texts("inconsistent-figures", body=body) == []


def test_a_reversed_age_range_but_not_a_score():
    (finding,) = text_findings("reversed-range", body="A survey of 1709 schoolchildren aged 10–8 years.")
    assert (finding.text, finding.fix) == ("10–8", "8–10")
    assert texts("reversed-range", body="Children aged 8–10 years. Belgium beat Panama 3–0.") == []
