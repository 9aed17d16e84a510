"""Workflow emails: each notification, its recipients, never the actor, and only after commit."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.workflow import notifications, outbox
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_writer(db):
    return factories.WriterFactory()


@pytest.fixture
def piece(writer, co_writer):
    """Two staff writers and an agency on the byline; the agency has no account."""
    agency = factories.AuthorFactory(name="dpa", sign_off="dpa")
    return factories.ArticleFactory(authors=[writer.author, co_writer.author, agency], created_by=writer)


@pytest.fixture
def second_editor(db):
    return factories.EditorFactory()


def recipients(mailoutbox) -> set[str]:
    return {address for message in mailoutbox for address in message.to}


def test_submit_mails_the_editors_only(piece, writer, editor, second_editor, superuser, mailoutbox, run_on_commit):
    with run_on_commit():
        workflow.submit(piece, by=writer, comment="Ready when you are.")
    assert recipients(mailoutbox) == {editor.email, second_editor.email}
    assert all(len(message.to) == 1 for message in mailoutbox)  # nobody sees the other addresses
    message = mailoutbox[0]
    assert piece.headline in message.subject
    assert "Ready when you are." in message.body
    assert f"/desk/articles/{piece.pk}/" in message.body


def test_an_editor_submitting_is_not_mailed_about_it(piece, editor, second_editor, mailoutbox, run_on_commit):
    with run_on_commit():
        workflow.submit(piece, by=editor)
    assert recipients(mailoutbox) == {second_editor.email}


def test_request_changes_mails_the_bylined_writers_with_the_comment(
    piece, writer, co_writer, editor, mailoutbox, run_on_commit
):
    workflow.submit(piece, by=writer)
    with run_on_commit():
        workflow.request_changes(piece, by=editor, comment="Please check the sum in paragraph two.")
    assert recipients(mailoutbox) == {writer.email, co_writer.email}
    assert all("Please check the sum in paragraph two." in message.body for message in mailoutbox)
    assert all("Changes requested" in message.subject for message in mailoutbox)


def test_schedule_mails_the_bylined_writers(piece, writer, co_writer, editor, mailoutbox, run_on_commit):
    workflow.submit(piece, by=writer)
    when = timezone.now() + datetime.timedelta(days=1)
    with run_on_commit():
        workflow.schedule(piece, by=editor, publish_at=when)
    assert recipients(mailoutbox) == {writer.email, co_writer.email}
    assert all(message.subject.startswith("Scheduled:") for message in mailoutbox)
    assert str(timezone.localtime(when).year) in mailoutbox[0].body


def test_publish_mails_the_bylined_writers(piece, writer, co_writer, editor, mailoutbox, run_on_commit):
    workflow.submit(piece, by=writer)
    with run_on_commit():
        workflow.publish(piece, by=editor)
    assert recipients(mailoutbox) == {writer.email, co_writer.email}
    assert all(message.subject.startswith("Published:") for message in mailoutbox)


def test_scheduled_publication_mails_the_writers_as_the_system(
    piece, writer, co_writer, editor, mailoutbox, run_on_commit
):
    workflow.submit(piece, by=writer)
    when = timezone.now() + datetime.timedelta(days=1)
    workflow.schedule(piece, by=editor, publish_at=when)
    mailoutbox.clear()
    with run_on_commit(), time_machine.travel(when, tick=False):
        workflow.publish_due(piece, now=when)
    assert recipients(mailoutbox) == {writer.email, co_writer.email}
    assert "the system" in mailoutbox[0].body


def test_a_bylined_editor_is_not_mailed_about_their_own_publication(writer, editor, mailoutbox, run_on_commit):
    editor_author = factories.AuthorFactory(user=editor)
    piece = factories.ArticleFactory(authors=[writer.author, editor_author])
    workflow.submit(piece, by=writer)
    with run_on_commit():
        workflow.publish(piece, by=editor)
    assert recipients(mailoutbox) == {writer.email}


def test_no_mail_for_transitions_nobody_is_told_about(piece, writer, editor, mailoutbox, run_on_commit):
    workflow.submit(piece, by=writer)
    workflow.publish(piece, by=editor)
    mailoutbox.clear()
    with run_on_commit():
        workflow.start_update(piece, by=writer)
        workflow.withdraw(piece, by=editor, comment="Off.")
        workflow.reopen(piece, by=editor)
    assert mailoutbox == []


def test_a_refused_transition_mails_nobody(piece, writer, editor, mailoutbox, run_on_commit):
    workflow.submit(piece, by=writer)
    mailoutbox.clear()
    with run_on_commit(), pytest.raises(workflow.CommentRequired):
        workflow.request_changes(piece, by=editor, comment="")
    assert mailoutbox == []


def test_mail_waits_for_the_commit(piece, writer, editor, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.submit(piece, by=writer)
    assert mailoutbox == []  # not sent inside the transaction
    for callback in callbacks:  # the mail's, and the dashboard counts' (forgotten on commit)
        callback()
    assert recipients(mailoutbox) == {editor.email}


def test_batch_mails_go_out_together_over_one_connection(writer, editor, mailoutbox, run_on_commit, monkeypatch):
    pieces = [factories.ArticleFactory(authors=[writer.author]) for _ in range(3)]
    opened = []
    real_get_connection = outbox.get_connection
    monkeypatch.setattr(outbox, "get_connection", lambda: opened.append(1) or real_get_connection())
    with notifications.sending_together():
        with run_on_commit():
            for piece in pieces:
                workflow.submit(piece, by=writer)
        assert mailoutbox == []  # committed, collected, not yet sent
    assert len(mailoutbox) == 3
    assert len(opened) == 1


def published_by_the_run(piece, writer, editor, mailoutbox, run_on_commit, *, edit: dict | None = None) -> list:
    """Submit and schedule `piece`, save `edit` (save_article's arguments) after scheduling, run publish_scheduled
    when it is due; the "Published:" mails it sent."""
    workflow.submit(piece, by=writer)
    when = timezone.now() + datetime.timedelta(days=1)
    workflow.schedule(piece, by=editor, publish_at=when)
    if edit is not None:
        piece = type(piece).objects.get(pk=piece.pk)
        workflow.save_article(piece, by=editor, base_version=piece.version, **edit)
    mailoutbox.clear()
    with run_on_commit(), time_machine.travel(when + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
    return [message for message in mailoutbox if message.subject.startswith("Published:")]


def test_publish_scheduled_mails_the_writers(writer, editor, mailoutbox, run_on_commit):
    piece = factories.ArticleFactory(authors=[writer.author])
    # The submit mail to the editor was never sent in this test (its commit never ran): the run sends it too.
    published = published_by_the_run(piece, writer, editor, mailoutbox, run_on_commit)
    assert recipients(published) == {writer.email}
    assert len(published) == 1


def test_the_publication_mail_names_the_headline_that_went_live_not_later_edits(
    writer, editor, mailoutbox, run_on_commit
):
    piece = factories.ArticleFactory(headline="Approved headline", authors=[writer.author])
    edit = {"fields": {"headline": "Unreviewed headline"}}
    published = published_by_the_run(piece, writer, editor, mailoutbox, run_on_commit, edit=edit)
    assert [message.subject for message in published] == ["Published: Approved headline"]
    assert "Approved headline" in published[0].body and "Unreviewed" not in published[0].body


@pytest.mark.parametrize("path", ["batch", "one piece"])
def test_the_publication_mail_goes_to_the_writers_of_what_went_live_not_to_later_bylines(
    path, writer, co_writer, editor, mailoutbox, run_on_commit, monkeypatch
):
    """A byline swapped after scheduling is a pending edit: its writer did not write what went live."""
    if path == "one piece":  # the batch cannot vouch for it: publish_due, a transaction per piece
        monkeypatch.setattr("articles.workflow.batch._complete", lambda article: False)
    piece = factories.ArticleFactory(authors=[writer.author])
    edit = {"fields": {}, "authors": [co_writer.author]}
    published = published_by_the_run(piece, writer, editor, mailoutbox, run_on_commit, edit=edit)
    assert recipients(published) == {writer.email}
    assert len(published) == 1


def test_the_schedule_mail_goes_to_the_writers_of_the_scheduled_revision(
    piece, writer, co_writer, editor, mailoutbox, run_on_commit
):
    workflow.submit(piece, by=writer)
    mailoutbox.clear()
    with run_on_commit():
        workflow.schedule(piece, by=editor, publish_at=timezone.now() + datetime.timedelta(days=1))
    assert recipients(mailoutbox) == {writer.email, co_writer.email}
    assert len(mailoutbox) == 2


def test_no_mail_to_a_writer_whose_account_is_inactive_or_has_no_address(
    piece, writer, co_writer, editor, mailoutbox, run_on_commit
):
    co_writer.is_active = False
    co_writer.save()
    workflow.submit(piece, by=writer)
    mailoutbox.clear()
    with run_on_commit():
        workflow.publish(piece, by=editor)
    assert recipients(mailoutbox) == {writer.email}


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the test's transaction never commits)."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner
