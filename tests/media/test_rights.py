"""Rights after publication: publish_scheduled takes expired pictures off live pieces; the dashboard warns."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.models import Author, PublishedVersion, WorkflowEvent
from articles.workflow import rights
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    clear_site_caches()


def live_piece_with(*images, writer=None):
    author = Author.objects.get(user=writer) if writer else factories.AuthorFactory()
    article = factories.ArticleFactory(authors=[author])
    for number, image in enumerate(images):
        role = "lead" if number == 0 else "inline"
        factories.PlacementFactory(article=article, image=image, role=role, position=number)
    return article, go_live(article)


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_expired_picture_comes_off_the_live_piece_with_event_and_mail(
    client, editor, writer, django_capture_on_commit_callbacks
):
    expired = image_with_file(rights_expire_on=yesterday(), caption="Harbour at dawn")
    kept = image_with_file(rights_expire_on=timezone.localdate() + datetime.timedelta(days=90))
    article, old = live_piece_with(expired, kept, writer=writer)
    assert f"/renditions/{expired.pk}/" in client.get(old.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=StringIO())

    live = PublishedVersion.objects.get(article=article, is_live=True)
    assert live.pk != old.pk
    assert [p["image_id"] for p in live.placements] == [kept.pk]
    assert (live.headline, live.body_html, live.first_published_at) == (
        old.headline,
        old.body_html,
        old.first_published_at,
    )
    old.refresh_from_db()
    assert not old.is_live and any(p["image_id"] == expired.pk for p in old.placements)
    event = WorkflowEvent.objects.get(article=article, transition=rights.EVENT)
    assert event.actor is None and "Picture removed: rights expired" in event.comment
    assert {address for message in mail.outbox for address in message.to} == {editor.email, writer.email}
    assert "Harbour at dawn" in mail.outbox[0].body
    page = client.get(live.get_absolute_url()).content.decode()  # the kept page made way (the generation)
    assert f"/renditions/{expired.pk}/" not in page and f"/renditions/{kept.pk}/" in page
    # The working copy keeps the placement: editors decide what replaces it.
    assert article.placements.filter(image=expired).exists()


def test_a_second_run_changes_nothing(editor, django_capture_on_commit_callbacks):
    expired = image_with_file(rights_expire_on=yesterday())
    article, _old = live_piece_with(expired)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=StringIO())
    versions, events, mails = PublishedVersion.objects.count(), WorkflowEvent.objects.count(), len(mail.outbox)
    assert mails == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=StringIO())
    assert (PublishedVersion.objects.count(), WorkflowEvent.objects.count(), len(mail.outbox)) == (
        versions,
        events,
        mails,
    )
    assert PublishedVersion.objects.get(article=article, is_live=True).placements == []


def test_dry_run_lists_and_changes_nothing(editor):
    expired = image_with_file(rights_expire_on=yesterday())
    article, old = live_piece_with(expired)
    out = StringIO()
    call_command("publish_scheduled", "--dry-run", stdout=out)
    assert f"would remove picture(s) #{expired.pk}" in out.getvalue()
    assert PublishedVersion.objects.get(article=article, is_live=True).pk == old.pk
    assert not mail.outbox


def test_pictures_still_within_their_rights_and_pieces_without_them_are_untouched():
    valid = image_with_file(rights_expire_on=timezone.localdate())  # the last day is still allowed
    other = image_with_file(rights_expire_on=yesterday())
    _article, version = live_piece_with(valid)
    factories.PlacementFactory(image=other)  # only in a working copy, never live
    assert rights.remove_expired_pictures() == []
    assert PublishedVersion.objects.get(pk=version.pk).is_live


def test_dashboard_lists_pictures_expiring_within_a_week_with_their_live_pieces(client, editor):
    soon = image_with_file(rights_expire_on=timezone.localdate() + datetime.timedelta(days=3), caption="Soon gone")
    later = image_with_file(rights_expire_on=timezone.localdate() + datetime.timedelta(days=30), caption="Later")
    _article, version = live_piece_with(soon)
    live_piece_with(later)
    client.force_login(editor)
    page = client.get("/desk/").content.decode()
    assert "Picture rights expiring within 7 days" in page
    assert f'data-rights-watch="{soon.pk}"' in page and version.headline in page
    assert f'data-rights-watch="{later.pk}"' not in page
