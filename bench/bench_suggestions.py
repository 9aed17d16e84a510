"""How fast the editor and the review page answer for a 2,000-word piece with 100 open suggestions.

An editor suggests 100 changes (one word in every twentieth) to a writer's 2,000-word piece through
the suggestion service; then the writer's editor page and review page, the editor's *Suggest* page and
the no-JS suggestion list are asked for through Django's test Client, 50 times each after a warm-up.
Prints median and 95th-percentile server time and queries per request, and the same pages for the
piece without suggestions (the queries must not grow with them). Targets: editor and review page
p95 <= 150 ms.

    python bench/bench_suggestions.py            # or: make bench
    BENCH_REQUESTS=20 python bench/bench_suggestions.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench python bench/bench_suggestions.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("BENCH_REQUESTS", "50")

import bench_desk as desk
from common import body_text
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Byline, Section
from articles.roles import EDITOR, WRITER
from articles.workflow import suggestions

SUGGESTIONS = 100
TARGETS = {"editor page (GET)": 150.0, "review page (GET)": 150.0}


def make_piece(users, writer, number: int) -> Article:
    section, _ = Section.objects.get_or_create(slug="politics", defaults={"name": "Politics"})
    author, _ = Author.objects.get_or_create(
        user=writer, defaults={"name": "Writer One", "slug": "writer-one", "sign_off": "wo"}
    )
    # Both pieces read alike (seeds 1-3): the one with suggestions differs only by them.
    body = "\n\n".join(body_text(seed, words_per_paragraph=63, paragraphs=8) for seed in range(1, 5))
    piece = Article.objects.create(
        headline="Council agrees on the harbour budget",
        kicker="Budget",
        teaser="After a long night of talks the council has agreed on how to pay for the new harbour wall.",
        dateline="Hamburg",
        body=body,
        section=section,
        slug=f"harbour-budget-{number}",
        created_by=writer,
    )
    Byline.objects.create(article=piece, author=author, position=0)
    return piece


def suggest_every_twentieth_word(piece: Article, editor) -> int:
    words = piece.body.split(" ")
    changed = [f"{word}ly" if index % 19 == 10 and word.isalpha() else word for index, word in enumerate(words)]
    count = 0
    for index, word in enumerate(words):
        if changed[index] != word:
            count += 1
            if count > SUGGESTIONS:
                changed[index] = word
    made = suggestions.propose(piece, by=editor, base_version=piece.version, fields={"body": " ".join(changed)})
    return len(made)


def timed(client: Client, url: str) -> tuple[list[float], list[float], list[int]]:
    client.get(url)  # warm-up
    times, cpu, queries = [], [], []
    for _ in range(desk.REQUESTS):
        with CaptureQueriesContext(connection) as context:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(context.captured_queries))
    return times, cpu, queries


def main() -> int:
    started = time.perf_counter()
    desk.prepare_database()
    users = get_user_model().objects
    editor = users.create_user("bench-editor", password="x", first_name="Eda", last_name="Editor")
    editor.groups.add(Group.objects.get(name=EDITOR))
    writer = users.create_user("bench-writer", password="x", first_name="Writer", last_name="One")
    writer.groups.add(Group.objects.get(name=WRITER))
    plain = make_piece(users, writer, 1)
    piece = make_piece(users, writer, 2)
    made = suggest_every_twentieth_word(piece, editor)
    print(
        f"database: {connection.vendor}; piece #{piece.pk}: {len(piece.body.split()):,} words, {made} open "
        f"suggestions; set up in {time.perf_counter() - started:.1f} s"
    )
    print(f"{desk.REQUESTS} requests each after one warm-up; server time through Django's test Client\n")
    writer_client, editor_client = Client(), Client()
    writer_client.force_login(writer)
    editor_client.force_login(editor)
    rows = [
        ("editor page (GET)", writer_client, "/desk/articles/{pk}/edit/"),
        ("review page (GET)", writer_client, "/desk/articles/{pk}/"),
        ("suggest page (GET)", editor_client, "/desk/articles/{pk}/suggest/"),
        ("suggestion list (GET)", writer_client, "/desk/articles/{pk}/suggestions/"),
    ]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    header = (
        f"{'request':24} {'median ms':>10} {'p95 ms':>8} {'CPU p95':>8} {'queries':>8} {'target':>8}"
        f"   without suggestions: {'p95 ms':>8} {'CPU p95':>8} {'queries':>8}"
    )
    print(header)
    failed = False
    for label, client, url in rows:
        times, cpu, queries = timed(client, url.format(pk=piece.pk))
        plain_times, plain_cpu, plain_queries = timed(client, url.format(pk=plain.pk))
        p95 = desk.percentile(times, 0.95)
        target = TARGETS.get(label)
        mark = "" if target is None else (f"<= {target:.0f}" if p95 <= target else f"MISSED {target:.0f}")
        failed |= target is not None and p95 > target
        failed |= max(queries) > max(plain_queries)  # queries must not grow with the suggestions
        spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
        cpu_p95 = desk.percentile(cpu, 0.95)
        print(
            f"{label:24} {statistics.median(times):10.1f} {p95:8.1f} {cpu_p95:8.1f} {spread:>8} {mark:>8}"
            f"   {'':21}{desk.percentile(plain_times, 0.95):8.1f} {desk.percentile(plain_cpu, 0.95):8.1f}"
            f" {max(plain_queries):>8}"
        )
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    if desk.SERVER_DB:
        connection.creation.destroy_test_db(desk.ORIGINAL_NAME, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
