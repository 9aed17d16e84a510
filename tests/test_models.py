import pytest
from django.db import IntegrityError

from articles.models import Image, State
from tests import factories

pytestmark = pytest.mark.django_db


def test_credit_line_reads_like_the_corpus():
    image = Image(creator="Sgt. 1st Class Andrew Dickson", organisation="US Army", agencies="AP/dpa")
    assert image.credit_line == "© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa"


def test_credit_line_empty_without_credit():
    assert Image().credit_line == ""


def test_new_article_is_a_draft_and_state_cannot_be_assigned():
    article = factories.ArticleFactory()
    assert article.status == State.DRAFT
    with pytest.raises(AttributeError):
        article.status = State.PUBLISHED


def test_sign_off_unique_ignoring_case():
    factories.AuthorFactory(sign_off="fmu")
    with pytest.raises(IntegrityError):
        factories.AuthorFactory(sign_off="FMU")
