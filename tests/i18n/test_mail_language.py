"""Mails come in the recipient's language: their desk profile's, else NEWSROOM_LANGUAGE."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from articles.models import DeskProfile
from articles.review.comments import add_comment
from articles.workflow import transitions
from tests import factories

pytestmark = pytest.mark.django_db


def test_submit_mails_each_editor_in_their_own_language(django_capture_on_commit_callbacks, writer, settings):
    settings.LANGUAGE_CODE = "en"
    german = factories.EditorFactory(email="petra@example.org")
    factories.EditorFactory(email="sam@example.org")
    DeskProfile.objects.create(user=german, language="de")
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        transitions.submit(article, by=writer)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["petra@example.org"].subject.startswith("Zur Prüfung gegeben:")
    assert "hat „" in by_address["petra@example.org"].body
    assert by_address["sam@example.org"].subject.startswith("Submitted for review:")


def test_without_a_profile_the_newsroom_language_is_used(django_capture_on_commit_callbacks, writer, settings):
    settings.LANGUAGE_CODE = "de"
    factories.EditorFactory(email="kim@example.org")
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.submit(article, by=writer)
    assert [message.subject.split(":")[0] for message in mail.outbox] == ["Zur Prüfung gegeben"]


def test_mention_mail_is_in_the_mentioned_users_language(django_capture_on_commit_callbacks, editor):
    mentioned = factories.WriterFactory(username="petra", email="petra@example.org")
    DeskProfile.objects.create(user=mentioned, language="de")
    article = factories.ArticleFactory(authors=[mentioned.author])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        add_comment(article, by=editor, body="@petra bitte die Ortsmarke prüfen")
    assert len(mail.outbox) == 1
    assert "hat Sie bei" in mail.outbox[0].subject
    assert "Zum Beitrag:" in mail.outbox[0].body
