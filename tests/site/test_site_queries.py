"""The public pages run the same number of queries for a handful of pieces as for many."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import models
from articles.media import renditions
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    clear_site_caches()


PATHS = [
    "/",
    "/politics/",
    "/authors/fabian/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/politics/rss/",
    "/sitemap.xml",
    "/politics/piece-0/",
]


def publish_pieces(count: int, start: int = 0) -> None:
    politics = factories.SectionFactory(name="Politics", slug="politics")
    fabian = models.Author.objects.filter(slug="fabian").first() or factories.AuthorFactory(
        name="Fabian", slug="fabian", sign_off="fab"
    )
    image = image_with_file()
    renditions.ensure(image)  # made on first use; these tests count the queries of every later use
    for number in range(start, start + count):
        other = factories.AuthorFactory()
        article = factories.ArticleFactory(section=politics, slug=f"piece-{number}", authors=[fabian, other])
        factories.PlacementFactory(article=article, image=image, role="lead")
        factories.PlacementFactory(article=article, image=image, role="inline", position=1)
        go_live(article)


def queries_per_page(client) -> dict[str, int]:
    counts = {}
    for path in PATHS:
        clear_site_caches()  # measure the full render, not the kept page
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_number_of_pieces(client):
    publish_pieces(5)
    few = queries_per_page(client)
    publish_pieces(50, start=5)
    many = queries_per_page(client)
    assert many == few


def test_later_pages_cost_what_the_first_costs(client):
    publish_pieces(45)
    counts = []
    for page in (1, 2, 3):
        clear_site_caches()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/?page={page}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def test_a_cached_article_page_costs_no_query(client, django_assert_num_queries):
    """Steady state of the hot path: within the generation's second, two cache reads and no SQL."""
    publish_pieces(3)
    with time_machine.travel(timezone.now(), tick=False):
        first = client.get("/politics/piece-0/")
        with django_assert_num_queries(0):
            again = client.get("/politics/piece-0/")
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
