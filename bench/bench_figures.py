"""How fast the newsroom's figures page answers at an agency's scale (issue #25, point 5: ≤ 300 ms).

Builds a throw-away database — a SQLite file, or the server named by BENCH_DATABASE_URL (PostgreSQL,
written with COPY) — with BENCH_PIECES pieces (default 50,000) filed over the last BENCH_DAYS days
(default 30: some 1,700 a day) in seven sections of three desks, each with its workflow events: submitted,
a third sent back once and submitted again, then published or scheduled and published on schedule, one in
twenty corrected; a first draft of 20 minutes to 6 hours, a review of 5 minutes to 8 hours. Then asks
for the figures page (last 7, 30 and 90 days, and 30 days of one desk) through Django's test Client and
prints median and 95th-percentile server time, queries per request and the slowest query.

    python bench/bench_figures.py                      # or: make bench (runs every bench)
    BENCH_PIECES=5000 python bench/bench_figures.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench python bench/bench_figures.py
    BENCH_EXPLAIN=1 ...         # PostgreSQL: print the plan of each page's slowest query
    BENCH_JIT=on ...            # PostgreSQL: leave the server's JIT setting as it is (default: off per session)
    BENCH_BACKFILL=1 ...        # also time `fill_stage_entered` over every event (migration 0030's backfill)
    BENCH_KEEP=1 ...            # PostgreSQL: keep the database ("test_<name>") for a closer look

The rows are written whether or not `WorkflowEvent.stage_entered_at` exists, so the same script measures
the code before it (run it from a checkout of that code).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PIECES = int(os.environ.get("BENCH_PIECES", "50000"))
DAYS = int(os.environ.get("BENCH_DAYS", "30"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10"))
EXPLAIN = bool(os.environ.get("BENCH_EXPLAIN"))
JIT = os.environ.get("BENCH_JIT", "off")
BACKFILL = bool(os.environ.get("BENCH_BACKFILL"))
KEEP = bool(os.environ.get("BENCH_KEEP"))
SERVER_DB = os.environ.get("BENCH_DATABASE_URL", "")

workdir = tempfile.TemporaryDirectory(prefix="newsroom-bench-")
os.environ["DATABASE_URL"] = SERVER_DB or f"sqlite:///{workdir.name}/bench.sqlite3"
os.environ.setdefault("DEBUG", "1")  # development settings: no SECRET_KEY needed for a local benchmark
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["MEDIA_ROOT"] = str(Path(workdir.name) / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import random  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.exceptions import FieldDoesNotExist  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Desk, Section, State, WorkflowEvent  # noqa: E402
from articles.roles import EDITOR, WRITER  # noqa: E402

ORIGINAL_NAME = connection.settings_dict["NAME"]
MINUTE = datetime.timedelta(minutes=1)

try:
    WorkflowEvent._meta.get_field("stage_entered_at")
    HAS_STAGE_ENTERED = True
except FieldDoesNotExist:  # the code before the field: the figures look the entry up
    HAS_STAGE_ENTERED = False
HAS_EVENT_SECTION = any(field.name == "section" for field in WorkflowEvent._meta.fields)  # before 0033: joined


def prepare_database() -> None:
    if SERVER_DB:
        # A fresh "test_<name>" database on the server, dropped at the end.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)


def write_rows(model, objects) -> None:
    """Insert `objects` (unsaved, primary keys unset): COPY on PostgreSQL, `bulk_create` elsewhere."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([field.get_db_prep_save(_value(field, obj), connection) for field in fields])


def _value(field, obj):
    """The row's own creation time where it has one (auto_now_add would take the time of the insert)."""
    given = getattr(obj, field.attname)
    return given if field.attname == "created_at" and given is not None else field.pre_save(obj, True)


def story(rng: random.Random, created: datetime.datetime) -> list[tuple[str, str, str, datetime.datetime]]:
    """One piece's events after its creation: (transition, from, to, time)."""
    events = []
    at = created + rng.uniform(20, 360) * MINUTE  # the first draft
    events.append(("submit", State.DRAFT, State.IN_REVIEW, at))
    if rng.random() < 1 / 3:  # sent back once
        at += rng.uniform(5, 480) * MINUTE
        events.append(("request_changes", State.IN_REVIEW, State.DRAFT, at))
        at += rng.uniform(10, 180) * MINUTE
        events.append(("submit", State.DRAFT, State.IN_REVIEW, at))
    at += rng.uniform(5, 480) * MINUTE
    if rng.random() < 0.2:
        events.append(("schedule", State.IN_REVIEW, State.SCHEDULED, at))
        at += rng.uniform(30, 720) * MINUTE
        events.append(("publish_due", State.SCHEDULED, State.PUBLISHED, at))
    else:
        events.append(("publish", State.IN_REVIEW, State.PUBLISHED, at))
    if rng.random() < 0.05:
        at += rng.uniform(10, 600) * MINUTE
        events.append(("correct", State.PUBLISHED, State.PUBLISHED, at))
    return events


def story_events(pk: int, created: datetime.datetime, events, editor, section_id: int | None):
    """A piece's story as WorkflowEvent rows, each with when the piece entered the stage it leaves and the
    piece's section (written with each event, as the workflow does)."""
    entered = {State.DRAFT: created}
    for transition, from_state, to_state, at in events:
        event = WorkflowEvent(
            article_id=pk,
            transition=transition,
            from_state=from_state,
            to_state=to_state,
            actor=editor,
            comment="",
            created_at=at,
        )
        if HAS_EVENT_SECTION:
            event.section_id = section_id
        if HAS_STAGE_ENTERED:
            event.stage_entered_at = entered.get(from_state, created)
        if from_state != to_state:
            entered[to_state] = at
        yield event


def populate():
    rng = random.Random(20261204)
    users = get_user_model().objects
    editor = users.create_user("bench-editor", password="x", first_name="Eda", last_name="Editor")
    editor.groups.add(Group.objects.get(name=EDITOR))
    writer = users.create_user("bench-writer", password="x", first_name="Wri", last_name="Ter")
    writer.groups.add(Group.objects.get(name=WRITER))
    desks = Desk.objects.bulk_create(Desk(name=name.title(), slug=name) for name in ("news", "sport", "culture"))
    sections = []
    for n, name in enumerate(["politics", "business", "local", "sport", "football", "culture", "science"]):
        desk = desks[1] if name in ("sport", "football") else desks[2] if name in ("culture", "science") else desks[0]
        sections.append(Section.objects.create(name=name.title(), slug=name, position=n, desk=desk))

    now = timezone.now()
    first = now - datetime.timedelta(days=DAYS)
    created = sorted(first + rng.uniform(0, DAYS * 86400) * datetime.timedelta(seconds=1) for _ in range(PIECES))
    stories = [[event for event in story(rng, when) if event[3] < now] for when in created]
    articles = []
    for n, (when, events) in enumerate(zip(created, stories, strict=True)):
        state = events[-1][2] if events else State.DRAFT
        article = Article(
            headline=f"Piece {n}",
            teaser="A teaser.",
            body="Words.",
            section=rng.choice(sections),
            slug=f"piece-{n}",
            status=state,
            created_by=writer,
            published_at=next((e[3] for e in events if e[2] == State.PUBLISHED), None),
            publish_at=events[-1][3] + datetime.timedelta(hours=12) if state == State.SCHEDULED else None,
        )
        article.created_at = when  # written as is by COPY (see `_value`), put back after bulk_create
        articles.append(article)
    write_rows(Article, articles)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    if connection.vendor != "postgresql":  # bulk_create took the time of the insert: put the story's back
        stamped = [Article(pk=pk, created_at=when) for pk, when in zip(ids, created, strict=True)]
        Article.objects.bulk_update(stamped, ["created_at"], batch_size=1000)
    rows = []
    for pk, when, events, article in zip(ids, created, stories, articles, strict=True):
        rows.extend(story_events(pk, when, events, editor, article.section_id))
    rows.sort(key=lambda event: event.created_at)  # ids in time order, as recorded
    write_rows(WorkflowEvent, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a table at rest: index-only scans possible
    return editor, desks[0]


def measure(client: Client, url: str) -> tuple[list[float], list[int], tuple[float, str]]:
    client.get(url)  # warm-up
    times, queries, slowest = [], [], (0.0, "")
    each: dict[str, list[float]] = {}
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(context.captured_queries))
        for query in context.captured_queries:
            slowest = max(slowest, (float(query["time"]) * 1000, query["sql"]))
            each.setdefault(query["sql"][:70], []).append(float(query["time"]) * 1000)
    if EXPLAIN:
        for sql, spent in sorted(each.items(), key=lambda item: -statistics.median(item[1]))[:6]:
            print(f"    {statistics.median(spent):7.1f} ms  {sql}")
    return times, queries, slowest


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    started = time.perf_counter()
    prepare_database()
    editor, desk = populate()
    setup = time.perf_counter() - started
    if connection.vendor == "postgresql" and JIT != "on":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
    print(
        f"database: {connection.vendor}; {Article.objects.count():,} pieces over {DAYS} days, "
        f"{WorkflowEvent.objects.count():,} events; stage_entered_at: {'yes' if HAS_STAGE_ENTERED else 'no'}; "
        f"jit {JIT if connection.vendor == 'postgresql' else '-'}; set up in {setup:.1f} s"
    )
    print(f"{REQUESTS} requests per page after one warm-up; server time through Django's test Client\n")
    pages = [
        ("figures, last 7 days", "/desk/figures/?period=7"),
        ("figures, last 30 days", "/desk/figures/?period=30"),
        ("figures, last 90 days", "/desk/figures/?period=90"),
        ("figures, 30 days, one desk", f"/desk/figures/?period=30&desk={desk.slug}"),
    ]
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'slowest q ms':>13}")
    plans = []
    client = Client()
    client.force_login(editor)
    for label, url in pages:
        times, queries, (slow_ms, slow_sql) = measure(client, url)
        spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
        print(
            f"{label:32} {statistics.median(times):10.1f} {percentile(times, 0.95):8.1f} {spread:>8} {slow_ms:13.1f}",
            flush=True,
        )
        plans.append((label, slow_sql))
    if EXPLAIN and connection.vendor == "postgresql":
        for label, sql in plans:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {sql}")
                print(f"\n-- {label}: slowest query\n" + "\n".join(row[0] for row in cursor.fetchall()))
    if BACKFILL and HAS_STAGE_ENTERED:
        from articles.models.publishing import fill_stage_entered

        WorkflowEvent.objects.update(stage_entered_at=None)
        start = time.perf_counter()
        written = fill_stage_entered(WorkflowEvent, Article)
        print(f"\nbackfill (migration 0030's function): {written:,} events in {time.perf_counter() - start:.1f} s")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    if SERVER_DB and not KEEP:
        connection.close()
        connection.creation.destroy_test_db(ORIGINAL_NAME, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
