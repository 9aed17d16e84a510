"""publish_scheduled when the database connection is cut mid-run (PostgreSQL: a real backend terminated).

Only the pieces the cut hit fail: they stay scheduled, with nothing of them half-written, and the next
run picks them up; the run reconnects, publishes the rest, reports the failed ones and exits non-zero.
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from articles import workflow
from articles.management.commands.publish_scheduled import Command
from articles.models import (
    Article,
    HistoricalArticle,
    OutboxMessage,
    PublishedVersion,
    State,
    WorkflowEvent,
)
from articles.workflow import going_live
from tests import factories
from tests.support.scheduling import scheduled_pieces

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL to terminate a real connection")


@pytest.fixture
def cut_on_call(monkeypatch):
    """Terminate the run's own connection (from a second one) when the publishing step is reached the nth time."""
    calls = []
    real = going_live.put_live

    def arm(number: int) -> list[int]:
        def put_live(versions, *, now):
            calls.append([version.article_id for version in versions])
            if len(calls) == number:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pid = cursor.fetchone()[0]
                other = connections.create_connection("default")
                try:
                    with other.cursor() as cursor:
                        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                finally:
                    other.close()
            return real(versions, now=now)

        monkeypatch.setattr(going_live, "put_live", put_live)
        return calls

    return arm


def run_when_due(when: datetime.datetime) -> tuple[str, str, bool]:
    out, err = StringIO(), StringIO()
    failed = False
    with time_machine.travel(when, tick=False):
        try:
            call_command("publish_scheduled", stdout=out, stderr=err)
        except CommandError:
            failed = True
    return out.getvalue(), err.getvalue(), failed


def assert_untouched(ids: list[int]) -> None:
    """Still scheduled, and nothing of a publication written: no version, event, history record or mail."""
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {State.SCHEDULED}
    assert not PublishedVersion.objects.filter(article_id__in=ids).exists()
    assert not WorkflowEvent.objects.filter(article_id__in=ids, transition="publish_due").exists()
    assert not HistoricalArticle.objects.filter(id__in=ids, status=State.PUBLISHED).exists()
    assert not OutboxMessage.objects.filter(article_id__in=ids, kind="published").exists()


@pytest.mark.parametrize("health_checks", [True, False], ids=["health-checks", "no-health-checks"])
def test_a_cut_mid_batch_fails_only_that_batch_and_the_run_goes_on(editor, monkeypatch, cut_on_call, health_checks):
    # With health checks (the default) Django has reconnected by the time the batch's error is seen; without, not.
    wrapper = connections["default"]  # not the proxy: monkeypatch restores attributes of the object itself
    monkeypatch.setitem(wrapper.settings_dict, "CONN_HEALTH_CHECKS", health_checks)
    monkeypatch.setattr(wrapper, "health_check_enabled", health_checks)
    monkeypatch.setattr(Command, "batch_size", 4)
    when = timezone.now() + datetime.timedelta(minutes=1)
    pieces = []
    for _ in range(12):
        writer = factories.WriterFactory()
        piece = factories.ArticleFactory(authors=[writer.author])
        workflow.submit(piece, by=writer)
        pieces.append(workflow.schedule(piece, by=editor, publish_at=when))
    calls = cut_on_call(2)

    out, err, failed = run_when_due(when + datetime.timedelta(seconds=1))

    assert failed, (out, err, calls)  # exit status non-zero
    hit = calls[1]
    assert len(hit) == 4 and len(calls) == 3  # the batch after the cut still ran
    assert_untouched(hit)
    rest = [piece.pk for piece in pieces if piece.pk not in hit]
    assert Article.objects.filter(pk__in=rest, status=State.PUBLISHED).count() == 8
    assert PublishedVersion.objects.filter(article_id__in=rest, is_live=True).count() == 8
    for pk in hit:
        assert f"failed #{pk}" in err
    assert "8 published" in err and "4 failed" in err

    # The next run picks the hit pieces up.
    monkeypatch.undo()
    _out, err, failed = run_when_due(when + datetime.timedelta(minutes=1))
    assert not failed, err
    assert Article.objects.filter(pk__in=hit, status=State.PUBLISHED).count() == 4


def test_a_cut_on_the_one_piece_path_fails_only_that_piece(cut_on_call):
    # Pieces scheduled before revisions existed go through publish_due one at a time.
    ids = scheduled_pieces(5, timezone.now() - datetime.timedelta(minutes=5))
    calls = cut_on_call(3)

    _out, err, failed = run_when_due(timezone.now())

    assert failed
    [hit] = calls[2]
    assert_untouched([hit])
    assert Article.objects.filter(pk__in=ids, status=State.PUBLISHED).count() == 4
    assert f"failed #{hit}" in err and "4 published" in err and "1 failed" in err
