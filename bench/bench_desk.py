"""How fast the desk's overview pages answer with a big archive: 10,000 pieces.

Bulk-creates 10,000 articles (every state, bylines, workflow events, images) in a fresh SQLite file
(or in a throw-away database on the server named by BENCH_DATABASE_URL, e.g. PostgreSQL), then asks
for the dashboard and the article list (plain, filtered, searched, a deep page) through Django's test
Client as an editor, and prints median and 95th-percentile server time and queries per request.

    python bench/bench_desk.py            # or: make bench
    BENCH_ARTICLES=2000 BENCH_REQUESTS=20 python bench/bench_desk.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench python bench/bench_desk.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
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

from articles.models import Article, Author, Byline, Image, Placement, Section, State, WorkflowEvent  # noqa: E402
from articles.roles import EDITOR, WRITER  # noqa: E402

# News words are rare against a few thousand filler words, so a search matches a realistic share
# of the archive (about 2% for "harbour budget") instead of every piece.
NEWS_WORDS = [
    "council",
    "harbour",
    "budget",
    "wall",
    "tram",
    "strike",
    "festival",
    "river",
    "election",
    "minister",
    "vote",
    "court",
    "school",
    "hospital",
    "bridge",
    "energy",
    "price",
    "rent",
    "police",
    "football",
    "derby",
    "theatre",
    "museum",
    "market",
    "port",
    "airport",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "su",
    "ta",
    "ri",
    "po",
    "ve",
    "da",
    "lu",
    "no",
    "si",
    "fe",
    "ga",
    "mo",
    "ti",
    "be",
    "ra",
    "ze",
]


def make_text(rng: random.Random, words: int, vocabulary: list[str]) -> str:
    return " ".join(rng.choice(NEWS_WORDS) if rng.random() < 0.01 else rng.choice(vocabulary) for _ in range(words))


ORIGINAL_NAME = connection.settings_dict["NAME"]


def prepare_database() -> None:
    if SERVER_DB:
        # A fresh "test_<name>" database on the server, dropped at the end.
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)


def populate(count: int):
    rng = random.Random(20261125)
    vocabulary = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(6000)})
    users = get_user_model().objects
    editor = users.create_user("bench-editor", password="x", first_name="Eda", last_name="Editor")
    editor.groups.add(Group.objects.get(name=EDITOR))
    writers = []
    for n in range(20):
        writer = users.create_user(f"bench-writer{n}", password="x", first_name="Writer", last_name=str(n))
        writer.groups.add(Group.objects.get(name=WRITER))
        writers.append(writer)
    sections = Section.objects.bulk_create(
        Section(name=name.title(), slug=name, position=n)
        for n, name in enumerate(["politics", "business", "culture", "sport", "local", "science"])
    )
    authors = Author.objects.bulk_create(
        [Author(name=f"Writer {n}", slug=f"writer-{n}", sign_off=f"w{n}", user=w) for n, w in enumerate(writers)]
        + [Author(name=f"Agency {n}", slug=f"agency-{n}", sign_off=f"ag{n}") for n in range(10)]
    )
    now = timezone.now()
    states = [State.DRAFT] * 3 + [State.IN_REVIEW] * 2 + [State.SCHEDULED] + [State.PUBLISHED] * 5 + [State.UNPUBLISHED]
    articles = []
    for n in range(count):
        state = rng.choice(states)
        headline = " ".join(rng.choices(NEWS_WORDS, k=2) + rng.choices(vocabulary, k=4)).capitalize()
        fields = {}
        if state == State.SCHEDULED:
            fields["publish_at"] = now + datetime.timedelta(minutes=rng.randint(10, 60 * 24 * 14))
        if state in (State.PUBLISHED, State.UNPUBLISHED):
            fields["published_at"] = now - datetime.timedelta(minutes=rng.randint(10, 60 * 24 * 365))
        articles.append(
            Article(
                headline=f"{headline} {n}",
                teaser=make_text(rng, 25, vocabulary),
                body="\n\n".join(make_text(rng, 60, vocabulary) for _ in range(6)),
                section=rng.choice(sections),
                slug=f"piece-{n}",
                status=state,
                created_by=rng.choice(writers),
                **fields,
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=1000)
    bylines, events = [], []
    for article in articles:
        for position, author in enumerate(rng.sample(authors, k=rng.choice([1, 1, 1, 2]))):
            bylines.append(Byline(article=article, author=author, position=position))
        if article.status == State.DRAFT and rng.random() < 0.3:
            events.append(
                WorkflowEvent(
                    article=article,
                    transition="request_changes",
                    from_state=State.IN_REVIEW,
                    to_state=State.DRAFT,
                    actor=editor,
                    comment="Please check the figures.",
                )
            )
    Byline.objects.bulk_create(bylines, batch_size=2000)
    WorkflowEvent.objects.bulk_create(events, batch_size=2000)
    images = Image.objects.bulk_create(
        Image(caption=f"Picture {n}", creator="" if n % 7 == 0 else "Photographer", alt_text="" if n % 5 else "Alt")
        for n in range(count // 10)
    )
    Placement.objects.bulk_create(
        Placement(article=article, image=images[n % len(images)], role="lead")
        for n, article in enumerate(articles[: len(images) * 2 : 2])
    )
    return editor, writers[0]


def measure(client: Client, url: str) -> tuple[list[float], list[int]]:
    client.get(url)  # warm-up
    times, queries = [], []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(context.captured_queries))
    return times, queries


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    started = time.perf_counter()
    prepare_database()
    editor, writer = populate(ARTICLES)
    setup = time.perf_counter() - started
    print(f"database: {connection.vendor}; {Article.objects.count():,} articles; set up in {setup:.1f} s")
    print(f"{REQUESTS} requests per page after one warm-up; server time through Django's test Client\n")
    pages = [
        ("dashboard (editor)", editor, "/desk/"),
        ("dashboard (writer)", writer, "/desk/"),
        ("article list (editor)", editor, "/desk/articles/"),
        ("list: state + section filter", editor, "/desk/articles/?status=published&section=1&sort=-published_at"),
        ("list: search", editor, "/desk/articles/?q=harbour+budget"),
        ("list: page 200", editor, "/desk/articles/?page=200"),
        ("article list (writer)", writer, "/desk/articles/"),
        ("calendar week (editor)", editor, "/desk/calendar/"),
        ("image library (editor)", editor, "/desk/images/"),
    ]
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        times, queries = measure(client, url)
        spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
        print(f"{label:32} {statistics.median(times):10.1f} {percentile(times, 0.95):8.1f} {spread:>8}")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    if SERVER_DB:
        connection.creation.destroy_test_db(ORIGINAL_NAME, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
