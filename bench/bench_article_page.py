"""Benchmark 5b: the public article page under gunicorn against a trivial Django view.

Sets up a fresh SQLite database (or BENCH_DATABASE_URL, e.g.
postgres://postgres@127.0.0.1:5432/nr_bench_site — dropped and created) with
published pieces, collects static files into a temporary STATIC_ROOT (served by
WhiteNoise), starts gunicorn with 2 workers and production settings (DEBUG off),
and loads with `wrk` from a second process, in alternating rounds, a trivial view
returning as many bytes as the article page through the same middleware and the
article page. Prints requests per second of both and their ratio. Target: at least 70 % on SQLite
(issue #13, with pictures; 50 % before it; Wagtail's article page reaches about 6 % of that floor).

    python bench/bench_article_page.py            # or: make bench
    BENCH_SECONDS=5 python bench/bench_article_page.py
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from common import ROOT, body_text, free_port, prepare_database, start_gunicorn

PIECES = int(os.environ.get("BENCH_PIECES", "200"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = 2
ROUNDS = 2
TARGET = 0.7


def build_site() -> tuple[str, int, tuple[int, int]]:
    """Migrate, publish the pieces, collect static files; the article URL, its size, its query counts."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Author, Byline, Image, Placement, PublishedVersion, Section
    from articles.workflow.snapshots import build_version, snapshot_queryset
    from tests.site_support import jpeg

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    sections = [
        Section.objects.create(name=name, slug=name.lower(), position=index)
        for index, name in enumerate(["Politics", "World", "Business", "Culture", "Sport"])
    ]
    author = Author.objects.create(name="Fabian Müller", slug="fabian-mueller", sign_off="fmu")
    image = Image(
        alt_text="Pipes stacked on a quay at dusk",
        caption="Engineers would like to start work on the coast this autumn.",
        creator="Jana Beispiel",
        organisation="Port Authority",
        agencies="AP/dpa",
        is_archive=True,
    )
    image.file.save("launch.jpg", jpeg(), save=True)
    now = datetime.datetime.now(datetime.UTC)
    for number in range(PIECES):
        article = Article.objects.create(
            kicker="Energy",
            headline=f"Ministers delay the decision on the northern pipeline ({number})",
            teaser="The government still does not want to approve the pipeline through the national park.",
            dateline="Berlin/Oslo",
            body=body_text(number),
            section=sections[number % len(sections)],
            slug=f"pipeline-{number}",
            published_at=now,
        )
        Byline.objects.create(article=article, author=author)
        Placement.objects.create(article=article, image=image, role="lead")
        Placement.objects.create(article=article, image=image, role="inline", position=4)
        version = build_version(snapshot_queryset().get(pk=article.pk), at=now)
        version.save()
        version.authors.add(author)
    piece = PublishedVersion.objects.live().order_by("pk").first()
    url = piece.get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    # Later requests are the steady state: the rendered page is kept in the cache.
    with CaptureQueriesContext(connection) as later:
        client.get(url)
    connection.close()
    return url, len(response.content), (len(first), len(later))


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200, (url, response.status)
        return response.read()


def wrk(url: str, seconds: int) -> float:
    """Requests per second wrk reaches on the URL (non-2xx answers make the run fail)."""
    result = subprocess.run(
        ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"wrk got error answers from {url}:\n{result.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if not match:
        raise SystemExit(f"could not read wrk's output:\n{result.stdout}")
    latency = re.search(r"^\s+50%\s+(\S+)", result.stdout, re.MULTILINE)
    print(f"  {url}: {float(match[1]):,.0f} req/s, median latency {latency[1] if latency else '?'}", flush=True)
    return float(match[1])


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed. Install it with:  sudo apt-get install wrk   (Debian/Ubuntu)", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="newsroom-bench-site-")
    env = {
        **os.environ,
        "BENCH_TMP": tmp,
        "DJANGO_SETTINGS_MODULE": "bench.site_bench_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BENCH_STATIC_ROOT": f"{tmp}/static",
        "MEDIA_ROOT": f"{tmp}/media",
        # Plain HTTP on the loopback: no redirect to https (a proxy terminates TLS in production).
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
    }
    prepare_database(env, env["BENCH_TMP"])
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    server = None
    try:
        started = time.monotonic()
        url, size, queries = build_site()
        print(
            f"{PIECES} published pieces; article page {size:,} bytes; SQL queries: "
            f"{queries[0]} for the first request (renders), {queries[1]} per request after that"
        )
        print(f"set-up {time.monotonic() - started:.1f} s; gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections")
        env["BENCH_TRIVIAL_BYTES"] = str(size)
        port = free_port()
        server = start_gunicorn(env, port, WORKERS)
        base = f"http://127.0.0.1:{port}"
        article_url, trivial_url = base + url, base + "/bench-trivial/"
        page = fetch(article_url)
        assert len(page) == size == len(fetch(trivial_url))
        # The stylesheet comes from WhiteNoise out of the collected, hashed static files.
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', page)
        assert stylesheet and fetch(base + stylesheet[1].decode()), "site.css is not served"
        for warm in (trivial_url, article_url):
            wrk(warm, 2)
        # Alternating rounds, so a burst of load from elsewhere on the machine hits both alike.
        print(f"measured ({ROUNDS} alternating rounds of {SECONDS // ROUNDS} s each):")
        floors, articles = [], []
        for _round in range(ROUNDS):
            floors.append(wrk(trivial_url, SECONDS // ROUNDS))
            articles.append(wrk(article_url, SECONDS // ROUNDS))
        floor, article = sum(floors) / ROUNDS, sum(articles) / ROUNDS
        ratio = article / floor
        verdict = "meets" if ratio >= TARGET else "misses"
        print(f"trivial view: {floor:,.0f} req/s")
        print(f"article page: {article:,.0f} req/s")
        print(f"ratio: {ratio:.0%} ({verdict} the target of {TARGET:.0%})")
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
