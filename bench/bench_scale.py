"""The desk at an agency's scale: every page an editor opens in the morning, over two years of archive.

Builds a throw-away database — a SQLite file, or the server named by BENCH_DATABASE_URL (PostgreSQL, written
with COPY) — with BENCH_ARTICLES pieces (default 50,000; an agency's two years are about 1,000,000) created
evenly over two years, each with its workflow story (submitted, perhaps sent back, scheduled or published,
sometimes corrected or withdrawn: the events the figures read), a byline, a short body for the full-text index
and, when published, its live version; BENCH_ASSIGNMENTS assignments (default 100,000) of which the newest
past ones carry pieces; and the pieces still under way today. Then asks for the dashboards, the board, the
story budget, the article list (filtered, searched) and the figures page through Django's test Client and
prints median and 95th-percentile server time, queries per request and the slowest query. Targets: p95 <= 100
ms, the figures page <= 300 ms (served as cron's `count_figures` leaves it: counted ahead; the rows "counted
now" show what counting costs, without a target); the run exits 1 when one is missed.

    python bench/bench_scale.py                                   # or: make bench
    BENCH_ARTICLES=1000000 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_scale python bench/bench_scale.py
    BENCH_EXPLAIN=1 ...   # PostgreSQL: print the plan of each page's slowest query
    BENCH_KEEP=1 ...      # PostgreSQL: keep the "test_<name>" database afterwards
    BENCH_REUSE=1 ...     # PostgreSQL: measure again the database a BENCH_KEEP=1 run left today (no set-up)
"""

import datetime
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("BENCH_ARTICLES", "50000")

import bench_figures as figures
import bench_planning as planning
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles.desk import figures_kept
from articles.models import Article, Assignment, Byline, PublishedVersion, Section, State, WorkflowEvent

ARTICLES = int(os.environ["BENCH_ARTICLES"])
DAYS = 730
# An agency's writers: about 2,500 pieces each over the two years (3.4 a day), at least 40.
WRITERS = max(40, ARTICLES // 2500)
UNDER_WAY = 300  # the newest pieces, still being written, reviewed or scheduled: the board's working columns
TARGET_MS, FIGURES_TARGET_MS = 100.0, 300.0
# Made-up words for the bodies, and a few real ones searched for: each in about 1 piece of 150 (a topical
# word in a general archive; BENCH_SEARCHED_SHARE=0.01 makes them ten times as common).
VOCABULARY = [a + b + c for a in "bdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ei", "au") for c in "lmnrstx"]
SEARCHED = ["harbour", "budget", "tram", "strike", "festival", "bridge"]
SEARCHED_SHARE = float(os.environ.get("BENCH_SEARCHED_SHARE", "0.001"))
# The planner's cost of a random read: 1.1 as PostgreSQL's documentation advises for SSD storage (README,
# deployment); the default 4 assumes spinning disks and makes it scan a million pieces to avoid index reads.
RANDOM_PAGE_COST = os.environ.get("BENCH_RANDOM_PAGE_COST", "1.1")
REUSE = bool(os.environ.get("BENCH_REUSE")) and bool(planning.SERVER_DB)


def created(n: int, now: datetime.datetime) -> datetime.datetime:
    """Piece n's creation: evenly over two years, oldest first; the last UNDER_WAY within the last hours."""
    if n >= ARTICLES - UNDER_WAY:
        return now - datetime.timedelta(minutes=(ARTICLES - n) * 2)
    return now - datetime.timedelta(days=DAYS) * (1 - n / ARTICLES) - datetime.timedelta(hours=12)


def story(n: int, now: datetime.datetime) -> list[tuple[str, str, str, datetime.datetime]]:
    """Piece n's events up to now (the same every time it is asked: its own random sequence)."""
    rng = random.Random(n)
    events = figures.story(rng, created(n, now))
    if events[-1][2] == State.PUBLISHED and rng.random() < 0.03:
        events.append(("withdraw", State.PUBLISHED, State.UNPUBLISHED, events[-1][3] + datetime.timedelta(hours=3)))
    return [event for event in events if event[3] < now]


def articles(now: datetime.datetime, sections, writers):
    for n in range(ARTICLES):
        rng = random.Random(-n)
        events = story(n, now)
        state = events[-1][2] if events else State.DRAFT
        words = [rng.choice(SEARCHED) if rng.random() < SEARCHED_SHARE else rng.choice(VOCABULARY) for _ in range(40)]
        article = Article(
            headline=f"{rng.choice(VOCABULARY).title()} {' '.join(words[:3])} {n}",
            teaser="A teaser.",
            body=" ".join(words),
            section=sections[n % len(sections)],
            slug=f"piece-{n}",
            status=state,
            created_by=writers[n % len(writers)],
            published_at=next((e[3] for e in events if e[2] == State.PUBLISHED), None),
            publish_at=events[-1][3] + datetime.timedelta(hours=12) if state == State.SCHEDULED else None,
        )
        article.created_at = created(n, now)  # written as is by COPY (bench_figures._value)
        yield article


def events(now: datetime.datetime, ids: list[int], editor, sections):
    for n, pk in enumerate(ids):
        yield from figures.story_events(pk, created(n, now), story(n, now), editor, sections[n % len(sections)].pk)


def live_versions(now: datetime.datetime, sections):
    """What readers see of each published piece: its live version (the desk asks whether one exists)."""
    rows = Article.objects.filter(status=State.PUBLISHED).order_by("pk")
    for pk, slug, headline, section_id, published in rows.values_list(
        "pk", "slug", "headline", "section_id", "published_at"
    ).iterator(chunk_size=20000):
        yield PublishedVersion(
            article_id=pk,
            is_live=True,
            published_at=published,
            first_published_at=published,
            section_id=section_id,
            section_slug=sections[section_id],
            slug=slug,
            headline=headline,
            date=published.date(),
            body_html="<p>Words.</p>",
        )


def populate():
    editor, writers, photographers, sections, authors = planning.staff(WRITERS)
    now = timezone.now()
    started = time.perf_counter()
    figures.write_rows(Article, articles(now, sections, writers))
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    if connection.vendor != "postgresql":  # bulk_create took the time of the insert: put the story's back
        stamped = [Article(pk=pk, created_at=created(n, now)) for n, pk in enumerate(ids)]
        Article.objects.bulk_update(stamped, ["created_at"], batch_size=1000)
    print(f"  {len(ids):,} pieces in {time.perf_counter() - started:.0f} s", flush=True)
    figures.write_rows(Byline, (Byline(article_id=pk, author=authors[n % len(authors)]) for n, pk in enumerate(ids)))
    figures.write_rows(WorkflowEvent, events(now, ids, editor, sections))
    # A list: the rows are read before COPY takes the connection.
    figures.write_rows(PublishedVersion, list(live_versions(now, {s.pk: s.slug for s in sections})))
    print(f"  bylines, events and live versions after {time.perf_counter() - started:.0f} s", flush=True)
    planning.plan(random.Random(20261204), editor, writers, photographers, sections, ids[::-1])
    print(f"  assignments after {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves tables at rest
            cursor.execute("CHECKPOINT")  # the load's writes flushed now, not while the pages are measured
    return editor, writers[0], sections[0]


def kept():
    """The newsroom a BENCH_KEEP=1 run left in "test_<name>" (its stories are dated from that day's clock)."""
    connection.close()
    connection.settings_dict["NAME"] = connection.creation._get_test_db_name()
    users = get_user_model().objects
    return users.get(username="bench-editor"), users.get(username="bench-writer0"), Section.objects.get(slug="politics")


def main() -> int:
    started = time.perf_counter()
    if REUSE:
        editor, writer, section = kept()
    else:
        planning.prepare_database()
        editor, writer, section = populate()
    gc.collect()
    gc.freeze()  # as newsroom/wsgi.py does once a server process has loaded: no full GC pass over it all
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET random_page_cost = %s", [RANDOM_PAGE_COST])
            if figures.JIT != "on":
                cursor.execute("SET jit = off")  # docs/benchmarks.md: JIT compiles for longer than these queries run
    print(
        f"database: {connection.vendor}; {Article.objects.count():,} pieces over {DAYS} days, "
        f"{WorkflowEvent.objects.count():,} events, {Assignment.objects.count():,} assignments; "
        f"set up in {time.perf_counter() - started:.0f} s"
    )
    print(f"{planning.REQUESTS} requests per page after one warm-up; server time through Django's test Client\n")
    today = timezone.localdate().isoformat()
    pages = [
        ("dashboard (editor)", editor, "/desk/"),
        ("dashboard (writer)", writer, "/desk/"),
        ("board (editor's desk)", editor, "/desk/board/"),
        ("board (all desks)", editor, "/desk/board/?desk=all"),
        ("budget today (editor's desk)", editor, f"/desk/planning/?date={today}"),
        ("budget today (all desks)", editor, f"/desk/planning/?date={today}&desk=all"),
        ("article list", editor, "/desk/articles/"),
        ("list: state + section", editor, f"/desk/articles/?status=published&section={section.pk}"),
        ("list: search", editor, "/desk/articles/?q=harbour+budget"),
        ("list: search + filters", editor, f"/desk/articles/?q=harbour&status=published&section={section.pk}"),
        ("list (writer)", writer, "/desk/articles/"),
        ("figures, last 30 days", editor, "/desk/figures/?period=30"),
        ("figures, last 90 days", editor, "/desk/figures/?period=90"),
        ("figures, 30 days, one desk", editor, f"/desk/figures/?period=30&desk={section.desk.slug}"),
        ("figures, 30 days, one section", editor, f"/desk/figures/?period=30&section={section.slug}"),
        # What the kept figures spare an editor: each request counts (the "Count again now" link).
        ("figures counted now, 30 days", editor, "/desk/figures/?period=30&fresh=1"),
        ("figures counted now, 90 days", editor, "/desk/figures/?period=90&fresh=1"),
    ]
    # As cron leaves it: `count_figures` has counted every period the page offers (articles.desk.figures_kept).
    counting = time.perf_counter()
    scopes = figures_kept.count_ahead()
    print(f"count_figures: {scopes} scopes counted ahead in {time.perf_counter() - counting:.1f} s\n")
    print(f"{'page':30} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'slowest q ms':>13} {'target':>8}")
    plans, missed = [], []
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        times, queries, (slow_ms, slow_sql), _cpu = planning.measure(client, url)
        p95 = planning.percentile(times, 0.95)
        target = FIGURES_TARGET_MS if url.startswith("/desk/figures/") else TARGET_MS
        if "fresh=1" in url:
            target = None  # the cost of counting, shown beside the pages: no target of its own
        elif p95 > target:
            missed.append(label)
        spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
        mark = "-" if target is None else f"<= {target:.0f}" if p95 <= target else f"MISSED {target:.0f}"
        print(
            f"{label:30} {statistics.median(times):10.1f} {p95:8.1f} {spread:>8} {slow_ms:13.1f} {mark:>8}",
            flush=True,
        )
        plans.append((label, slow_sql))
    if planning.EXPLAIN and connection.vendor == "postgresql":
        for label, sql in plans:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {sql}")
                print(f"\n-- {label}: slowest query\n" + "\n".join(row[0] for row in cursor.fetchall()))
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if planning.SERVER_DB and not os.environ.get("BENCH_KEEP") and not REUSE:
        connection.creation.destroy_test_db(planning.ORIGINAL_NAME, verbosity=0)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
