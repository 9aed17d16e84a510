"""The overview pages ask the database a fixed number of questions, however many articles there are.

Each test measures a page with 5 pieces, adds 195 more (in every state, with bylines, images and
workflow events), measures again and asserts the count did not grow.
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, State, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db

# The first five fill every dashboard panel: a returned draft, a plain draft, one in review, one
# scheduled, one published (an empty panel skips its prefetch, which would flatter the small count).
STATES = ["returned", State.DRAFT, State.IN_REVIEW, State.SCHEDULED, State.PUBLISHED, State.UNPUBLISHED]


def add_articles(count: int, writer, editor) -> None:
    """Pieces spread over every state and this week's days, with bylines, placements and events."""
    sections = [factories.SectionFactory() for _ in range(3)]
    now = timezone.now()
    states = itertools.cycle(STATES)
    for n in range(count):
        state = next(states)
        authors = [writer.author, factories.AuthorFactory()] if n % 2 else [factories.AuthorFactory()]
        article = factories.ArticleFactory(created_by=writer, section=sections[n % 3], authors=authors)
        fields = {"status": State.DRAFT if state == "returned" else state}
        if state == State.SCHEDULED:
            fields["publish_at"] = now + datetime.timedelta(hours=1 + n % 48)
        if state in (State.PUBLISHED, State.UNPUBLISHED):
            fields["published_at"] = now - datetime.timedelta(hours=1 + n % 48)
        Article.objects.filter(pk=article.pk).update(**fields)
        if state == "returned":
            WorkflowEvent.objects.create(
                article=article,
                transition="request_changes",
                from_state="in_review",
                to_state="draft",
                actor=editor,
                comment=f"Please fix paragraph {n}.",
            )
        factories.PlacementFactory(article=article, image=factories.ImageFactory(is_archive=bool(n % 3)))


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


PAGES = [
    ("desk:dashboard", {}),
    ("desk:article-list", {}),
    ("desk:article-list", {"status": "draft", "sort": "headline", "q": "harbour"}),
    ("desk:calendar", {}),
    ("desk:calendar", {"view": "day"}),
    ("desk:image-list", {}),
    ("desk:image-list", {"flag": "archive"}),
]


@pytest.mark.parametrize("role", ["writer", "editor"])
@pytest.mark.parametrize(("name", "params"), PAGES)
def test_overview_queries_do_not_grow_with_the_number_of_articles(name, params, role, writer, editor):
    user = writer if role == "writer" else editor
    client = Client()
    client.force_login(user)
    url = reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")

    add_articles(5, writer, editor)
    client.get(url)  # warm-up: session and permission caches
    few = queries_for(client, url)

    add_articles(195, writer, editor)
    many = queries_for(client, url)

    assert many <= few, f"{name} {params} as {role}: {few} queries with 5 pieces, {many} with 200"


def test_the_pages_really_show_the_many_pieces(writer, editor):
    """Guard for the test above: the counted pages did list the 200 pieces, not an empty page."""
    add_articles(200, writer, editor)
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("desk:article-list")).context["page"].paginator.count == 200
    assert len(client.get(reverse("desk:image-list")).context["page"]) == 24
    dash = client.get(reverse("desk:dashboard")).context["dash"]
    assert len(dash.review_queue) == 8
    assert sum(dash.counts.values()) == 200
    client.force_login(writer)
    dash = client.get(reverse("desk:dashboard")).context["dash"]
    assert len(dash.returned) == 8 and len(dash.drafts) == 8


@pytest.mark.postgres
def test_postgres_search_is_answered_from_the_full_text_index(editor):
    """The search must be answered from the search documents' GIN index (migration 0016), or every search
    re-parses every article (13 s at 10,000 pieces)."""
    if connection.vendor != "postgresql":
        pytest.skip("the full-text index exists on PostgreSQL only")
    from articles.desk.selectors import search_articles

    factories.ArticleFactory.create_batch(3)
    sql, params = search_articles(Article.objects.all(), "harbour budget").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_searchdocument_vector" in plan, plan
