"""Readers never get a 404 for a piece that stays live, even while corrections replace its version.

A real server (pytest-django's live server, its own threads and database connections)
answers readers hammering one piece from several threads while 200 corrections go
live one after another. PostgreSQL only: there the reads and the corrections truly
overlap (SQLite would serialise them).
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.db import connection

from articles import workflow
from articles.models import Article, PublishedVersion
from tests import factories
from tests.support.site import clear_site_caches

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READERS = 6
CORRECTIONS = 200


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises the corrections and the reads")


def _read_until(stop: threading.Event, address: tuple[str, int], path: str, statuses: Counter) -> None:
    """GET the page over one kept-alive connection until told to stop, counting each status."""
    conn = http.client.HTTPConnection(*address, timeout=60)
    try:
        while not stop.is_set():
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            statuses[response.status] += 1
    finally:
        conn.close()


def test_no_reader_sees_a_404_while_two_hundred_corrections_go_live(live_server, writer, editor):
    clear_site_caches()
    article = workflow.publish(
        workflow.submit(factories.ArticleFactory(authors=[writer.author], created_by=writer), by=writer), by=editor
    )
    path = PublishedVersion.objects.get(article=article, is_live=True).get_absolute_url()
    parts = urlsplit(live_server.url)
    counts = [Counter() for _ in range(READERS)]  # one per thread: no shared counter to race on
    stop = threading.Event()
    readers = [
        threading.Thread(target=_read_until, args=(stop, (parts.hostname, parts.port), path, own)) for own in counts
    ]
    for reader in readers:
        reader.start()
    try:
        for number in range(CORRECTIONS):
            Article.objects.filter(pk=article.pk).update(teaser=f"Correction {number}: the council agreed at dawn.")
            article = workflow.correct(Article.objects.get(pk=article.pk), by=editor, correction_note=f"Fix {number}")
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
    assert PublishedVersion.objects.filter(article=article).count() == CORRECTIONS + 1
    statuses = sum(counts, Counter())
    assert statuses[200] > CORRECTIONS  # the readers really overlapped the corrections
    assert set(statuses) == {200}, statuses
