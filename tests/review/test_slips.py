"""Typing slips: repeated words and double spaces."""

import pytest

from tests.review.checking import text_findings, texts

# --- repeated words and double spaces ---------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The council met in the the town hall.", ["the the"]),
        ("The The council met.", []),  # a band name such as "The The": both capitalised
        ("The the council met.", ["The the"]),
        ("They voted and and left.", ["and and"]),
        ("He had had enough; she said that that was wrong.", []),
        ("They flew to Walla Walla and Bora Bora.", []),
        ("Boutros Boutros-Ghali spoke.", []),
        ("It rose from 3.5 3.5 percent.", []),  # numbers are not words
        ("the\n\nthe", []),  # not across paragraphs
        ("He said bye, bye.", []),
        ("This is the first FIRST Global competition.", []),  # a word and a name in capitals
    ],
)
def test_repeated_words(body, expected):
    assert texts("repeated-word", body=body) == expected


def test_double_spaces_are_found_once_per_field_with_every_place():
    found = text_findings("double-space", headline="Talks  fail", body="One.  Two.  Three. Four.")
    assert [(finding.field, finding.start, finding.end) for finding in found] == [("headline", 5, 7), ("body", 4, 6)]
    assert "2 times" in found[1].message
    assert [(span.start, span.end) for span in found[1].more] == [(10, 12)]


@pytest.mark.parametrize(
    "body", ["One. Two.", "  Indented first line.", "Line with a hard break  \nnext line.", "One.\n\nTwo."]
)
def test_double_space_near_misses(body):
    assert texts("double-space", body=body) == []
