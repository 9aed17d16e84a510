"""The review page costs the same number of queries however much a piece has gathered."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.models import ReviewComment, State, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db


def build_piece(writer, editor, size: int):
    """A piece with `size` bylines, placements, comments, events and revisions, among `size` others."""
    factories.ArticleFactory.create_batch(size)
    authors = [writer.author, *factories.AuthorFactory.create_batch(size - 1)]
    article = factories.ArticleFactory(authors=authors, created_by=writer, body="Kiev and Kyiv. " * size)
    for position in range(size):
        factories.PlacementFactory(article=article, role="lead" if position == 0 else "inline", position=position)
    for number in range(size):
        ReviewComment.objects.create(
            article=article, author=editor if number % 2 else writer, body=f"@{writer} {number}"
        )
        WorkflowEvent.objects.create(
            article=article, transition="submit", from_state=State.DRAFT, to_state=State.IN_REVIEW, actor=writer
        )
        article = workflow.save_article(
            article, by=writer, base_version=article.version, fields={"teaser": f"Teaser take {number}"}
        )
    return article


def review_queries(client, article) -> int:
    url = reverse("desk:article-review", kwargs={"pk": article.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["editor", "writer"])
def test_review_page_queries_do_not_grow(client, writer, editor, who):
    user = editor if who == "editor" else writer
    client.force_login(user)
    few = build_piece(writer, editor, 2)
    many = build_piece(writer, editor, 20)
    # The many-piece page really shows its many rows.
    response = client.get(reverse("desk:article-review", kwargs={"pk": many.pk}))
    assert len(response.context["comments"]) == 20
    assert len(response.context["revisions"]) >= 20
    assert len(response.context["preview"].placements) == 20
    assert review_queries(client, many) == review_queries(client, few)


def test_editor_page_queries_do_not_grow_with_rows(client, writer, editor):
    client.force_login(editor)
    few = build_piece(writer, editor, 2)
    many = build_piece(writer, editor, 12)

    def count(article):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("desk:article-edit", kwargs={"pk": article.pk})).status_code == 200
        return len(queries)

    # Warm-up: the picture library's choices are built once, then kept until it changes; and the second
    # opening of a piece renews its edit lock instead of creating it, so both are compared on a second opening.
    count(few)
    count(many)
    assert count(many) == count(few)
