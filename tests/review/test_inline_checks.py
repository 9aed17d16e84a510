"""Debris inside a paragraph and a capitalised word typed twice."""

import pytest

from tests.review.checking import text_findings, texts


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("The vote was close. Advertisement The count went on.", "Advertisement"),
        ("The vote was close (click here for more) and went on.", "(click here for more)"),
        ("The vote was close. Story continues below advertisement. The count went on.", None),
    ],
)
def test_inline_debris_is_found_and_removable(body, text):
    (finding,) = text_findings("inline-debris", body=body)
    assert finding.fix == ""
    if text:
        assert finding.text.strip() == text


@pytest.mark.parametrize(
    "body",
    [
        "The Advertisement Standards Authority ruled.",
        "Click here, he said, was the wrong button.",
        "Advertisement",  # a whole line: the web-debris check's
    ],
)
def test_ordinary_text_is_not_inline_debris(body):
    assert texts("inline-debris", body=body) == []


def test_a_capitalised_word_typed_twice():
    (finding,) = text_findings("repeated-name", body="Siemens Siemens said it would not comment.")
    assert (finding.text, finding.fix) == ("Siemens Siemens", "Siemens")
    assert texts("repeated-name", body="Duran Duran played in Walla Walla.") == []
    assert texts("repeated-name", body="Boutros Boutros-Ghali spoke.") == []
    assert texts("repeated-word", body="Siemens Siemens said it.") == []  # one finding, not two


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The talks ended in early June On Monday, the ministry said it would resume.", "June On"),
        ("He scored twice at Bayern The striker's contract runs out.", "Bayern The"),
        ("It was late on Monday The ministry said nothing.", "Monday The"),
        ("They met on 3 June The talks failed.", "June The"),
    ],
)
def test_run_together_after_a_date_a_weekday_or_a_name(body, expected):
    assert texts("run-together", body=body) == [expected]
