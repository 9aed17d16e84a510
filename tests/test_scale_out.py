"""Scale-out: two app processes on one PostgreSQL and one Redis serve the same newsroom.

Two gunicorn processes are started against this test's PostgreSQL database and a
shared Redis cache. Pages are read through both (so each process has warmed its
own caches), then a publication and a withdrawal are made through process A over
HTTP, and process B must show them on the very next request. A publication and a withdrawal
made elsewhere (in the test's own process, which shares neither process's cache) reach both
within the publication generation's second.

Needs PostgreSQL (DATABASE_URL) and Redis (CACHE_URL, default redis://127.0.0.1:6379/15).
On SQLite it skips (the suite's PostgreSQL pass runs it). Without Redis it skips
with the reason, unless the CI variable is set: then a missing Redis is a failure.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.models import Article, PartnerToken
from tests import factories

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("SCALE_OUT_CACHE_URL") or os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/15"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required because CI is set)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Browser:
    """A cookie-keeping HTTP client for one app process (no redirects followed)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.headers = dict(headers or {})  # sent with every request (a partner's token)

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> tuple[int, str]:
        return self.request("POST", path, data)


@pytest.fixture
def postgres(transactional_db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the scale-out test needs PostgreSQL (set DATABASE_URL); the PostgreSQL pass runs it")


@pytest.fixture
def redis_cache(postgres) -> Iterator[str]:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError as error:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {error}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


@pytest.fixture
def api_rate() -> str:
    """The partners' allowance in the app processes (a test parametrises it to see refusals)."""
    return settings.NEWSROOM_API_RATE


@pytest.fixture
def app_processes(postgres, redis_cache, api_rate, tmp_path) -> Iterator[tuple[int, int]]:
    """Two gunicorn processes sharing this test's database and the Redis cache."""
    env = {
        "NEWSROOM_API_RATE": api_rate,
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": settings.SECRET_KEY,  # the same key, so a session from this process is valid there
        "DATABASE_URL": database_url(),
        "CACHE_URL": redis_cache,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT),
    }
    processes, ports = [], []
    for name in ("a", "b"):
        port = free_port()
        log = (tmp_path / f"gunicorn-{name}.log").open("w")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        ports.append(port)
    try:
        deadline = time.monotonic() + 60
        for process, port in zip(processes, ports, strict=True):
            while True:
                if process.poll() is not None:
                    pytest.fail(f"app process on port {port} exited: {(tmp_path / 'gunicorn-a.log').read_text()}")
                try:
                    if Browser(port).get("/robots.txt")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"app process on port {port} did not start")
                time.sleep(0.2)  # waiting for start-up, not for the behaviour under test
        yield ports[0], ports[1]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_cache_url_selects_the_redis_cache():
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "CACHE_URL": "redis://127.0.0.1:6379/15"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("newsroom.cache.RedisCache")  # Django's Redis cache, one client per pool


def test_a_publication_is_served_at_once_where_made_and_within_a_second_by_the_other(app_processes, client):
    port_a, port_b = app_processes
    writer = factories.WriterFactory()
    editor = factories.EditorFactory()
    article = factories.ArticleFactory(
        authors=[writer.author], headline="Harbour wall: the first version", slug="harbour-wall"
    )
    workflow.submit(article, by=writer)
    workflow.publish(article, by=editor)
    url = f"/{article.section.slug}/harbour-wall/"

    # Both processes serve it, and have now rendered and cached it.
    for port in (port_a, port_b):
        status, page = Browser(port).get(url)
        assert status == 200
        assert "Harbour wall: the first version" in page
        assert "Harbour wall: the first version" in Browser(port).get("/")[1]

    # An update of the working copy, approved through process A's desk.
    article = workflow.start_update(Article.objects.get(pk=article.pk), by=editor)
    workflow.save_article(
        article, by=editor, base_version=article.version, fields={"headline": "Harbour wall: the corrected version"}
    )
    workflow.submit(Article.objects.get(pk=article.pk), by=editor)

    client.force_login(editor)  # a database session, valid in every process
    desk = Browser(port_a, {"sessionid": client.cookies["sessionid"].value})
    status, _ = desk.get(f"/desk/articles/{article.pk}/")
    assert status == 200
    seen = Article.objects.get(pk=article.pk).version  # the revision the editor reviewed
    status, _ = desk.post(
        f"/desk/articles/{article.pk}/transition/",
        {"transition": "publish", "publish-comment": "", "publish-revision": str(seen)},
    )
    assert status == 302
    assert Article.objects.get(pk=article.pk).status == "published"

    # The process that published serves it at once; the other within the generation's second.
    since = time.monotonic()
    status, page = Browser(port_a).get(url)
    assert status == 200
    assert "Harbour wall: the corrected version" in page
    assert "the first version" not in page
    corrected = lambda status, page: status == 200 and "corrected version" in page and "first version" not in page  # noqa: E731
    until_shown([Browser(port_b)], url, corrected, since=since)
    until_shown([Browser(port_b)], "/", lambda status, page: "Harbour wall: the corrected version" in page, since=since)

    # Withdrawn through A: gone from both at once.
    status, _ = desk.post(
        f"/desk/articles/{article.pk}/transition/",
        {"transition": "withdraw", "withdraw-comment": "Legal asked us to take it down."},
    )
    assert status == 302
    assert Article.objects.get(pk=article.pk).status == "unpublished"
    since = time.monotonic()
    assert Browser(port_a).get(url)[0] == 410  # Gone, with a withdrawal notice, at once where it was withdrawn
    assert "Harbour wall" not in Browser(port_a).get("/")[1]
    both = [Browser(port_a), Browser(port_b)]
    until_shown(both, url, lambda status, page: status == 410, since=since)
    until_shown(both, "/", lambda status, page: "Harbour wall" not in page, since=since)


# The promise: a change of what is public reaches every process within NEWSROOM_GENERATION_SECONDS (1 s);
# the rest is a request's own time on a busy test machine.
WITHIN_SECONDS = 1.5


def until_shown(browsers: list[Browser], path: str, shows: Callable[[int, str], bool], *, since: float) -> None:
    """Ask every process for `path` until each answers what `shows` accepts, within WITHIN_SECONDS of `since`."""
    waiting = list(browsers)
    while waiting:
        waiting = [browser for browser in waiting if not shows(*browser.get(path))]
        took = time.monotonic() - since
        assert not waiting or took < WITHIN_SECONDS, f"{path} still not changed after {took:.2f} s"
        if waiting:
            time.sleep(0.02)  # a pause between polls; the deadline above is the assertion


def test_a_change_made_elsewhere_reaches_readers_and_partners_of_both_processes_within_a_second(app_processes):
    writer = factories.WriterFactory()
    editor = factories.EditorFactory()
    token = PartnerToken(partner="Wire app")
    key = token.issue_key()
    token.save()
    first = factories.ArticleFactory(authors=[writer.author], headline="Harbour wall holds", slug="harbour-wall")
    workflow.publish(workflow.submit(first, by=writer), by=editor)
    url = f"/{first.section.slug}/harbour-wall/"
    readers = [Browser(port) for port in app_processes]
    partners = [Browser(port, headers={"Authorization": f"Token {key}"}) for port in app_processes]

    # Every process has rendered and kept the pages and the answers.
    for reader, partner in zip(readers, partners, strict=True):
        for _ in range(2):
            assert reader.get(url)[0] == 200
            assert "Harbour wall holds" in reader.get("/")[1]
            assert partner.get(f"/api/v1/articles/{first.pk}/")[0] == 200
            assert "Harbour wall holds" in partner.get("/api/v1/articles/")[1]

    # A publication by this process (committed; its cache is not theirs).
    second = factories.ArticleFactory(authors=[writer.author], headline="Ferry timetable changes", slug="ferry")
    workflow.publish(workflow.submit(second, by=writer), by=editor)
    since = time.monotonic()
    until_shown(readers, "/", lambda status, page: status == 200 and "Ferry timetable changes" in page, since=since)
    until_shown(partners, "/api/v1/articles/", lambda status, page: "Ferry timetable changes" in page, since=since)
    until_shown(partners, f"/api/v1/articles/{second.pk}/", lambda status, page: status == 200, since=since)

    # A withdrawal.
    workflow.withdraw(Article.objects.get(pk=first.pk), by=editor, comment="Legal asked us to take it down.")
    since = time.monotonic()
    gone = "Harbour wall holds"
    until_shown(readers, url, lambda status, page: status == 410, since=since)
    until_shown(readers, "/", lambda status, page: status == 200 and gone not in page, since=since)
    until_shown(partners, f"/api/v1/articles/{first.pk}/", lambda status, page: status == 404, since=since)
    until_shown(partners, "/api/v1/articles/", lambda status, page: status == 200 and gone not in page, since=since)


@pytest.mark.parametrize("api_rate", ["6/minute"])
def test_a_partner_calling_both_processes_at_once_has_one_allowance(app_processes):
    token = PartnerToken(partner="Wire app")
    key = token.issue_key()
    token.save()
    partners = [Browser(port, headers={"Authorization": f"Token {key}"}) for port in app_processes]

    # Sixteen requests at once, half to each process: the count is checked and written in one step in Redis,
    # so no two requests both take the sixth place.
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda number: partners[number % 2].get("/api/v1/sections/")[0], range(16)))

    assert sorted(statuses) == [200] * 6 + [429] * 10


def test_the_redis_cache_keeps_one_client_per_pool(settings):
    from django.core.cache import caches

    settings.CACHES = {"kept": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}}
    try:
        cache = caches.create_connection("kept")
    except Exception as error:  # pragma: no cover - the PostgreSQL pass has Redis; say so if it is gone
        pytest.fail(f"Redis cache not available: {error}")
    cache.set("newsroom-test-key", 42)
    assert cache.get("newsroom-test-key") == 42
    assert cache._cache.get_client() is cache._cache.get_client()
    cache.delete("newsroom-test-key")


def count_figures(redis_url: str) -> subprocess.CompletedProcess:
    """`manage.py count_figures` as cron runs it on one host: its own process, the shared database and cache."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url(), "CACHE_URL": redis_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "count_figures"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_figures_counted_by_cron_on_one_host_are_served_by_every_process(app_processes, redis_cache, client):
    from tests.desk.test_figures import make_pieces

    port_a, port_b = app_processes
    section = factories.SectionFactory()
    make_pieces(2, section, day=timezone.localdate())
    run = count_figures(redis_cache)
    assert run.returncode == 0 and "Counted the figures of" in run.stdout, run.stdout + run.stderr
    assert "CACHE_URL" not in run.stderr  # a shared cache: no warning

    make_pieces(1, section, day=timezone.localdate())  # after the count: not in the kept figures yet
    client.force_login(factories.EditorFactory())
    cookies = {"sessionid": client.cookies["sessionid"].value}
    for port in (port_a, port_b):
        status, page = Browser(port, cookies).get("/desk/figures/")
        assert status == 200 and "In all: 2." in page, port  # what the cron process counted
    status, page = Browser(port_b, cookies).get("/desk/figures/?fresh=1")
    assert status == 200 and "In all: 3." in page
    assert "In all: 3." in Browser(port_a, cookies).get("/desk/figures/")[1]  # B's count reaches A


def test_a_second_count_figures_while_one_runs_elsewhere_does_nothing(redis_cache):
    import redis

    from articles.desk import figures_kept

    lock = f":1:{figures_kept.LOCK_KEY}"  # Django's key for it (version 1, no prefix)
    held = redis.Redis.from_url(redis_cache)
    assert held.set(lock, b"another-host", nx=True, ex=60)  # a run on another host, midway
    run = count_figures(redis_cache)
    assert run.returncode == 0 and "Another run is counting the figures now; nothing done." in run.stdout
    held.delete(lock)
    run = count_figures(redis_cache)
    assert "Counted the figures of" in run.stdout and not held.exists(lock)  # freed when done
