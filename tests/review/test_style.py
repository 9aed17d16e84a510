"""House style: the editors' spellings, and one name spelled two ways."""

import pytest

from tests.review.checking import text_findings, texts

# --- house style ------------------------------------------------------------------------------


def test_style_spelling_finds_whole_words_in_every_text_of_the_piece():
    found = text_findings(
        "style-spelling",
        headline="KIEV talks",
        dateline="Washington, DC/Kiev",
        body="Kiev\u2019s mayor met the Kiev-based team. Odessa too.",
    )
    assert [(finding.field, finding.text) for finding in found] == [("headline", "KIEV"), ("body", "Odessa")]
    kiev = found[0]
    assert "Kyiv" in kiev.message and "4 times" in kiev.message
    assert [(span.field, span.start) for span in kiev.more] == [("dateline", 15), ("body", 0), ("body", 21)]


@pytest.mark.parametrize(
    "body",
    [
        "The Kievan Rus was a medieval state.",  # another word that starts the same
        "We took the train from Kyiv to Kharkiv and on to Odesa.",  # right spellings
        "The kievskaya metro station.",  # part of a longer word
        "The slogan KievKyiv was painted.",
    ],
)
def test_style_spelling_near_misses(body):
    assert texts("style-spelling", body=body) == []
    assert texts("style-inconsistent", body=body) == []


def test_style_rules_come_from_the_editors_list():
    assert texts("style-spelling", body="He flew to Kiev.", rules=[]) == []
    assert texts("style-spelling", body="He flew to Saigon.", rules=[("Saigon", "Ho Chi Minh City")]) == ["Saigon"]


def test_a_rule_that_only_changes_capitals():
    rules = [("Nato", "NATO")]
    assert texts("style-spelling", body="Nato and NATO.", rules=rules) == ["Nato"]
    assert texts("style-spelling", headline="NATO MEETS", body="NATO met.", rules=rules) == []


def test_two_spellings_of_one_name_point_at_the_second_one():
    found = text_findings("style-inconsistent", dateline="Washington/Kiev", body="Talks in Kyiv. Later in Kiev.")
    assert [(finding.field, finding.text) for finding in found] == [("body", "Kyiv")]
    assert "Kiev" in found[0].message and "Kyiv" in found[0].message
    assert {(span.field, span.start) for span in found[0].more} == {("dateline", 11), ("body", 24)}


def test_a_name_no_rule_knows_spelled_with_and_without_a_doubled_letter():
    body = "Talks with President Zelensky began. Later, aides of President Zelenskyy said no."
    found = text_findings("style-inconsistent", body=body)
    assert [finding.text for finding in found] == ["Zelenskyy"]
    assert "Zelensky" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        "Later the council met. Latter proposals failed.",  # ordinary words opening sentences
        "The mayor met Anna and Anna met the mayor.",
        "He flew from Odessa to Odesa.",  # a rule covers it: reported once, by the rule
    ],
)
def test_two_spellings_near_misses(body):
    found = text_findings("style-inconsistent", body=body)
    assert len(found) <= (1 if "Odesa" in body else 0)


def test_a_right_spelling_alone_is_consistent():
    assert texts("style-inconsistent", body="Talks in Kyiv. Later in Kyiv.") == []
