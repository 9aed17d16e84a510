"""The crop is frozen at publication (PublishedPicture.source_key, focal point; migration 0020)."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from articles.media import rendition_sets, renditions
from articles.media.focal import set_focal_point
from articles.models import PublishedPicture, PublishedVersion
from articles.workflow import rights
from tests import factories
from tests.support.pictures import image_with_photo
from tests.support.site import go_live

pytestmark = pytest.mark.django_db


def test_publication_freezes_the_focal_point_and_a_library_change_waits_for_the_next_one():
    image = image_with_photo(1200, 800)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    first = go_live(article)
    link = PublishedPicture.objects.get(version=first)
    assert (link.source_key, link.focal_x, link.focal_y) == (renditions.source_key(image), 0.5, 0.5)

    set_focal_point(image, x=0.9, y=0.1, by=None)
    found = rendition_sets.for_versions([PublishedVersion.objects.get(pk=first.pk)])[image.pk]
    assert found.key == link.source_key  # readers still get the approved crop

    second = go_live(article)
    again = PublishedPicture.objects.get(version=second)
    assert (again.focal_x, again.focal_y) == (0.9, 0.1) and again.source_key == renditions.source_key(image)


def test_a_rights_removal_keeps_the_other_pictures_approved_crop():
    kept, expiring = image_with_photo(1200, 800), image_with_photo(1200, 800, name="other.jpg")
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=kept, role="lead", position=0)
    factories.PlacementFactory(article=article, image=expiring, role="inline", position=1)
    version = go_live(article)
    approved = PublishedPicture.objects.get(version=version, image=kept).source_key
    set_focal_point(kept, x=0.1, y=0.9, by=None)  # a library change, not approved
    expiring.rights_expire_on = timezone.localdate() - datetime.timedelta(days=1)
    expiring.save()

    rights.remove_expired_pictures()

    live = PublishedVersion.objects.get(article=article, is_live=True)
    assert live.pk != version.pk
    assert list(PublishedPicture.objects.filter(version=live).values_list("image_id", "source_key")) == [
        (kept.pk, approved)
    ]


def test_migration_0020_backfills_the_crops_of_existing_links():
    image = image_with_photo(800, 600)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    version = go_live(article)
    PublishedPicture.objects.filter(version=version).update(source_key="", focal_x=None, focal_y=None)
    migration = importlib.import_module("articles.migrations.0020_frozen_picture_crops")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.freeze_current_crops(apps, editor)

    link = PublishedPicture.objects.get(version=version)
    assert (link.source_key, link.focal_x, link.focal_y) == (renditions.source_key(image), 0.5, 0.5)
