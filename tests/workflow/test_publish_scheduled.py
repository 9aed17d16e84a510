"""publish_scheduled: on time in the newsroom's time zone, expiry, dry runs, failures, several hosts at once."""

import datetime
import os
import re
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import workflow
from articles.models import Article, PublishedVersion, State, WorkflowEvent
from tests import factories
from tests.support.scheduling import scheduled_pieces

BERLIN = ZoneInfo("Europe/Berlin")
UTC = datetime.UTC
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("publish_scheduled", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def at(moment: str):
    """The clock stands at `moment` (ISO-8601; without an offset: the newsroom's time zone)."""
    when = parse_datetime(moment)
    return time_machine.travel(timezone.make_aware(when) if timezone.is_naive(when) else when, tick=False)


def run_at(moment: str, *args: str) -> tuple[str, str]:
    """A real run when the clock says `moment` (`--now` only rehearses)."""
    with at(moment):
        return run(*args)


def scheduled_piece(editor, publish_at: datetime.datetime, **fields) -> Article:
    article = factories.ArticleFactory(**fields)
    workflow.submit(article, by=editor)
    return workflow.schedule(article, by=editor, publish_at=publish_at)


def published_piece(editor, **fields) -> Article:
    article = factories.ArticleFactory(**fields)
    workflow.submit(article, by=editor)
    return workflow.publish(article, by=editor)


def state(article: Article) -> str:
    return Article.objects.get(pk=article.pk).status


def transitions(article: Article) -> list[str]:
    return list(WorkflowEvent.objects.filter(article=article).values_list("transition", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2027, 7, 1), 7),  # summer time: Berlin is UTC+2
        (datetime.date(2027, 1, 15), 8),  # winter time: Berlin is UTC+1
    ],
)
def test_nine_oclock_in_berlin_is_published_at_the_right_utc_hour(editor, day, utc_hour):
    nine = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=BERLIN)
    piece = scheduled_piece(editor, nine)
    due = datetime.datetime.combine(day, datetime.time(utc_hour, 0), tzinfo=UTC)
    run_at((due - datetime.timedelta(seconds=1)).isoformat())
    assert state(piece) == State.SCHEDULED
    run_at(due.isoformat())
    stored = Article.objects.get(pk=piece.pk)
    assert stored.status == State.PUBLISHED
    assert stored.published_at == due
    assert PublishedVersion.objects.live(now=due).filter(article=piece).exists()


@pytest.mark.django_db
def test_now_without_offset_is_the_newsrooms_time(editor):
    piece = scheduled_piece(editor, datetime.datetime(2027, 7, 1, 9, 0, tzinfo=BERLIN))
    run_at("2027-07-01T08:59")
    assert state(piece) == State.SCHEDULED
    run_at("2027-07-01T09:00")
    assert state(piece) == State.PUBLISHED


@pytest.mark.django_db
def test_expiry_withdraws_the_piece(editor):
    piece = published_piece(editor)
    expires = timezone.now() + datetime.timedelta(days=3)
    workflow.save_article(piece, by=editor, base_version=piece.version, fields={"expire_at": expires})
    run_at((expires + datetime.timedelta(days=1)).isoformat())
    assert state(piece) == State.PUBLISHED  # only an edit so far: the approved version has no expiry
    piece = Article.objects.get(pk=piece.pk)
    workflow.correct(piece, by=editor, correction_note="Expiry set", revision=piece.version)
    run_at((expires - datetime.timedelta(seconds=1)).isoformat())
    assert state(piece) == State.PUBLISHED
    out, _err = run_at(expires.isoformat())
    assert state(piece) == State.UNPUBLISHED
    assert not PublishedVersion.objects.filter(article=piece, is_live=True).exists()
    assert transitions(piece)[-1] == "expire"
    assert "1 withdrawn" in out


@pytest.mark.django_db
def test_publish_and_expire_in_one_run(editor):
    publish_at = datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC)
    piece = factories.ArticleFactory(expire_at=publish_at + datetime.timedelta(hours=1))
    workflow.submit(piece, by=editor)
    workflow.schedule(piece, by=editor, publish_at=publish_at)
    out, _err = run_at("2027-03-02T12:00:00+00:00")
    assert state(piece) == State.UNPUBLISHED
    assert transitions(piece) == ["submit", "schedule", "publish_due", "expire"]
    assert PublishedVersion.objects.filter(article=piece).count() == 1
    assert not PublishedVersion.objects.filter(article=piece, is_live=True).exists()
    assert "1 published, 1 withdrawn" in out


@pytest.mark.django_db
def test_dry_run_lists_and_changes_nothing(editor):
    due = scheduled_piece(editor, datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC), headline="Due piece")
    live = published_piece(editor, headline="Expiring piece")
    workflow.save_article(
        live, by=editor, base_version=live.version, fields={"expire_at": datetime.datetime(2027, 3, 1, tzinfo=UTC)}
    )
    live = Article.objects.get(pk=live.pk)
    workflow.correct(live, by=editor, correction_note="Expiry set", revision=live.version)
    events_before = WorkflowEvent.objects.count()
    versions_before = list(PublishedVersion.objects.values_list("pk", "is_live"))
    out, _err = run("--dry-run", "--now", "2027-03-02T12:00:00+00:00")
    assert "would publish" in out and "Due piece" in out
    assert "would withdraw" in out and "Expiring piece" in out
    assert "nothing was changed" in out
    assert (state(due), state(live)) == (State.SCHEDULED, State.PUBLISHED)
    assert WorkflowEvent.objects.count() == events_before
    assert list(PublishedVersion.objects.values_list("pk", "is_live")) == versions_before


@pytest.mark.django_db
def test_a_piece_unscheduled_before_its_time_is_not_published(editor):
    piece = scheduled_piece(editor, datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC))
    workflow.unschedule(piece, by=editor)
    out, _err = run_at("2027-03-02T12:00:00+00:00")
    assert state(piece) == State.IN_REVIEW
    assert not PublishedVersion.objects.filter(article=piece).exists()
    assert "0 published" in out


@pytest.mark.django_db
def test_a_failing_piece_does_not_stop_the_others(editor):
    when = datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC)
    first = scheduled_piece(editor, when)
    # Its address is already taken by a live piece: the database refuses the snapshot.
    published_piece(editor, slug="", headline="Same words")
    failing = scheduled_piece(editor, when + datetime.timedelta(minutes=1), slug="same-words")
    last = scheduled_piece(editor, when + datetime.timedelta(minutes=2))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError), at("2027-03-02T12:00:00+00:00"):
        call_command("publish_scheduled", stdout=out, stderr=err)
    assert (state(first), state(failing), state(last)) == (State.PUBLISHED, State.SCHEDULED, State.PUBLISHED)
    assert f"failed #{failing.pk}" in err.getvalue()
    assert "2 published" in err.getvalue() and "1 failed" in err.getvalue()
    # Nothing of the failed piece's transaction was kept.
    assert "publish_due" not in transitions(failing)
    assert not PublishedVersion.objects.filter(article=failing).exists()


@pytest.mark.django_db
def test_running_twice_changes_nothing_the_second_time(editor):
    piece = scheduled_piece(editor, datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC))
    run_at("2027-03-02T12:00:00+00:00")
    out, _err = run_at("2027-03-02T12:01:00+00:00")
    assert transitions(piece).count("publish_due") == 1
    assert PublishedVersion.objects.filter(article=piece).count() == 1
    assert "0 published" in out


@pytest.mark.django_db
def test_output_follows_verbosity(editor):
    piece = scheduled_piece(editor, datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC), headline="Loud piece")
    out, _err = run_at("2027-03-02T12:00:00+00:00", "--verbosity", "2")
    assert f"published #{piece.pk} “Loud piece”" in out
    assert "1 published" in out
    quiet, _err = run_at("2027-03-02T12:00:00+00:00")
    assert quiet.count("\n") == 1  # the summary line, so cron logs show it ran
    silent, _err = run_at("2027-03-02T12:00:00+00:00", "--verbosity", "0")
    assert silent == ""


@pytest.mark.django_db
def test_now_must_be_a_date_and_time():
    with pytest.raises(CommandError, match="ISO-8601"):
        run("--dry-run", "--now", "next tuesday")


def _statements(queries) -> int:
    """Statements sent, without the savepoints the test's own transaction adds around each piece."""
    return sum(1 for query in queries if "SAVEPOINT" not in query["sql"])


@pytest.mark.django_db
def test_queries_per_piece_do_not_grow(editor):
    when = datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC)

    def queries_for(pieces: int) -> int:
        for _ in range(pieces):
            scheduled_piece(editor, when)
        with CaptureQueriesContext(connection) as queries:
            run_at("2027-03-02T12:00:00+00:00")
        assert Article.objects.due_for_publishing(when).count() == 0
        return _statements(queries)

    few, many = queries_for(2), queries_for(10)
    per_piece = (many - few) / 8
    assert per_piece <= 8  # the budget: at most 8 statements per published piece
    assert many / 10 <= few / 2  # fixed costs are per batch, not per piece


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_session_is_durable_again_after_a_run(editor):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    piece = scheduled_piece(editor, datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC))
    with CaptureQueriesContext(connection) as queries:
        run_at("2027-03-02T12:00:00+00:00")
    assert state(piece) == State.PUBLISHED
    statements = [query["sql"] for query in queries]
    assert statements.count("SET synchronous_commit TO OFF") == 1  # once per run, not per piece
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


# --------------------------------------------------------------------------- several hosts at once (PostgreSQL)


def _database_url() -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER'] or 'postgres'}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _wait_for_waiters(table: str, count: int, timeout: float = 120) -> None:
    """Until `count` other sessions are waiting for a lock on `table` (both copies are mid-run)."""
    pause = threading.Event()
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=timeout)
    with connection.cursor() as cursor:
        while datetime.datetime.now() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = %s AND NOT l.granted",
                [table],
            )
            if cursor.fetchone()[0] >= count:
                return
            pause.wait(0.05)
    raise AssertionError(f"the two copies never both reached {table}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_copies_at_once_publish_each_piece_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks with SKIP LOCKED)")
    ids = scheduled_pieces(500, timezone.now() - datetime.timedelta(minutes=5))
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    command = [sys.executable, "manage.py", "publish_scheduled"]
    # Hold back the first event insert of both copies until both are mid-run, so they truly overlap.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE articles_workflowevent IN EXCLUSIVE MODE")
        copies = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        try:
            _wait_for_waiters("articles_workflowevent", 2)
        except AssertionError:
            for copy in copies:
                copy.kill()
            raise
    outputs = [copy.communicate(timeout=300) for copy in copies]
    assert [copy.returncode for copy in copies] == [0, 0], outputs
    published = [int(re.search(r"(\d+) published", out).group(1)) for out, _err in outputs]
    assert sum(published) == 500, outputs
    assert all(count > 0 for count in published), outputs  # both did real work
    assert Article.objects.filter(pk__in=ids, status=State.PUBLISHED).count() == 500
    events = WorkflowEvent.objects.filter(article_id__in=ids, transition="publish_due")
    assert events.count() == 500
    assert events.values("article_id").distinct().count() == 500
    assert PublishedVersion.objects.filter(article_id__in=ids).count() == 500
    assert PublishedVersion.objects.filter(article_id__in=ids, is_live=True).count() == 500


# --------------------------------------------------------------------------- --now cannot publish the future


@pytest.mark.django_db
def test_now_in_the_future_without_dry_run_is_refused_and_changes_nothing(editor):
    soon = timezone.now() + datetime.timedelta(hours=1)
    piece = scheduled_piece(editor, soon, headline="Under embargo")
    events_before = WorkflowEvent.objects.count()
    with pytest.raises(CommandError, match="--dry-run"):
        run("--now", (soon + datetime.timedelta(days=2)).isoformat())
    assert state(piece) == State.SCHEDULED
    assert WorkflowEvent.objects.count() == events_before
    assert not PublishedVersion.objects.exists()


@pytest.mark.django_db
def test_now_with_dry_run_rehearses_the_future(editor):
    soon = timezone.now() + datetime.timedelta(hours=1)
    piece = scheduled_piece(editor, soon, headline="Under embargo")
    out, _err = run("--dry-run", "--now", (soon + datetime.timedelta(days=2)).isoformat())
    assert "would publish" in out and "Under embargo" in out
    assert state(piece) == State.SCHEDULED


@pytest.mark.django_db
def test_the_service_never_publishes_ahead_of_the_real_time(editor):
    soon = timezone.now() + datetime.timedelta(hours=1)
    piece = scheduled_piece(editor, soon)
    with pytest.raises(workflow.NotDue):
        workflow.publish_due(piece, now=soon + datetime.timedelta(days=2))
    assert state(piece) == State.SCHEDULED
    with time_machine.travel(soon + datetime.timedelta(minutes=1), tick=False):
        workflow.publish_due(piece, now=soon + datetime.timedelta(days=2))
        real_now = timezone.now()
    stored = Article.objects.get(pk=piece.pk)
    assert stored.status == State.PUBLISHED
    assert stored.published_at == real_now  # dated when it really went live, not at the pretended time
    assert PublishedVersion.objects.get(article=piece).published_at <= real_now


def test_help_works():
    done = subprocess.run(
        [sys.executable, "manage.py", "publish_scheduled", "--help"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "--dry-run" in done.stdout and "With --dry-run only" in done.stdout
