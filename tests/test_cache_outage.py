"""Without Redis the newsroom is slower, not broken: reads miss, writes are dropped, the outage is logged.

Against a real Redis client talking to a port where nothing listens (a refused connection, as when Redis
is down); what the cache keeps is an aid (answers keyed by the generation in the database, counts kept for
seconds), so every page is made afresh and every change is kept. `count_figures`, whose whole point is to
keep figures in the shared cache, refuses loudly instead.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from articles.models import Article, PartnerToken, State
from newsroom.cache import RedisCache, reachable
from newsroom.cache import _resting_until as resting_until
from newsroom.cache import _said_at as said_at
from tests import factories
from tests.support.site import go_live


def _closed_port() -> int:
    """A local port where nothing listens: connecting there is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gone() -> str:
    return f"redis://:s3cret@127.0.0.1:{_closed_port()}/0"


@pytest.fixture
def redis_down(settings, gone):
    """The site's cache settings with CACHE_URL set, Redis not answering."""
    settings.CACHE_URL = gone  # the partners' rate limit counts there too
    settings.CACHES = {
        "default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": gone},
        "near": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "outage", "TIMEOUT": 1},
    }
    return caches["default"]


def test_every_call_carries_on_and_the_outage_is_said_once(gone, caplog):
    down = RedisCache(gone, {})
    made = []
    with caplog.at_level(logging.ERROR, logger="newsroom.cache"):
        assert down.get("piece", "missed") == "missed"
        assert down.get_many(["a", "b"]) == {}
        assert down.has_key("a") is False
        down.set("a", 1)
        assert down.add("lock", "host") is False  # nothing was added: nobody holds it
        assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert down.touch("a") is False
        assert down.delete("a") is False
        down.delete_many(["a", "b"])
        with pytest.raises(ValueError):
            down.incr("stamp")  # as for a key not there: callers set it afresh
        assert down.get_or_set("counts", lambda: made.append(1) or 42) == 42
    assert made == [1]  # made once, though both the read and the write found Redis gone
    said = [record.getMessage() for record in caplog.records if record.name == "newsroom.cache"]
    assert len(said) == 1, said
    assert "127.0.0.1" in said[0] and "cannot be reached" in said[0]
    assert "s3cret" not in said[0]  # the password in CACHE_URL stays out of the log

    for what in said_at:  # a minute on, while it lasts, it is said again
        said_at[what] -= 61
    resting_until.clear()
    with caplog.at_level(logging.ERROR, logger="newsroom.cache"):
        down.get("piece")
    assert len([record for record in caplog.records if record.name == "newsroom.cache"]) == 2


def test_other_errors_still_raise(gone):
    down = RedisCache(gone, {})
    with pytest.raises((TypeError, AttributeError, pickle.PicklingError)):  # not an outage: not swallowed
        down.set("counts", lambda: 1)  # a value that cannot be stored, found before Redis is asked


@pytest.mark.django_db
def test_readers_and_the_desk_are_served_without_redis(redis_down, editor):
    piece = go_live(factories.ArticleFactory(headline="Harbour wall holds"))
    reader = Client()
    assert reader.get("/").status_code == 200
    page = reader.get(piece.get_absolute_url())
    assert page.status_code == 200 and "Harbour wall holds" in page.content.decode()
    desk = Client()
    desk.force_login(editor)
    for name in ("desk:dashboard", "desk:board", "desk:figures", "desk:article-list"):
        assert desk.get(reverse(name)).status_code == 200, name
    assert not reachable()


@pytest.mark.django_db
def test_partners_are_served_uncounted_without_redis(redis_down, caplog):
    token = PartnerToken(partner="Wire app")
    key = token.issue_key()
    token.save()
    go_live(factories.ArticleFactory(headline="Harbour wall holds"))
    partner = Client(headers={"Authorization": f"Token {key}"})
    with caplog.at_level(logging.ERROR, logger="newsroom.cache"):
        answer = partner.get("/api/v1/articles/")
    assert answer.status_code == 200 and "Harbour wall holds" in answer.content.decode()
    assert any("cannot be reached" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_a_change_made_without_redis_is_kept_and_said_done(redis_down, writer, django_capture_on_commit_callbacks):
    """The counts' stamp moves on commit; without Redis that must not turn a saved move into an error."""
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    client = Client()
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("desk:board-move", args=[piece.pk]), {"transition": "submit"}, follow=True)
    assert response.status_code == 200 and "Moved:" in response.content.decode()
    assert Article.objects.get(pk=piece.pk).status == State.IN_REVIEW


@pytest.mark.django_db
def test_count_figures_refuses_loudly_when_it_cannot_keep_them(redis_down):
    with pytest.raises(CommandError, match=r"shared cache .* cannot be reached"):
        call_command("count_figures")


@pytest.mark.django_db
def test_the_cache_health_check_says_so_for_monitors(redis_down, settings):
    answer = Client().get("/health/cache/")
    assert answer.status_code == 503
    assert answer.json() == {"status": "failing", "cache": "unreachable"}
    assert "no-cache" in answer["Cache-Control"]

    settings.CACHES = {"default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/14"}}
    settings.CACHE_URL = "redis://127.0.0.1:6379/14"  # .ci/run starts Redis
    assert Client().get("/health/cache/").json() == {"status": "ok", "cache": "shared"}

    settings.CACHE_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert Client().get("/health/cache/").json() == {"status": "ok", "cache": "local"}


def _start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            assert server.poll() is None, "redis-server stopped"
            assert time.monotonic() < deadline, "redis-server did not start"


def test_a_redis_killed_and_started_again_is_used_again(caplog):
    """A real Redis process, killed mid-run and started again: the same backend carries on, then uses it."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing (required because CI is set)")
        pytest.skip("needs redis-server")
    port = _closed_port()
    server = _start_redis(port)
    kept = RedisCache(f"redis://127.0.0.1:{port}/0", {})
    try:
        kept.set("piece", "before")
        assert kept.get("piece") == "before"
        server.kill()
        server.wait()
        with caplog.at_level(logging.ERROR, logger="newsroom.cache"):
            assert kept.get("piece", "missed") == "missed"
            assert kept.get_or_set("counts", lambda: 7) == 7
        assert any(f"127.0.0.1:{port}" in record.getMessage() for record in caplog.records)
        server = _start_redis(port)  # empty, as a restarted Redis is
        resting_until.clear()  # the process's rest from Redis is over (five seconds on)
        assert kept.get("piece") is None
        kept.set("piece", "after")
        assert kept.get("piece") == "after"
    finally:
        server.kill()
        server.wait()


def test_a_silent_redis_costs_one_timeout_then_is_left_alone_for_a_while():
    """A Redis that accepts connections and never answers (a hung server, a half-open link)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        silent.setblocking(False)
        port = silent.getsockname()[1]
        location = f"redis://127.0.0.1:{port}/0"
        kept = RedisCache(location, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.2}})

        def connections() -> int:
            count = 0
            while True:
                try:
                    silent.accept()[0].close()
                except BlockingIOError:
                    return count
                count += 1

        assert kept.get("piece", "missed") == "missed"  # waited for its answer, in vain
        assert connections() >= 1
        for _ in range(50):  # a page's calls and the next pages': answered at once, Redis not asked
            assert kept.get("piece", "missed") == "missed"
            kept.set("piece", "x")
        assert connections() == 0
        resting_until[location] -= 10  # five seconds on: one call tries again
        assert kept.get("piece", "missed") == "missed"
        assert connections() >= 1
