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


def test_newest_mails_first_and_states_named_in_words(client, superuser):
    for n in range(3):
        OutboxMessage.objects.create(
            message_id=f"<{n}@x>",
            kind="published",
            recipient=f"r{n}@newsroom.test",
            subject=f"s{n}",
            body="b",
            language="en",
        )
    OutboxMessage.objects.filter(recipient="r1@newsroom.test").update(attempts=20, last_error="refused")
    client.force_login(superuser)
    url = reverse("admin:articles_outboxmessage_changelist")
    page = client.get(url)
    text = page.content.decode()
    assert text.index("r2@newsroom.test") < text.index("r1@newsroom.test") < text.index("r0@newsroom.test")
    for words in ("Sent", "Waiting", "Failed at least once, still retried", "Given up", "Submitted for review"):
        assert words in text
    given_up = client.get(url, {"sent": "given_up"}).content.decode()
    assert "r1@newsroom.test" in given_up and "r0@newsroom.test" not in given_up


def test_publishing_runs_are_listed_read_only(client, superuser):
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_schedulerrun_changelist"))
    assert page.status_code == 200 and "1 publishing run" in page.content.decode()
