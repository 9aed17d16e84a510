"""Benchmark: the partners' API list (`/api/v1/articles/`) under gunicorn against a trivial Django view.

Sets up a fresh SQLite database (or BENCH_DATABASE_URL) with published pieces and a
partner token, starts gunicorn with 2 workers and production settings (DEBUG off),
and loads with `wrk` (token header set), in alternating rounds, a trivial view
returning as many bytes as one API page and the API page itself (20 pieces, with
authentication, throttling, filtering, cursor pagination, serialisation and the
ETag). Prints requests per second of both, their ratio (target: at least 50 %) and
the SQL queries per request for a page of 1 and of 50 pieces (they must be equal).

    python bench/bench_api.py            # or: make bench
    BENCH_SECONDS=6 python bench/bench_api.py
"""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import sys
import tempfile
import time
import urllib.request

from bench_article_page import CONNECTIONS, ROUNDS, SECONDS, TARGET, WORKERS
from common import ROOT, body_text, free_port, prepare_database, start_gunicorn

PIECES = int(os.environ.get("BENCH_PIECES", "200"))


def build_api(host: str) -> tuple[str, str, int, tuple[int, int]]:
    """Migrate, publish the pieces, issue a token; the list URL, the key, the page size, its query counts."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Author, Byline, PartnerToken, PublishedVersion, Section
    from articles.workflow.snapshots import build_version, snapshot_queryset

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    sections = [Section.objects.create(name=name, slug=name.lower()) for name in ["Politics", "World", "Sport"]]
    authors = [Author.objects.create(name=f"Author {n}", slug=f"author-{n}", sign_off=f"a{n}") for n in range(5)]
    now = datetime.datetime.now(datetime.UTC)
    for number in range(PIECES):
        article = Article.objects.create(
            headline=f"Ministers delay the decision on the northern pipeline ({number})",
            teaser="The government still does not want to approve the pipeline through the national park.",
            dateline="Berlin/Oslo",
            body=body_text(number),
            section=sections[number % len(sections)],
            slug=f"pipeline-{number}",
            published_at=now,
        )
        Byline.objects.create(article=article, author=authors[number % len(authors)])
        version = build_version(snapshot_queryset().get(pk=article.pk), at=now - datetime.timedelta(minutes=number))
        version.save()
        version.authors.add(authors[number % len(authors)])
    token = PartnerToken(partner="Bench")
    key = token.issue_key()
    token.save()
    client = Client(HTTP_HOST=host, headers={"Authorization": f"Token {key}"})
    client.get("/api/v1/sections/")  # reads the publication generation, as a running process has
    counts = []
    for size in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/articles/?page_size={size}")
        assert response.status_code == 200, response.content
        counts.append(len(queries))
    size = len(client.get("/api/v1/articles/").content)
    assert PublishedVersion.objects.live().count() == PIECES
    connection.close()
    return "/api/v1/articles/", key, size, (counts[0], counts[1])


def fetch(url: str, key: str | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}"} if key else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200, (url, response.status)
        return response.read()


def wrk(url: str, seconds: int, key: str | None = None) -> float:
    import bench_article_page

    if key is None:
        return bench_article_page.wrk(url, seconds)
    # wrk has no per-call header option in bench_article_page's helper: run it here with the token.
    import re
    import subprocess

    result = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(CONNECTIONS),
            "-d",
            f"{seconds}s",
            "--latency",
            "-H",
            f"Authorization: Token {key}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"wrk got error answers from {url}:\n{result.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    latency = re.search(r"^\s+50%\s+(\S+)", result.stdout, re.MULTILINE)
    print(f"  {url}: {float(match[1]):,.0f} req/s, median latency {latency[1] if latency else '?'}", flush=True)
    return float(match[1])


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed. Install it with:  sudo apt-get install wrk   (Debian/Ubuntu)", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="newsroom-bench-api-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.site_bench_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",  # a port in Host is fine for Django
        "BENCH_STATIC_ROOT": f"{tmp}/static",
        "MEDIA_ROOT": f"{tmp}/media",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
        # Throttling stays on (its cache round trip is part of the cost), with a limit wrk cannot reach.
        "NEWSROOM_API_RATE": "100000000/s",
    }
    prepare_database(env, tmp)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    server = None
    try:
        started = time.monotonic()
        port = free_port()
        # The page's "next" link names the host, port included: the sizes compare only on the same address.
        path, key, size, queries = build_api(f"127.0.0.1:{port}")
        print(f"{PIECES} published pieces; API page of 20 pieces {size:,} bytes")
        print(f"SQL queries per API request: {queries[0]} for a page of 1, {queries[1]} for a page of 50")
        print(f"set-up {time.monotonic() - started:.1f} s; gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections")
        env["BENCH_TRIVIAL_BYTES"] = str(size)
        server = start_gunicorn(env, port, WORKERS)
        base = f"http://127.0.0.1:{port}"
        api_url, trivial_url = base + path, base + "/bench-trivial/"
        assert len(fetch(api_url, key)) == size == len(fetch(trivial_url))
        wrk(trivial_url, 2)
        wrk(api_url, 2, key)
        print(f"measured ({ROUNDS} alternating rounds of {SECONDS // ROUNDS} s each):")
        floors, apis = [], []
        for _round in range(ROUNDS):
            floors.append(wrk(trivial_url, SECONDS // ROUNDS))
            apis.append(wrk(api_url, SECONDS // ROUNDS, key))
        floor, api = sum(floors) / ROUNDS, sum(apis) / ROUNDS
        ratio = api / floor
        print(f"trivial view: {floor:,.0f} req/s")
        print(f"API list:     {api:,.0f} req/s")
        print(f"ratio: {ratio:.0%} ({'meets' if ratio >= TARGET else 'misses'} the target of {TARGET:.0%})")
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
