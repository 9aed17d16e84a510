"""Sign-offs: initials closing a paragraph must belong to a byline."""

import pytest

from articles.review.checks import run_checks
from tests import factories

# --- sign-off -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_sign_off_of_none_of_the_bylines_is_found():
    article = factories.ArticleFactory(
        authors=[factories.AuthorFactory(sign_off="fmu"), factories.AuthorFactory(sign_off="dpa")],
        body="The council met.\n\nThe budget passed. (fmu/abc)\n\nOne more paragraph. (xyz)",
    )
    found = [finding for finding in run_checks(article) if finding.code == "sign-off"]
    assert [finding.text for finding in found] == ["(fmu/abc)", "(xyz)"]
    assert "abc" in found[0].message and "fmu" not in found[0].message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "The budget passed. (fmu)",
        "The budget passed. (FMU)",  # capitals: an acronym, not a sign-off
        "The budget passed.\n\n(fmu/dpa)",
        "The Army Tactical Missile System (atacms) is old.",  # not at the end
        "The minister said it was “their” plan (sic)",
        "Tactical Missile System (ATACMS)",
        "\u201cWe will win.\u201d (laughs)",  # a stage direction, not initials
        "See the full report.\n\n(video)",
        "The budget passed.(xyz)",  # glued to the sentence
        "The budget passed, he said (xyz)",  # inside a sentence
    ],
)
def test_sign_off_near_misses(body):
    article = factories.ArticleFactory(
        authors=[factories.AuthorFactory(sign_off="fmu"), factories.AuthorFactory(sign_off="dpa")], body=body
    )
    assert [finding for finding in run_checks(article) if finding.code == "sign-off"] == []
