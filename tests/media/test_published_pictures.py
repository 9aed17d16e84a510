"""Published versions link to the pictures they show; "which live pieces show this picture" asks the link."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.media.focal import live_versions_showing
from articles.models import PublishedPicture, PublishedVersion
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import go_live

pytestmark = pytest.mark.django_db


def piece_with(*images, author=None):
    article = factories.ArticleFactory(authors=[author or factories.AuthorFactory()])
    for number, image in enumerate(images):
        factories.PlacementFactory(
            article=article, image=image, role="lead" if number == 0 else "inline", position=number
        )
    return article


def links(version: PublishedVersion) -> list[tuple[int, str, int]]:
    return list(version.pictures.order_by("position").values_list("image_id", "role", "position"))


def test_publishing_links_the_version_to_its_pictures(editor):
    lead, inline = image_with_file(), image_with_file()
    article = piece_with(lead, inline)
    workflow.submit(article, by=editor)
    workflow.publish(article, by=editor)
    live = PublishedVersion.objects.get(article=article, is_live=True)
    assert links(live) == [(lead.pk, "lead", 0), (inline.pk, "inline", 1)]


def test_scheduled_publishing_in_a_batch_links_the_pictures_too(editor):
    image = image_with_file()
    articles = [piece_with(image) for _ in range(3)]
    when = timezone.now() + datetime.timedelta(minutes=1)
    for article in articles:
        workflow.submit(article, by=editor)
        workflow.schedule(article, by=editor, publish_at=when)
    with time_machine.travel(when + datetime.timedelta(seconds=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
    assert sorted(version.article_id for version in live_versions_showing({image.pk})) == sorted(
        article.pk for article in articles
    )


def test_a_retired_version_is_not_counted_among_the_live_ones():
    image = factories.ImageFactory()
    article = piece_with(image)
    first = go_live(article)
    article.placements.all().delete()
    go_live(article)
    assert live_versions_showing({image.pk}) == []
    assert links(first) == [(image.pk, "lead", 0)]  # the old version keeps its record


def test_live_pieces_showing_a_picture_cost_the_same_queries_for_one_version_as_for_many():
    def queries_for(count: int) -> tuple[int, int]:
        image = factories.ImageFactory()
        for _ in range(count):
            go_live(piece_with(image, factories.ImageFactory()))
        with CaptureQueriesContext(connection) as queries:
            shown = live_versions_showing({image.pk})
            sections = [version.section.slug for version in shown]
        assert len(sections) == count
        return len(queries)

    assert queries_for(1) == queries_for(15) == 1


def test_the_migration_links_versions_published_before_the_table_existed():
    lead, inline = factories.ImageFactory(), factories.ImageFactory()
    version = go_live(piece_with(lead, inline))
    PublishedPicture.objects.all().delete()
    PublishedVersion.objects.filter(pk=version.pk).update(
        placements=[*version.placements, {"image_id": 999_999, "role": "inline", "position": 9}]
    )
    migration = importlib.import_module("articles.migrations.0018_published_pictures")

    class Editor:
        connection = connection

    migration.link_existing_versions(apps, Editor())
    assert links(version) == [(lead.pk, "lead", 0), (inline.pk, "inline", 1)]  # the unknown picture is left out
