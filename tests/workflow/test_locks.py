"""The soft edit lock under races: people opening the editor at the same moment never get an error (PostgreSQL)."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import EditLock
from articles.workflow import locks
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers before they can race")


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_lock_inserted_by_someone_else_meanwhile_is_respected_not_an_error():
    """The exact race: A's lock row is not committed yet when B looks, so B sees no lock and inserts too.

    B must wait for A's insert, then see A as the holder — the old select-then-create
    raised IntegrityError (a 500 in the editor).
    """
    article = factories.ArticleFactory()
    anna, ben = factories.EditorFactory(), factories.EditorFactory()
    outcome: dict = {}

    def ben_opens() -> None:
        try:
            outcome["state"] = locks.acquire(article, user=ben)
        except Exception as error:  # the assertion below names it
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=ben_opens)
    with transaction.atomic():
        now = timezone.now()
        EditLock.objects.create(article=article, user=anna, since=now, seen_at=now)  # not committed yet
        thread.start()
        pause = threading.Event()
        for _ in range(2400):
            if _waiting_for_locks() >= 1:
                break
            pause.wait(0.05)
        else:
            raise AssertionError("Ben's open never waited for Anna's lock row")
    thread.join(timeout=60)
    assert "error" not in outcome, outcome.get("error")
    state = outcome["state"]
    assert not state.held_by_me
    assert state.lock.user_id == anna.pk
    assert EditLock.objects.get(article=article).user_id == anna.pk


CSRF = "k" * 32  # any token will do when the cookie and the header agree


def _get_all_at_once(url: str, cookies: list[str], data: bytes | None = None) -> list[int]:
    """GET `url` (POST `data`) once per cookie, all released together by a barrier; their status codes."""
    statuses: list[int] = []
    barrier = threading.Barrier(len(cookies))

    def open_editor(cookie: str) -> None:
        headers = {"Cookie": cookie}
        if data is not None:
            headers.update(
                {
                    "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={CSRF}",
                    "X-CSRFToken": CSRF,
                    "Accept": "application/json",
                    "Content-Type": "application/x-www-form-urlencoded",
                }
            )
        request = urllib.request.Request(url, data=data, headers=headers)
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=open_editor, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_twenty_people_opening_the_editor_at_once_get_no_error(live_server):
    """20 real HTTP requests to a real server, released together by a barrier, several rounds: the GETs,
    then the POSTs with which the opened pages take the lock."""
    editors = [factories.EditorFactory() for _ in range(20)]
    cookies = []
    for user in editors:
        client = Client()
        client.force_login(user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    for _round in range(3):
        article = factories.ArticleFactory()
        url = live_server.url + reverse("desk:article-edit", kwargs={"pk": article.pk})
        statuses = _get_all_at_once(url, cookies)
        assert statuses == [200] * len(editors)
        assert not EditLock.objects.filter(article=article).exists()  # opening takes nothing
        # The opened pages take the lock, all at once: one holder, everyone else told who it is.
        lock_url = live_server.url + reverse("desk:article-lock", kwargs={"pk": article.pk})
        statuses = _get_all_at_once(lock_url, cookies, data=b"action=start")
        assert sorted(statuses) == [200] + [409] * (len(editors) - 1)
        holder = EditLock.objects.get(article=article).user_id
        assert holder in {user.pk for user in editors}
