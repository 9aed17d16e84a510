"""@mentions that cannot be delivered are reported to the commenter instead of silently dropped."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from articles.models import ReviewComment
from articles.review import comments
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer)


def test_the_commenter_is_told_who_was_not_notified_and_why(
    client, django_capture_on_commit_callbacks, piece, writer, other_writer, editor
):
    client.force_login(editor)
    body = f"@{writer.username} @{other_writer.username} @nobody-here please check the quote"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("desk:article-comment", kwargs={"pk": piece.pk}), {"body": body}, follow=True)
    html = response.content.decode()
    assert "Comment added." in html
    expected = f"Not notified: @{other_writer.username} (may not open this piece), @nobody-here (no such colleague)."
    assert escape(expected) in html
    assert f"@{writer.username} (" not in html  # the writer was notified: not reported
    assert ReviewComment.objects.get().body == body  # the comment itself is kept
    assert [message.to for message in mail.outbox] == [[writer.email]]


def test_a_fully_delivered_comment_reports_nothing(client, piece, writer, editor):
    client.force_login(editor)
    response = client.post(
        reverse("desk:article-comment", kwargs={"pk": piece.pk}), {"body": f"@{writer.username} thanks"}, follow=True
    )
    assert "Not notified" not in response.content.decode()


def test_unreachable_mentions_names_every_reason(piece, writer, editor):
    silent = factories.EditorFactory(email="")
    gone = factories.EditorFactory(is_active=False)
    body = f"@{silent.username} @{gone.username} @{editor.username} @{writer.username.upper()}"
    assert comments.unreachable_mentions(piece, body, by=editor) == [
        (silent.username, "has no e-mail address"),
        (gone.username, "no such colleague"),
    ]  # mentioning yourself is not reported; usernames match case-insensitively


def test_a_writer_cannot_tell_a_missing_account_from_one_without_access(piece, writer, other_writer):
    body = f"@{other_writer.username} @nobody-here"
    same = "no colleague by that name can open this piece"
    assert comments.unreachable_mentions(piece, body, by=writer) == [
        (other_writer.username, same),
        ("nobody-here", same),
    ]
