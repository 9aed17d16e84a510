"""The bell: notices of what concerns me, read and unread; mails per kind at once, as a daily digest, or none."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, DeskProfile, Notice
from articles.review import comments
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Harbour wall gives way")


def test_a_submission_rings_the_editors_bell_until_read(
    client, writer, editor, piece, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(piece, by=writer)
    (notice,) = Notice.objects.filter(recipient=editor)
    assert notice.kind == "submitted" and notice.actor == writer and notice.headline == "Harbour wall gives way"
    assert not Notice.objects.filter(recipient=writer).exists()  # nobody is told of their own action
    client.force_login(editor)

    dashboard = client.get(reverse("desk:dashboard")).content.decode()
    assert "Notifications" in dashboard and '1<span class="visually-hidden"> unread</span>' in dashboard
    page = client.get(reverse("desk:notices")).content.decode()
    assert "Review requested" in page and reverse("desk:article-review", kwargs={"pk": piece.pk}) in page
    client.post(reverse("desk:notices"), {"notice": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'visually-hidden"> unread' not in client.get(reverse("desk:dashboard")).content.decode()


def test_changes_requested_and_a_mention_reach_the_writer_with_what_was_said(writer, editor, piece):
    workflow.submit(piece, by=writer)
    workflow.request_changes(Article.objects.get(pk=piece.pk), by=editor, comment="Shorten the second paragraph.")
    comments.add_comment(piece, by=editor, body=f"@{writer.username} check this", anchor=("harbour wall", "", ""))
    kinds = {notice.kind: notice for notice in Notice.objects.filter(recipient=writer)}
    assert kinds["changes_requested"].comment == "Shorten the second paragraph."
    assert kinds["mentioned"].words == "harbour wall" and "check this" in kinds["mentioned"].comment


def test_a_scheduled_publication_tells_the_writer_in_the_bell(writer, editor, piece):
    workflow.submit(piece, by=writer)
    workflow.schedule(
        Article.objects.get(pk=piece.pk), by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    Article.objects.filter(pk=piece.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    assert Notice.objects.filter(recipient=writer, kind="published", actor=None).count() == 1


def test_mail_per_kind_at_once_as_a_digest_or_not_at_all(
    client, writer, editor, piece, django_capture_on_commit_callbacks
):
    client.force_login(writer)
    response = client.post(
        reverse("desk:profile"),
        {
            "language": "",
            "mail_mentioned": "digest",
            "mail_changes_requested": "digest",
            "mail_submitted": "now",
            "mail_scheduled": "off",
            "mail_published": "off",
        },
    )
    assert response.status_code == 302
    assert DeskProfile.objects.get(user=writer).mail_for("scheduled") == "off"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(piece, by=writer)
        workflow.request_changes(Article.objects.get(pk=piece.pk), by=editor, comment="Shorter, please.")
        comments.add_comment(piece, by=editor, body=f"@{writer.username} and the quote?")
    assert [message.to for message in mail.outbox] == [[editor.email]]  # the submission, to the editor only
    assert Notice.objects.filter(recipient=writer).count() == 2  # the bell shows both anyway

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", verbosity=0)
    (digest,) = mail.outbox
    assert digest.to == [writer.email] and "2 notices" in digest.subject
    assert "Shorter, please." in digest.body and "and the quote?" in digest.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", verbosity=0)
    assert mail.outbox == []  # each notice in one digest only
