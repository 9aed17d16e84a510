"""Benchmark 5a: `publish_scheduled` on 2,000 due pieces (600-word bodies, one image each, 1,000 mails).

Builds the data on a fresh SQLite database (and on a fresh PostgreSQL database
when BENCH_DATABASE_URL is set, e.g. postgres://postgres@127.0.0.1:5432/nr_bench —
that database is dropped and created), runs the command in-process and prints
pieces per second and SQL queries per piece, the mails included (every other piece
has a staff writer who is told). Targets: >= 1,000 pieces/s on SQLite, >= 500/s on
PostgreSQL, <= 8 queries per piece (Wagtail 8.0.1: about 50 pages/s, 40 queries per page).

    python bench/bench_publish.py            # or: make bench
    BENCH_PIECES=10000 python bench/bench_publish.py
    BENCH_PROFILE=/tmp/publish.prof python bench/bench_publish.py   # and a cProfile of the command
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIECES = int(os.environ.get("BENCH_PIECES", "2000"))
# A newsroom-ish vocabulary; the body is these words in a varying order.
VOCABULARY = """
council harbour wall budget night talks groups ground costs spring years minister ceasefire missiles
peninsula weapons delivery allies summit capital agreement defence statement report government
parliament election committee spokesman morning evening region border negotiations reporters
"""
WORDS = VOCABULARY.split()


def body_text(seed: int) -> str:
    """600 words in six paragraphs with one subheading, varied per piece."""
    words = [WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(600)]
    paragraphs = [" ".join(words[i : i + 100]).capitalize() + "." for i in range(0, 600, 100)]
    return "\n\n".join([*paragraphs[:3], "## What comes next", *paragraphs[3:]])


def build(pieces: int, now) -> None:
    """The due pieces, written in bulk: fixture data, as a database restore would load it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from articles.models import Article, Author, Byline, Image, Placement, Section, State
    from articles.roles import WRITER

    user = get_user_model().objects.create_user("bench-writer", "writer@bench.test", "x", first_name="Bea")
    user.groups.add(Group.objects.get(name=WRITER))
    staff = Author.objects.create(name="Bea Bench", slug="bea-bench", sign_off="bb", user=user)
    agency = Author.objects.create(name="Agency", slug="agency", sign_off="dpa")
    sections = [Section.objects.create(name=f"Section {n}", slug=f"section-{n}") for n in range(5)]
    due = now - datetime.timedelta(minutes=5)
    Article.objects.bulk_create(
        [
            Article(
                kicker="Budget",
                headline=f"Council agrees on the harbour budget, part {n}",
                teaser="After a long night of talks the council has agreed on how to pay for the new harbour wall.",
                dateline="Hamburg",
                body=body_text(n),
                section=sections[n % len(sections)],
                slug=f"harbour-budget-{n}",
                status=State.SCHEDULED,
                publish_at=due,
            )
            for n in range(pieces)
        ],
        batch_size=1000,
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    Byline.objects.bulk_create(
        [Byline(article_id=pk, author=staff if pk % 2 else agency, position=0) for pk in ids], batch_size=2000
    )
    Image.objects.bulk_create(
        [
            Image(alt_text=f"Harbour wall {pk}", caption="The old harbour wall.", creator="Jana", agencies="dpa")
            for pk in ids
        ],
        batch_size=2000,
    )
    images = list(Image.objects.order_by("pk").values_list("pk", flat=True))
    Placement.objects.bulk_create(
        [
            Placement(article_id=pk, image_id=image, role=Placement.Role.LEAD)
            for pk, image in zip(ids, images, strict=True)
        ],
        batch_size=2000,
    )
    # As the workflow leaves a scheduled piece: its reviewed revision frozen and named as the one to publish.
    from articles.models import Revision
    from articles.workflow.snapshots import revision_of, snapshot_queryset

    for start in range(0, len(ids), 200):  # in chunks: SQLite limits the depth of one statement
        articles = list(snapshot_queryset(Article.objects.filter(pk__in=ids[start : start + 200]).order_by("pk")))
        revisions = Revision.objects.bulk_create([revision_of(article) for article in articles])
        for article, revision in zip(articles, revisions, strict=True):
            article.scheduled_revision = revision
        Article.objects.bulk_update(articles, ["scheduled_revision"])


def run(label: str) -> None:
    """In a child process whose settings point at a fresh database: build, publish, print the figures."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, OutboxMessage, PublishedVersion, WorkflowEvent

    call_command("migrate", verbosity=0)
    now = timezone.now()
    started = time.perf_counter()
    build(PIECES, now)
    print(f"[{label}] built {PIECES} due pieces in {time.perf_counter() - started:.1f}s", flush=True)

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    # What `manage.py publish_scheduled` does before the command starts: Django's system checks, which
    # import the URL configuration (the desk, the API). A one-time cost per run, reported on its own.
    started = time.perf_counter()
    from django.core import checks

    checks.run_checks()
    start_up = time.perf_counter() - started
    profile = None
    if os.environ.get("BENCH_PROFILE"):  # where the time goes: BENCH_PROFILE=/tmp/publish.prof
        import cProfile

        profile = cProfile.Profile()
    with connection.execute_wrapper(count):
        started, cpu_started = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        call_command("publish_scheduled", verbosity=0)
        if profile:
            profile.disable()
            profile.dump_stats(f"{os.environ['BENCH_PROFILE']}.{label}")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    published = Article.objects.published().count()
    assert published == PIECES, f"only {published} of {PIECES} published"
    assert PublishedVersion.objects.filter(is_live=True).count() == PIECES
    assert WorkflowEvent.objects.filter(transition="publish_due").count() == PIECES
    # The bylined staff writer of every other piece is told; the file backend wrote what the server would get.
    mails = sum(path.read_bytes().count(b"\nMessage-ID: ") for path in Path(os.environ["BENCH_MAIL_DIR"]).iterdir())
    rate = PIECES / elapsed
    per_piece = queries / PIECES
    target = 1000 if label == "sqlite" else 500
    verdict = "meets" if rate >= target and per_piece <= 8 else "MISSES"
    unsent = OutboxMessage.objects.pending().count()
    assert unsent == 0, f"{unsent} mails left unsent"
    print(
        f"[{label}] publish_scheduled: {PIECES} pieces in {elapsed:.2f}s = {rate:,.0f} pieces/s, "
        f"{queries} queries = {per_piece:.2f} queries/piece, {mails} mails sent "
        f"({verdict} the target: >= {target:,}/s, <= 8/piece); start-up before it (system checks) {start_up:.2f}s",
        flush=True,
    )
    # On a shared machine the wall clock includes waiting for the CPU; this is the command's own time.
    print(
        f"[{label}] CPU time of the command: {cpu:.2f}s = {PIECES / cpu:,.0f} pieces per CPU-second "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        flush=True,
    )


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark's own PostgreSQL database."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        password=config["PASSWORD"] or None,
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def child(label: str, database_url: str, mail_dir: str) -> int:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.publish_bench_settings",
        "BENCH_MAIL_DIR": mail_dir,
        # Production settings: DEBUG off (no query log kept per statement).
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run([sys.executable, __file__, "--run", label], cwd=ROOT, env=env).returncode


def main() -> int:
    if sys.argv[1:2] == ["--run"]:
        run(sys.argv[2])
        return 0
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(f"{tmp}/mail-sqlite")
        failed |= child("sqlite", f"sqlite:///{tmp}/bench.sqlite3", f"{tmp}/mail-sqlite")
    pg_url = os.environ.get("BENCH_DATABASE_URL")
    if pg_url:
        fresh_postgres(pg_url)
        with tempfile.TemporaryDirectory() as tmp:
            failed |= child("postgresql", pg_url, tmp)
    else:
        print("[postgresql] skipped: set BENCH_DATABASE_URL to also measure on PostgreSQL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
