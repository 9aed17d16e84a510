"""A change to a library picture is a pending change of the pieces placing it, published with their next approval."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, PublishedVersion, Revision
from articles.workflow import history, revisions
from articles.workflow import pictures as picture_rules
from articles.workflow.snapshots import snapshot_queryset
from tests import factories
from tests.support.pictures import image_with_file

pytestmark = pytest.mark.django_db


def reload(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


def placed(image, **fields) -> Article:
    article = factories.ArticleFactory(**fields)
    factories.PlacementFactory(article=article, image=image, role="lead", caption="")
    return article


def details(image, prefix="", **changes) -> dict:
    fields = ("caption", "alt_text", "creator", "organisation", "agencies", "copyright_notice", "usage_terms", "source")
    data = {**{name: getattr(image, name) for name in fields}, **changes}
    return {f"{prefix}{name}": value for name, value in data.items()}


def test_a_library_credit_change_goes_live_with_the_next_approval_not_before(client, editor):
    image = image_with_file(creator="Jana Beispeil", agencies="dpa")
    article = placed(image)
    workflow.publish(workflow.submit(article, by=editor), by=editor)
    live_number = reload(article).version

    client.force_login(editor)
    response = client.post(
        reverse("desk:editor-picture-details", args=[image.pk]),
        {**details(image, prefix=f"picture-{image.pk}-", creator="Jana Beispiel"), "article": article.pk},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["version"] == {"before": live_number, "now": live_number + 1}

    article = reload(article)
    assert article.version == live_number + 1
    revision = Revision.objects.get(article=article, number=article.version)
    assert revision.created_by == editor and revision.note_key == "picture_changed"
    assert f"#{image.pk}" in revision.note_text
    assert revision.placements[0]["creator"] == "Jana Beispiel"
    # Pending: the desk says so and the review diff shows the credit; readers still get the approved one.
    assert revisions.publication_state(article)[0] == "state-live-pending"
    comparison = history.compare_with_live(snapshot_queryset().get(pk=article.pk))
    assert any("Beispiel" in "".join(text for kind, text in d.chunks if kind == "insert") for d in comparison.diffs)
    assert PublishedVersion.objects.get(article=article, is_live=True).placements[0]["creator"] == "Jana Beispeil"

    # The next approved publication publishes it, with nothing typed by anyone in between.
    workflow.correct(article, by=editor, correction_note="Photographer's name", revision=article.version)
    live = PublishedVersion.objects.get(article=article, is_live=True)
    assert live.placements[0]["creator"] == "Jana Beispiel"
    assert live.placements[0]["credit_line"] == "© Jana Beispiel/dpa"


def test_a_draft_in_review_gets_the_change_in_its_next_revision_and_publishes_it(editor):
    image = image_with_file(copyright_notice="© Old")
    article = placed(image)
    workflow.submit(article, by=editor)  # freezes revision 1 with the old notice
    image.copyright_notice = "© New"
    image.save()

    (revision,) = picture_rules.follow_library(image, by=editor)
    assert revision.article_id == article.pk and revision.placements[0]["copyright_notice"] == "© New"
    workflow.publish(reload(article), by=editor)
    assert PublishedVersion.objects.get(article=article, is_live=True).placements[0]["copyright_notice"] == "© New"


def test_a_scheduled_piece_keeps_what_was_approved(editor):
    image = image_with_file(usage_terms="Editorial use only.")
    article = placed(image)
    workflow.submit(article, by=editor)
    workflow.schedule(reload(article), by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    image.usage_terms = "Any use."
    image.save()
    picture_rules.follow_library(image, by=editor)

    article = reload(article)
    assert revisions.scheduled_behind(article)  # "newer edits not scheduled": the desk says so
    # Time passes: the piece is due.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    workflow.publish_due(reload(article))
    assert PublishedVersion.objects.get(article=article, is_live=True).placements[0]["usage_terms"] == (
        "Editorial use only."
    )


def test_nothing_is_recorded_when_the_printed_details_did_not_change(editor):
    image = image_with_file(creator="Jana")
    article = placed(image)
    workflow.submit(article, by=editor)
    image.focal_x, image.focal_y = 0.2, 0.3  # the crop is frozen at publication, not in a revision
    image.save()

    assert picture_rules.follow_library(image, by=editor) == []
    assert reload(article).version == 1
    # A piece never frozen yet reads the library when it first is: nothing to record either.
    assert picture_rules.follow_library(image_with_file(), by=editor) == []


def test_the_desk_picture_page_records_it_too(client, editor):
    image = image_with_file(creator="A")
    article = placed(image)
    workflow.submit(article, by=editor)
    client.force_login(editor)
    client.post(reverse("desk:image-detail", args=[image.pk]), details(image, creator="B"))
    assert Revision.objects.get(article=article, number=reload(article).version).placements[0]["creator"] == "B"
