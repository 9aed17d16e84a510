"""Overdue is loud: runs are recorded, overdue pieces are marked on the desk, monitors get a health check."""

import datetime
import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, OutboxMessage, SchedulerRun, State, WorkflowEvent
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
UTC = datetime.UTC
DUE = datetime.datetime(2027, 3, 2, 13, 8, tzinfo=UTC)  # 14:08 in Berlin


def scheduled_piece(editor, publish_at=DUE, **fields) -> Article:
    article = factories.ArticleFactory(**fields)
    workflow.submit(article, by=editor)
    with time_machine.travel(publish_at - datetime.timedelta(hours=1), tick=False):
        return workflow.schedule(article, by=editor, publish_at=publish_at)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("publish_scheduled", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


@pytest.mark.django_db
def test_each_run_is_recorded_with_its_counts_and_host(editor):
    piece = scheduled_piece(editor)
    with at(DUE + datetime.timedelta(seconds=5)):
        run()
    record = SchedulerRun.objects.get()
    assert record.published == 1 and record.failed == 0
    assert record.finished_at >= record.started_at
    assert record.host
    assert Article.objects.get(pk=piece.pk).status == State.PUBLISHED
    run("--dry-run")  # rehearsals are not runs
    assert SchedulerRun.objects.count() == 1


@pytest.mark.django_db
def test_desk_pages_say_overdue_and_name_the_last_run(client, editor):
    with at(DUE - datetime.timedelta(hours=2)):  # 12:08 Berlin: the last time publishing ran
        run()
    piece = scheduled_piece(editor, headline="Harbour wall opens")
    later = scheduled_piece(editor, publish_at=DUE + datetime.timedelta(days=1), headline="Tomorrow's piece")
    expected = "Overdue — publishing has not run since 12:08"
    with at(DUE + datetime.timedelta(minutes=10)):
        client.force_login(editor)
        pages = {
            "dashboard": reverse("desk:dashboard"),
            "list": reverse("desk:article-list"),
            "calendar": reverse("desk:calendar") + "?date=2027-03-02",
            "calendar day": reverse("desk:calendar") + "?date=2027-03-02&view=day",
            "page": reverse("desk:article-review", args=[piece.pk]),
        }
        for name, url in pages.items():
            html = client.get(url).content.decode()
            assert expected in html, name
        assert expected not in client.get(reverse("desk:article-review", args=[later.pk])).content.decode()
    with at(DUE + datetime.timedelta(seconds=30)):  # within the minute cron needs: not overdue yet
        client.force_login(editor)
        assert "Overdue" not in client.get(reverse("desk:article-review", args=[piece.pk])).content.decode()


@pytest.mark.django_db
def test_never_run_says_so(client, editor):
    piece = scheduled_piece(editor)
    with at(DUE + datetime.timedelta(minutes=10)):
        client.force_login(editor)
        html = client.get(reverse("desk:article-review", args=[piece.pk])).content.decode()
    assert "Overdue — publishing has not run yet" in html


@pytest.mark.django_db
def test_an_editor_publishes_an_overdue_piece_now(client, editor, writer):
    piece = scheduled_piece(editor)
    with at(DUE + datetime.timedelta(minutes=10)):
        assert "publish_overdue" not in [t.name for t in workflow.available_transitions(piece, writer)]
        client.force_login(editor)
        page = client.get(reverse("desk:article-review", args=[piece.pk])).content.decode()
        assert 'value="publish_overdue"' in page
        client.post(
            reverse("desk:article-transition", args=[piece.pk]),
            {"transition": "publish_overdue", "publish_overdue-revision": piece.version},
        )
    stored = Article.objects.get(pk=piece.pk)
    assert stored.status == State.PUBLISHED
    event = WorkflowEvent.objects.filter(article=piece).latest("pk")
    assert (event.transition, event.actor) == ("publish_overdue", editor)
    assert stored.live_version is not None and stored.live_version.published_by == editor


@pytest.mark.django_db
def test_publish_now_is_not_offered_before_the_time(editor):
    piece = scheduled_piece(editor)
    with at(DUE - datetime.timedelta(minutes=1)):
        assert "publish_overdue" not in [t.name for t in workflow.available_transitions(piece, editor)]
        with pytest.raises(workflow.WrongState):
            workflow.publish_overdue(piece, by=editor)


@pytest.mark.django_db
def test_check_fails_on_overdue_pieces_and_stuck_mail(editor):
    piece = scheduled_piece(editor, headline="Harbour wall opens")
    with at(DUE + datetime.timedelta(minutes=10)):
        with pytest.raises(CommandError, match="overdue"):
            out, _err = run("--check")
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("publish_scheduled", "--check", stdout=out)
        assert f"#{piece.pk}" in out.getvalue() and "Last run: none recorded." in out.getvalue()
        run()  # publishes it
        out, _err = run("--check")
        assert "Scheduled publishing is healthy." in out
        OutboxMessage.objects.create(
            message_id="<stuck@x>",
            kind="published",
            recipient="a@example.org",
            subject="s",
            body="b",
            language="en",
            created_at=timezone.now() - datetime.timedelta(minutes=10),
        )
        with pytest.raises(CommandError, match="undelivered_mails"):
            run("--check")
    assert SchedulerRun.objects.count() == 1  # --check is not a run


@pytest.mark.django_db
def test_health_endpoint_for_monitors(client, editor):
    scheduled_piece(editor, headline="Secret embargoed scoop")
    with at(DUE + datetime.timedelta(minutes=10)):
        answer = client.get("/health/publishing/")
        assert answer.status_code == 503
        body = json.loads(answer.content)
        assert body["status"] == "failing" and body["overdue"] == 1 and body["last_run"] is None
        assert "scoop" not in answer.content.decode()
        assert "no-cache" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]
        run()
        answer = client.get("/health/publishing/")
    assert answer.status_code == 200
    body = json.loads(answer.content)
    assert body == {
        "status": "ok",
        "problems": [],
        "overdue": 0,
        "undelivered_mails": 0,
        "last_run": body["last_run"] | {"published": 1, "failed": 0},
    }


@pytest.mark.django_db
def test_health_endpoint_fails_when_no_run_finished_lately(client):
    with at(DUE):
        run()
    with at(DUE + datetime.timedelta(minutes=2)):
        assert client.get("/health/publishing/").status_code == 200
    with at(DUE + datetime.timedelta(minutes=10)):
        answer = client.get("/health/publishing/")
    assert answer.status_code == 503 and json.loads(answer.content)["problems"] == ["no_recent_run"]


@pytest.mark.django_db
def test_run_scheduler_publishes_due_pieces_and_goes_on_after_a_failure(editor):
    piece = scheduled_piece(editor)
    out = StringIO()
    with at(DUE + datetime.timedelta(seconds=1)):
        call_command("run_scheduler", "--runs", "2", "--interval", "0", stdout=out, stderr=StringIO())
    assert Article.objects.get(pk=piece.pk).status == State.PUBLISHED
    assert SchedulerRun.objects.count() == 2


def make_run_plan(*args: str, **env: str) -> str:
    """What `make run` would execute (`make -n`: nothing is run)."""
    return subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **env},
    ).stdout


def test_make_run_starts_the_scheduler_beside_the_server_and_passes_site_url():
    plan = make_run_plan("PORT=8310", "HOST=127.0.0.1")
    assert "manage.py run_scheduler &" in plan
    assert "trap 'kill $scheduler" in plan
    assert "SITE_URL=http://127.0.0.1:8310 .venv/bin/python manage.py runserver 127.0.0.1:8310" in plan
    assert "SITE_URL=http://127.0.0.1:8000 .venv/bin/python manage.py runserver 0.0.0.0:8000" in make_run_plan(
        "HOST=0.0.0.0"
    )
    # An address given by the operator wins (behind a proxy, say).
    assert "SITE_URL=https://news.example.org" in make_run_plan(SITE_URL="https://news.example.org")
