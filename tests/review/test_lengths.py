"""Headline and teaser lengths follow the settings."""

from tests.review.checking import text_findings, texts

# --- lengths ------------------------------------------------------------------------------------


def test_headline_and_teaser_lengths_follow_the_settings(settings):
    settings.NEWSROOM_HEADLINE_MAX = 20
    settings.NEWSROOM_TEASER_MIN = 10
    settings.NEWSROOM_TEASER_MAX = 30
    long_headline = "Council agrees on the harbour budget"
    found = text_findings("headline-length", headline=long_headline)
    assert [(finding.start, finding.end, finding.text) for finding in found] == [(20, 36, long_headline[20:])]
    assert texts("headline-length", headline="Council agrees") == []
    assert texts("headline-length", headline="") == []  # "required" reports it
    assert [f.field for f in text_findings("teaser-length", teaser="Too short")] == ["teaser"]
    assert texts("teaser-length", teaser="Just long enough.") == []
    assert texts("teaser-length", teaser="x" * 31) == ["x"]
    assert texts("teaser-length", teaser="") == []
