"""Required fields: a complete piece passes; what is missing blocks."""

import pytest

from articles.review.checks import blocking_findings, run_checks
from tests import factories
from tests.review.checking import factories_image_file

# --- required fields ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_complete_piece_has_no_findings():
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image__file=factories_image_file())
    assert run_checks(article) == []
    assert blocking_findings(article) == []


@pytest.mark.django_db
def test_required_fields_are_blocking():
    article = factories.ArticleFactory(headline="", teaser=" ", body="", section=None, authors=[])
    found = [(finding.code, finding.field, finding.severity) for finding in run_checks(article)]
    assert found == [
        ("required", "headline", "blocking"),
        ("required", "teaser", "blocking"),
        ("required", "body", "blocking"),
        ("required", "section", "blocking"),
        ("required", "bylines", "blocking"),
    ]
    assert len(blocking_findings(article)) == 5


@pytest.mark.django_db
def test_one_byline_and_a_section_satisfy_required():
    article = factories.ArticleFactory(authors=[factories.AuthorFactory()])
    assert [finding for finding in run_checks(article) if finding.code == "required"] == []
