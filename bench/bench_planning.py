"""How fast the planning pages answer at an agency's scale: 100,000 assignments over two years.

Builds a throw-away database — a SQLite file, or the server named by BENCH_DATABASE_URL (PostgreSQL,
written with COPY) — with BENCH_ASSIGNMENTS assignments (default 100,000: about 140 a day over two
years, one writer each, some with a photographer, every desk), an archive of BENCH_ARTICLES pieces
(default 20,000; the past assignments' pieces among them) with bylines and workflow events, then asks
for the story budget, the desk board and the dashboard through Django's test Client and prints median
and 95th-percentile server time, the median CPU time of the Django process, queries per request and the slowest
query of each page.

    python bench/bench_planning.py                      # or: make bench (runs every bench)
    BENCH_ASSIGNMENTS=10000 BENCH_ARTICLES=5000 python bench/bench_planning.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench python bench/bench_planning.py
    BENCH_EXPLAIN=1 ...                                 # PostgreSQL: print the plan of each page's slowest query
    BENCH_PROFILE=1 ...                                 # profile one request of each page (cProfile, top 15)
    BENCH_KEEP=1 ...                                    # PostgreSQL: keep the "test_<name>" database afterwards
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ASSIGNMENTS = int(os.environ.get("BENCH_ASSIGNMENTS", "100000"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "20000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
EXPLAIN = bool(os.environ.get("BENCH_EXPLAIN"))
PROFILE = bool(os.environ.get("BENCH_PROFILE"))
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
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import (  # noqa: E402
    Article,
    Assignment,
    Author,
    Byline,
    Desk,
    Section,
    State,
    WorkflowEvent,
)
from articles.roles import EDITOR, PHOTOGRAPHER, WRITER  # noqa: E402

ORIGINAL_NAME = connection.settings_dict["NAME"]
WORDS = ["council", "harbour", "budget", "wall", "tram", "strike", "festival", "river", "vote", "court", "bridge"]


def prepare_database() -> None:
    if SERVER_DB:
        # A fresh "test_<name>" database on the server, dropped at the end.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)


def write_rows(model, objects) -> None:
    """Insert `objects` (unsaved, primary keys unset): COPY on PostgreSQL, `bulk_create` elsewhere.

    Rows arrive in the order given, so the primary keys the sequence hands out follow that order.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])


def staff(writer_count: int = 40):
    """The newsroom: an editor, `writer_count` writers (15 on the news desk), 5 photographers, three desks,
    seven sections."""
    users = get_user_model().objects
    editor = users.create_user("bench-editor", password=None, first_name="Eda", last_name="Editor")
    editor.groups.add(Group.objects.get(name=EDITOR))
    writers, photographers = [], []
    for n in range(writer_count):
        writer = users.create_user(f"bench-writer{n}", password=None, first_name="Writer", last_name=str(n))
        writer.groups.add(Group.objects.get(name=WRITER))
        writers.append(writer)
    for n in range(5):
        photographer = users.create_user(f"bench-photo{n}", password=None, first_name="Photo", last_name=str(n))
        photographer.groups.add(Group.objects.get(name=PHOTOGRAPHER))
        photographers.append(photographer)
    desks = Desk.objects.bulk_create(Desk(name=name.title(), slug=name) for name in ("news", "sport", "culture"))
    desks[0].members.add(editor, *writers[:15])
    sections = []
    for n, name in enumerate(["politics", "business", "local", "sport", "football", "culture", "science"]):
        desk = desks[1] if name in ("sport", "football") else desks[2] if name in ("culture", "science") else desks[0]
        sections.append(Section.objects.create(name=name.title(), slug=name, position=n, desk=desk))
    authors = Author.objects.bulk_create(
        Author(name=f"Writer {n}", slug=f"writer-{n}", sign_off=f"w{n}", user=w) for n, w in enumerate(writers)
    )
    return editor, writers, photographers, sections, authors


def plan(rng: random.Random, editor, writers, photographers, sections, newest_first: list[int]) -> None:
    """ASSIGNMENTS assignments over two years, most of them past; the newest past ones carry the archive's
    pieces (`newest_first`: article ids), one each."""
    now = timezone.now()
    span_days = max(30, ASSIGNMENTS // 140)  # about ASSIGNMENTS / 730 deadlines a day
    first = now - datetime.timedelta(days=span_days * 0.9)
    deadlines = sorted(
        first + datetime.timedelta(seconds=rng.uniform(0, span_days * 86400)) for _ in range(ASSIGNMENTS)
    )
    past = sum(1 for deadline in deadlines if deadline < now)
    linked = dict(zip(range(past - 1, -1, -1), newest_first, strict=False))
    assignments = []
    for n, deadline in enumerate(deadlines):
        section = rng.choice(sections)
        photographer = rng.choice(photographers) if rng.random() < 0.2 else None
        assignments.append(
            Assignment(
                headline=f"Plan {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                section=section,
                desk_id=section.desk_id,
                planned_words=rng.choice([250, 400, 600, 900]),
                deadline=deadline,
                picture_request="Picture wanted" if photographer or rng.random() < 0.3 else "",
                picture_by=photographer,
                notes="",
                article_id=linked.get(n),
                dropped_at=deadline if rng.random() < 0.03 and n not in linked else None,
                created_by=editor,
            )
        )
    write_rows(Assignment, assignments)
    through = Assignment.assignees.through
    assignment_ids = Assignment.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=10000)
    # A list, not a generator: the ids are read before COPY takes the connection.
    write_rows(through, [through(assignment_id=pk, user=writers[pk % len(writers)]) for pk in assignment_ids])


def populate():
    rng = random.Random(20261204)
    editor, writers, photographers, sections, authors = staff()
    now = timezone.now()
    # The archive: the past assignments' pieces (newest first) and pieces that ran without a plan.
    states = [State.PUBLISHED] * 8 + [State.UNPUBLISHED]
    body = " ".join(rng.choice(WORDS) for _ in range(300))
    articles = []
    for n in range(ARTICLES):
        recent = n < 300  # the pieces still under way: the board's working columns
        state = rng.choice([State.DRAFT, State.IN_REVIEW, State.SCHEDULED]) if recent else rng.choice(states)
        published = now - datetime.timedelta(minutes=n * 5 + 10)
        articles.append(
            Article(
                headline=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}",
                teaser="A teaser.",
                body=body,
                section=rng.choice(sections),
                slug=f"piece-{n}",
                status=state,
                created_by=rng.choice(writers),
                publish_at=now + datetime.timedelta(hours=rng.randint(1, 48)) if state == State.SCHEDULED else None,
                published_at=published if state in (State.PUBLISHED, State.UNPUBLISHED) else None,
            )
        )
    write_rows(Article, articles)
    article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    write_rows(
        Byline,
        [Byline(article_id=pk, author=authors[n % len(authors)], position=0) for n, pk in enumerate(article_ids)],
    )
    write_rows(
        WorkflowEvent,
        [
            WorkflowEvent(
                article_id=pk,
                transition="submit",
                from_state=State.DRAFT,
                to_state=State.IN_REVIEW,
                actor=editor,
                comment="",
                created_at=now - datetime.timedelta(minutes=n),
            )
            for n, pk in enumerate(article_ids)
        ],
    )
    plan(rng, editor, writers, photographers, sections, article_ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return editor, writers[0]


def measure(client: Client, url: str) -> tuple[list[float], list[int], tuple[float, str], list[float]]:
    """Server time of each request, its queries, the slowest query, and this process's CPU time.

    The CPU time leaves out the database and the time other processes held the cores: on a loaded
    machine it is the steadier measure of what the page's own Python costs.
    """
    client.get(url)  # warm-up
    times, queries, slowest, cpu = [], [], (0.0, ""), []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as context:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(context.captured_queries))
        for query in context.captured_queries:
            slowest = max(slowest, (float(query["time"]) * 1000, query["sql"]))
    return times, queries, slowest, cpu


def profile(client: Client, url: str) -> str:
    """One request under cProfile: the functions that cost the most time of their own, and cumulatively."""
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    started = time.perf_counter()
    prepare_database()
    editor, writer = populate()
    setup = time.perf_counter() - started
    today = timezone.localdate().isoformat()
    on_day = Assignment.objects.for_day(timezone.localdate()).count()
    print(
        f"database: {connection.vendor}; {Assignment.objects.count():,} assignments ({on_day} today), "
        f"{Article.objects.count():,} articles; set up in {setup:.1f} s"
    )
    print(f"{REQUESTS} requests per page after one warm-up; server time through Django's test Client\n")
    pages = [
        ("budget today (editor's desk)", editor, f"/desk/planning/?date={today}"),
        ("budget today (all desks)", editor, f"/desk/planning/?date={today}&desk=all"),
        ("budget CSV (all desks)", editor, f"/desk/planning/?date={today}&desk=all&format=csv"),
        ("budget (writer)", writer, f"/desk/planning/?date={today}"),
        ("board (editor's desk)", editor, "/desk/board/"),
        ("board (all desks)", editor, "/desk/board/?desk=all"),
        ("board (one writer)", editor, f"/desk/board/?desk=all&person={writer.pk}"),
        ("dashboard (writer)", writer, "/desk/"),
        ("dashboard (editor)", editor, "/desk/"),
    ]
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} {'queries':>8} {'slowest q ms':>13}")
    plans = []
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        times, queries, (slow_ms, slow_sql), cpu = measure(client, url)
        spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
        print(
            f"{label:32} {statistics.median(times):10.1f} {percentile(times, 0.95):8.1f} "
            f"{statistics.median(cpu):7.1f} {spread:>8} {slow_ms:13.1f}",
            flush=True,
        )
        plans.append((label, slow_sql))
        if PROFILE:
            print(f"\n-- {label}: one request profiled\n{profile(client, url)}", flush=True)
    if EXPLAIN and connection.vendor == "postgresql":
        for label, sql in plans:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE {sql}")
                print(f"\n-- {label}: slowest query\n" + "\n".join(row[0] for row in cursor.fetchall()))
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    if SERVER_DB and not os.environ.get("BENCH_KEEP"):
        connection.creation.destroy_test_db(ORIGINAL_NAME, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
