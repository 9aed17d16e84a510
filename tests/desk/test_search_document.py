"""The desk's search vector (migration 0016): kept by a trigger, rewritten only when the text changes."""

from __future__ import annotations

import pytest
from django.db import connection

from articles import workflow
from articles.desk.selectors import search_articles
from articles.models import Article, State
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the search documents are kept on PostgreSQL only")


def vector_row(article: Article) -> tuple[str, str]:
    """The stored vector and where the row version lies (ctid: a new one for every rewrite, same transaction too)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector::text, ctid::text FROM articles_searchdocument WHERE article_id = %s", [article.pk]
        )
        return cursor.fetchone()


def found(text: str) -> list[int]:
    return list(search_articles(Article.objects.all(), text).values_list("pk", flat=True))


def test_a_new_piece_is_searchable_by_headline_teaser_and_body(writer):
    piece = factories.ArticleFactory(
        headline="Harbour wall", teaser="Council talks", body="The lighthouse keeper spoke.", authors=[writer.author]
    )
    other = factories.ArticleFactory(headline="Football", teaser="", body="A match.")
    assert found("harbour") == [piece.pk]
    assert found("council") == [piece.pk]
    assert found("lighthouse") == [piece.pk]
    assert found("match") == [other.pk]


def test_an_edit_of_the_text_is_found_at_once_and_the_old_words_are_gone(writer):
    piece = factories.ArticleFactory(headline="Harbour wall", body="Old words here.", authors=[writer.author])
    piece = workflow.save_article(piece, by=writer, base_version=piece.version, fields={"body": "Fresh tidings."})
    assert found("tidings") == [piece.pk]
    assert found("old words") == []


def test_a_change_of_state_or_version_leaves_the_search_document_untouched(writer):
    """The point of the table: publishing 2,000 pieces must not re-parse 2,000 bodies."""
    piece = factories.ArticleFactory(headline="Harbour wall", body="Words.", authors=[writer.author])
    before = vector_row(piece)
    Article.objects.filter(pk=piece.pk).update(status=State.IN_REVIEW, version=piece.version + 1)
    piece = Article.objects.get(pk=piece.pk)
    piece.save()  # a full save writing the same text: the trigger's condition keeps the row as it is
    assert vector_row(piece) == before
    Article.objects.filter(pk=piece.pk).update(headline="Lighthouse keeper")
    after = vector_row(piece)
    assert after[1] != before[1] and "lighthous" in after[0]


def test_deleting_a_piece_deletes_its_search_document(writer):
    piece = factories.ArticleFactory(headline="Harbour wall", authors=[writer.author])
    pk = piece.pk
    Article.objects.filter(pk=pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_searchdocument WHERE article_id = %s", [pk])
        assert cursor.fetchone()[0] == 0
