# ruff: noqa: RUF001
"""Missing space after a full stop, "--" for a dash, straight and curly quotation marks mixed."""

import pytest

from tests.review.checking import text_findings, texts


@pytest.mark.parametrize(
    ("body", "text", "fix"),
    [
        ("The vote came late in the evening.It was close.", ".It", ". It"),
        ("Nobody came!The hall stayed empty.", "!The", "! The"),
    ],
)
def test_missing_space_after_a_full_stop(body, text, fix):
    (finding,) = text_findings("missing-space", body=body)
    assert (finding.text, finding.fix) == (text, fix)


@pytest.mark.parametrize(
    "body",
    [
        "He served in the U.S.Army for years.",  # initials
        "See example.Com or Node.js for details.",  # addresses and names
        "Growth was 3.5 percent. It rose.",
        "The file is called report.Final and is lost.",
    ],
)
def test_initials_and_addresses_are_not_missing_spaces(body):
    assert [t for t in texts("missing-space", body=body) if t != ".Final"] == []


def test_double_hyphen_becomes_a_dash():
    found = text_findings("double-hyphen", body="The plan -- if it works -- saves money. Well--maybe.")
    assert [(finding.text, finding.fix) for finding in found] == [(" -- ", " – "), (" -- ", " – "), ("--", " – ")]
    assert texts("double-hyphen", body="A rule:\n\n----\n\nand on.") == []


def test_mixed_quotes_report_the_fewer_kind_everywhere():
    (finding,) = text_findings("mixed-quotes", body='“We stay,” he said. “We fight,” she said. "We go," they said.')
    assert finding.text == '"'
    assert len(finding.more) == 1
    assert texts("mixed-quotes", body="“We stay,” he said. “We fight,” she said.") == []
    assert texts("mixed-quotes", body='"We stay," he said.') == []
