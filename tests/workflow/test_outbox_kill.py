"""`kill -9` of a real `publish_scheduled` process mid-run, then a rerun: every writer gets exactly one mail.

PostgreSQL, real processes, mails written to files by Django's file backend so
they can be counted. The kill lands while the first process is sending (or has
sent part of) its mails; the rerun publishes what is left and retries the rest.
"""

from __future__ import annotations

import datetime
import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from articles.models import Article, Author, Byline, OutboxMessage, Section, State, WorkflowEvent

ROOT = Path(__file__).resolve().parents[2]
PIECES = 1200
SEPARATOR = "\n" + "-" * 79 + "\n"


def _database_url() -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER'] or 'postgres'}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _pieces_with_one_writer_each(count: int) -> list[str]:
    """`count` due pieces, each bylined by its own staff writer; returns the writers' addresses."""
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"kill-writer-{n}", email=f"kill-writer-{n}@newsroom.test", password="!") for n in range(count)]
    )
    users = list(User.objects.filter(username__startswith="kill-writer-").order_by("pk"))
    Author.objects.bulk_create(
        [
            Author(name=f"Writer {n}", slug=f"kill-writer-{n}", sign_off=f"kw{n}", user=user)
            for n, user in enumerate(users)
        ]
    )
    authors = list(Author.objects.filter(slug__startswith="kill-writer-").order_by("pk"))
    section = Section.objects.create(name="Politics", slug="politics")
    due = timezone.now() - datetime.timedelta(minutes=5)
    Article.objects.bulk_create(
        [
            Article(
                headline=f"Killed run piece {n}",
                teaser="A teaser.",
                body="A body.",
                section=section,
                slug=f"killed-run-piece-{n}",
                status=State.SCHEDULED,
                publish_at=due,
            )
            for n in range(count)
        ]
    )
    ids = list(Article.objects.filter(slug__startswith="killed-run-piece-").order_by("pk").values_list("pk", flat=True))
    Byline.objects.bulk_create([Byline(article_id=pk, author=author) for pk, author in zip(ids, authors, strict=True)])
    return [user.email for user in users]


def _mails(folder: Path) -> list[tuple[str, str]]:
    """(recipient, Message-ID) of every mail the file backend wrote, duplicates included."""
    found = []
    for path in sorted(folder.iterdir()):
        for message in path.read_text(encoding="utf-8", errors="replace").split(SEPARATOR):
            to = re.search(r"^To: (.+)$", message, re.M)
            message_id = re.search(r"^Message-ID: (.+)$", message, re.M)
            if to and message_id:
                found.append((to.group(1).strip(), message_id.group(1).strip()))
    return found


def _count(folder: Path) -> int:
    return sum(path.read_bytes().count(b"\nMessage-ID: ") for path in folder.iterdir())


def _wait_until(condition, timeout: float = 120) -> bool:
    """Poll `condition` until it holds (a state to reach, not a time to wait); False at the deadline."""
    pause = threading.Event()
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=timeout)
    while datetime.datetime.now() < deadline:
        if condition():
            return True
        pause.wait(0.005)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("kill_after_mails", [40, 700], ids=["first-batch-mailing", "second-batch-mailing"])
def test_kill_9_mid_run_then_a_rerun_mails_every_writer_exactly_once(tmp_path, kill_after_mails):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (several processes, row locks)")
    writers = _pieces_with_one_writer_each(PIECES)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "tests.workflow.mail_to_files_settings",
        "NEWSROOM_TEST_MAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "manage.py", "publish_scheduled"]

    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reached = _wait_until(lambda: _count(mail_dir) >= kill_after_mails or first.poll() is not None)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=60)  # reaped: its process id is gone, so its claims are known to be dead
    assert reached and first.returncode == -signal.SIGKILL, "the first run ended before it could be killed"
    mailed_before_rerun = len(_mails(mail_dir))
    assert kill_after_mails <= mailed_before_rerun < PIECES  # killed mid-run, with work left
    published_before_rerun = WorkflowEvent.objects.filter(transition="publish_due").count()
    assert published_before_rerun < PIECES or OutboxMessage.objects.pending().exists()

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr

    assert Article.objects.filter(slug__startswith="killed-run-piece-", status=State.PUBLISHED).count() == PIECES
    assert WorkflowEvent.objects.filter(transition="publish_due").count() == PIECES  # none published twice
    assert not OutboxMessage.objects.pending().exists()
    mails = _mails(mail_dir)
    # Exactly one message per writer (receivers drop a repeated Message-ID) ...
    distinct = Counter(recipient for recipient, _message_id in set(mails))
    assert set(distinct) == set(writers)
    assert set(distinct.values()) == {1}
    # ... and at most the one mail that was being handed over at the moment of the kill went out twice.
    assert len(mails) - len(set(mails)) <= 1
