"""The outbox in the admin: listed, filtered by sent/waiting, never edited by hand."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import OutboxMessage
from tests import factories

pytestmark = pytest.mark.django_db


def test_waiting_mails_are_listed_with_their_error_and_cannot_be_edited(client, superuser, writer, editor):
    piece = factories.ArticleFactory(authors=[writer.author])
    workflow.submit(piece, by=writer)  # no commit here: the mail waits in the outbox
    OutboxMessage.objects.update(attempts=1, last_error="ConnectionRefusedError: [Errno 111]")
    client.force_login(superuser)
    url = reverse("admin:articles_outboxmessage_changelist")
    waiting = client.get(url, {"sent": "no"})
    assert waiting.status_code == 200
    assert editor.email in waiting.text and "ConnectionRefusedError" in waiting.text
    assert editor.email not in client.get(url, {"sent": "yes"}).text
    assert client.get(reverse("admin:articles_outboxmessage_add")).status_code == 403
