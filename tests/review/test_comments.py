"""Review comments: the thread on a piece, @username mentions and who gets mailed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import ReviewComment
from articles.review import comments
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("@anna please check", ["anna"]),
        ("Thanks, @anna.berg.", ["anna.berg"]),
        ("@anna and @ben, and @anna again", ["anna", "ben"]),
        ("mail anna@example.org instead", []),
        ("no mention here", []),
        ("(@ben)", ["ben"]),
    ],
)
def test_mentioned_usernames(body, expected):
    assert comments.mentioned_usernames(body) == expected


def test_mention_mails_the_colleague_after_commit(django_capture_on_commit_callbacks, piece, writer, editor):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        comment = comments.add_comment(piece, by=editor, body=f"@{writer.username} the second paragraph is long.")
    assert len(callbacks) == 1
    assert ReviewComment.objects.get() == comment
    assert [message.to for message in mail.outbox] == [[writer.email]]
    assert "the second paragraph is long" in mail.outbox[0].body
    assert reverse("desk:article-review", kwargs={"pk": piece.pk}) in mail.outbox[0].body


def test_no_mail_before_commit(django_capture_on_commit_callbacks, piece, writer, editor):
    with django_capture_on_commit_callbacks(execute=False):
        comments.add_comment(piece, by=editor, body=f"@{writer.username} see above")
    assert mail.outbox == []


def test_nobody_is_mailed_about_their_own_mention(django_capture_on_commit_callbacks, piece, editor):
    with django_capture_on_commit_callbacks(execute=True):
        comments.add_comment(piece, by=editor, body=f"Note to self @{editor.username}")
    assert mail.outbox == []


def test_users_who_cannot_see_the_piece_are_not_told(django_capture_on_commit_callbacks, piece, editor, other_writer):
    with django_capture_on_commit_callbacks(execute=True):
        comments.add_comment(piece, by=editor, body=f"@{other_writer.username} @nosuchuser have a look")
    assert mail.outbox == []


def test_each_mentioned_colleague_gets_their_own_mail(django_capture_on_commit_callbacks, piece, writer, editor):
    second_editor = factories.EditorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comments.add_comment(piece, by=editor, body=f"@{writer.username} @{second_editor.username.upper()} ok?")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([writer.email, second_editor.email])


def test_empty_comment_is_refused(piece, editor):
    with pytest.raises(ValueError):
        comments.add_comment(piece, by=editor, body="   ")
    assert not ReviewComment.objects.exists()


def test_a_writer_cannot_comment_on_anothers_piece(piece, other_writer):
    with pytest.raises(PermissionDenied):
        comments.add_comment(piece, by=other_writer, body="Drive-by")
    assert not ReviewComment.objects.exists()


# --- through the desk --------------------------------------------------------------------


def test_comment_form_posts_and_thread_shows_mentions(client, piece, writer, editor):
    client.force_login(editor)
    url = reverse("desk:article-comment", kwargs={"pk": piece.pk})
    response = client.post(url, {"body": f"@{writer.username} <b>cut</b> the intro"}, follow=True)
    html = response.content.decode()
    assert "Comment added." in html
    assert f'<span class="mention">@{writer.username}</span>' in html
    assert "&lt;b&gt;cut&lt;/b&gt;" in html  # escaped, not markup
    assert ReviewComment.objects.get().author == editor


def test_comment_is_post_only_and_scoped(client, piece, other_writer):
    client.force_login(other_writer)
    url = reverse("desk:article-comment", kwargs={"pk": piece.pk})
    assert client.get(url).status_code == 405
    assert client.post(url, {"body": "hello"}).status_code == 404
    assert not ReviewComment.objects.exists()


def test_blank_comment_gives_a_message(client, piece, editor):
    client.force_login(editor)
    response = client.post(reverse("desk:article-comment", kwargs={"pk": piece.pk}), {"body": ""}, follow=True)
    assert "The comment was not added" in response.content.decode()
    assert not ReviewComment.objects.exists()


# --- mails go through the outbox -------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mention_while_the_mail_server_refuses_is_stored_once_and_sent_by_the_next_run(
    client, settings, writer, editor
):
    import socket

    from django.core.management import call_command

    from articles.models import OutboxMessage

    with socket.socket() as probe:  # a port nothing listens on: the connection is refused for real
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer, body="The harbour wall is old.")
    client.force_login(editor)

    response = client.post(
        reverse("desk:article-comment", kwargs={"pk": piece.pk}),
        {"body": f"@{writer.username} is it that old?", "anchor_text": "harbour wall", "anchor_prefix": "The "},
    )

    assert response.status_code == 302  # no 500
    assert ReviewComment.objects.count() == 1
    (waiting,) = OutboxMessage.objects.pending()
    assert waiting.recipient == writer.email and "Connection" in waiting.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    call_command("publish_scheduled", verbosity=0)
    (sent,) = mail.outbox
    assert sent.to == [writer.email]
    assert "“harbour wall”" in sent.body and "is it that old?" in sent.body  # the anchored words are quoted
    assert not OutboxMessage.objects.pending().exists()
    assert ReviewComment.objects.count() == 1
