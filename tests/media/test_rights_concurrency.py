"""Two publish_scheduled runs removing the same expired picture at once (PostgreSQL): one new version."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from articles.models import PublishedVersion, WorkflowEvent
from articles.workflow import rights
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import go_live

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_runs_at_once_replace_each_live_version_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL; the PostgreSQL pass runs this")
    image = image_with_file(rights_expire_on=timezone.localdate() - datetime.timedelta(days=1))
    articles = []
    for _ in range(3):
        article = factories.ArticleFactory()
        factories.PlacementFactory(article=article, image=image, role="lead")
        go_live(article)
        articles.append(article)
    barrier = threading.Barrier(2)
    done: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            done.append(len(rights.remove_expired_pictures()))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(done) == 3  # each version replaced by exactly one of the two runs
    for article in articles:
        assert PublishedVersion.objects.filter(article=article).count() == 2
        assert PublishedVersion.objects.get(article=article, is_live=True).placements == []
    assert WorkflowEvent.objects.filter(transition=rights.EVENT).count() == 3
