"""Web debris: lines a copied web page leaves behind, and ordinary sentences that look alike."""

import pytest

from tests.review.checking import text_findings, texts

# --- web debris ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Press Split",
        "Share",
        "Share on Facebook",
        "Facebook Twitter WhatsApp",
        "Facebook | X | E-mail",
        "Read more",
        "Read more: Ukraine war in live blog",
        "Also read: The front line",
        "ADVERTISEMENT",
        "Advertisement.",
        "Continue after the ad",
        "Scroll to continue with content",
        "Listen to article",
        "12 comments",
        "## Read more",
    ],
)
def test_web_debris_lines_are_found(line):
    body = f"The council met.\n\n{line}\n\nThe budget passed."
    found = text_findings("web-debris", body=body)
    assert [finding.text for finding in found] == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the budget in the council\u2019s minutes.",
        "Advertisement revenue fell by 3.5 percent.",
        "Share prices fell on Monday.",
        "Printing the ballots took a week.",
        "The ad campaign ran for a month.",
    ],
)
def test_web_debris_near_misses(line):
    assert texts("web-debris", body=f"The council met.\n\n{line}") == []
