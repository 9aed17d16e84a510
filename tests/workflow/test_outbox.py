"""The outbox: mails stored with the transition, sent once after commit, retried until sent, never doubled."""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article, OutboxMessage, State
from articles.workflow import outbox
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer)


def closed_port() -> int:
    """A local port nobody listens on: a real mail server that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 5


def scheduled_due(piece, editor) -> datetime.datetime:
    """Schedule `piece` a minute ahead; returns a moment after it is due."""
    workflow.submit(piece, by=piece.created_by)
    when = timezone.now() + datetime.timedelta(minutes=1)
    workflow.schedule(piece, by=editor, publish_at=when)
    return when + datetime.timedelta(seconds=1)


def test_the_mail_is_stored_in_the_transitions_transaction(piece, writer, editor, mailoutbox):
    # No commit callbacks run here: the row exists before (and independently of) any sending.
    workflow.submit(piece, by=writer)
    message = OutboxMessage.objects.get()
    assert (message.kind, message.recipient, message.article_id) == ("submitted", editor.email, piece.pk)
    assert message.sent_at is None and message.attempts == 0
    assert message.message_id.startswith("<") and message.message_id.endswith(">")
    assert mailoutbox == []


def test_a_refused_transition_stores_no_mail(piece, writer, editor):
    workflow.submit(piece, by=writer)
    OutboxMessage.objects.all().delete()
    with pytest.raises(workflow.CommentRequired):
        workflow.request_changes(piece, by=editor, comment="")
    assert not OutboxMessage.objects.exists()


def test_after_commit_it_is_sent_once_with_its_message_id(piece, writer, editor, mailoutbox, run_on_commit):
    with run_on_commit():
        workflow.submit(piece, by=writer)
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None and message.attempts == 1
    assert [sent.extra_headers["Message-ID"] for sent in mailoutbox] == [message.message_id]
    assert mailoutbox[0].message()["Message-ID"] == message.message_id
    # Delivering it again, or retrying everything, sends nothing more.
    assert outbox.deliver([message.pk]).sent == 0
    assert outbox.deliver_pending().sent == 0
    assert len(mailoutbox) == 1


def test_a_mail_server_that_is_down_keeps_the_mail_for_the_next_run(
    piece, writer, editor, mailoutbox, run_on_commit, settings, mail_server_down
):
    with run_on_commit():
        workflow.submit(piece, by=writer)  # the transition itself succeeds
    assert piece.status == State.IN_REVIEW
    message = OutboxMessage.objects.get()
    assert message.sent_at is None and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert not message.claimed_by  # released: the next run may take it

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "mails: 1 sent, 0 not delivered" in out.getvalue()
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2
    assert [sent.to for sent in mailoutbox] == [[editor.email]]


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # real commits: mails are sent when each transaction commits
def test_undeliverable_mail_makes_the_run_fail_and_say_so(piece, editor, mail_server_down):
    due = scheduled_due(piece, editor)
    out, err = StringIO(), StringIO()
    with time_machine.travel(due, tick=False), pytest.raises(CommandError, match="not delivered"):
        call_command("publish_scheduled", stdout=out, stderr=err)
    assert Article.objects.get(pk=piece.pk).status == State.PUBLISHED  # the publication stands; the mail waits
    summary = err.getvalue()
    # This run's mail, and the two the transitions before could not send (submitted, scheduled), retried.
    assert "1 published" in summary and "0 sent, 3 not delivered" in summary
    assert "ConnectionRefusedError" in summary
    assert OutboxMessage.objects.pending().count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_misconfigured_backend_is_reported_not_swallowed(piece, editor, settings):
    settings.EMAIL_BACKEND = "articles.no_such_module.EmailBackend"
    due = scheduled_due(piece, editor)
    err = StringIO()
    with time_machine.travel(due, tick=False), pytest.raises(CommandError):
        call_command("publish_scheduled", stdout=StringIO(), stderr=err)
    assert "not delivered" in err.getvalue() and "no_such_module" in err.getvalue()
    assert "0 sent, 3 not delivered" in err.getvalue()
    # Each was tried once when its transition committed, then once by the run (this run's own: once).
    assert sorted(OutboxMessage.objects.pending().values_list("attempts", flat=True)) == [1, 2, 2]


def test_a_management_command_exits_non_zero_when_mail_fails(settings, tmp_path):
    """The real process: exit status 1 and the count in the summary line, for cron to see."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'child.sqlite3'}",
        "EMAIL_BACKEND": "articles.no_such_module.EmailBackend",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, check=True, cwd=settings.BASE_DIR)
    seed = (
        "import django; django.setup()\n"
        "from articles.models import OutboxMessage\n"
        "OutboxMessage.objects.create(message_id='<1@t>', kind='published', recipient='w@t.test', "
        "subject='Published: x', body='x', language='en')\n"
    )
    subprocess.run([sys.executable, "-c", seed], env=env, check=True, cwd=settings.BASE_DIR)
    done = subprocess.run(
        [sys.executable, "manage.py", "publish_scheduled"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done
    assert "0 sent, 1 not delivered" in done.stderr


def test_a_message_another_sender_holds_is_left_alone(piece, writer, editor, mailoutbox):
    workflow.submit(piece, by=writer)
    message = OutboxMessage.objects.get()
    message.claimed_by, message.claimed_until = "elsewhere:1", timezone.now() + datetime.timedelta(minutes=5)
    message.save()
    assert outbox.deliver_pending().sent == 0
    assert mailoutbox == []
    # Once its claim has run out (the other host died), the message is taken over.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6), tick=False):
        assert outbox.deliver_pending().sent == 1
    assert len(mailoutbox) == 1


def test_a_claim_of_a_dead_local_process_is_taken_over_at_once(piece, writer, editor, mailoutbox):
    workflow.submit(piece, by=writer)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(finished.stdout)
    alive_pid = os.getppid()
    message = OutboxMessage.objects.get()
    until = timezone.now() + datetime.timedelta(minutes=5)
    message.claimed_by, message.claimed_until = f"{socket.gethostname()}:{alive_pid}", until
    message.save()
    assert outbox.deliver_pending().sent == 0  # its sender still runs: hands off
    message.claimed_by = f"{socket.gethostname()}:{dead_pid}"
    message.save()
    assert outbox.deliver_pending().sent == 1
    assert len(mailoutbox) == 1


def test_one_failing_message_does_not_stop_the_others(writer, editor, mailoutbox):
    pieces = [factories.ArticleFactory(authors=[writer.author], created_by=writer) for _ in range(3)]
    for piece in pieces:
        workflow.submit(piece, by=writer)
    poisoned = OutboxMessage.objects.order_by("pk")[1]
    # A header injection attempt: Django refuses to build that message.
    OutboxMessage.objects.filter(pk=poisoned.pk).update(recipient="x@t.test\nBcc: all@t.test")
    result = outbox.deliver_pending()
    assert (result.sent, result.failed) == (2, 1)
    assert list(OutboxMessage.objects.pending().values_list("pk", flat=True)) == [poisoned.pk]
    assert "BadHeaderError" in OutboxMessage.objects.get(pk=poisoned.pk).last_error


def test_a_message_is_given_up_after_the_last_attempt(piece, writer, mailoutbox):
    workflow.submit(piece, by=writer)
    OutboxMessage.objects.update(attempts=outbox.MAX_ATTEMPTS)
    assert outbox.deliver_pending().sent == 0
    assert mailoutbox == []


@pytest.mark.postgres
def test_no_mail_leaves_before_the_publication_is_on_disk(piece, writer, editor, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    workflow.submit(piece, by=writer)
    with CaptureQueriesContext(connection) as queries:
        assert outbox.deliver_pending().sent == 1
    statements = [query["sql"] for query in queries]
    claim = next(index for index, sql in enumerate(statements) if sql.startswith("UPDATE"))
    # The claim's commit waits for the disk, and with it every earlier commit of the session.
    assert "SET LOCAL synchronous_commit TO ON" in statements[:claim]
