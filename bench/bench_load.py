"""Load run: 16 concurrent clients for 2 minutes, public pages mixed with signed-in desk pages.

Sets up a fresh SQLite database (or BENCH_DATABASE_URL, e.g.
postgres://postgres@127.0.0.1:5432/nr_bench_load — dropped and created) with a
demo-sized newsroom (sections, authors, a few hundred published pieces, drafts
and pieces in review, images with real files), collects static files into a
temporary STATIC_ROOT, starts gunicorn with production settings (DEBUG off;
plain HTTP on the loopback, so no HTTPS redirect) and then runs the clients in a
separate process: threads that each keep requesting a random page from the mix
— front page, sections, articles, author pages, feeds, sitemap; and, signed in
as an editor or a writer, the desk's dashboard, article list, calendar, image
library, review and edit pages. Prints requests per second, latency percentiles
per kind of page, and every error (target: zero).

    python bench/bench_load.py                  # or: make bench
    BENCH_SECONDS=10 python bench/bench_load.py # a short run

Environment: BENCH_SECONDS (120), BENCH_CLIENTS (16), BENCH_WORKERS (gunicorn
workers, 4), BENCH_PIECES (published pieces, 300), BENCH_DESK_SHARE (share of
desk requests, 0.3), BENCH_DATABASE_URL (default: a temporary SQLite file).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, body_text, free_port, prepare_database, start_gunicorn

SECONDS = int(os.environ.get("BENCH_SECONDS", "120"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PIECES = int(os.environ.get("BENCH_PIECES", "300"))
DESK_SHARE = float(os.environ.get("BENCH_DESK_SHARE", "0.3"))


def seed() -> dict:
    """Build the demo-sized newsroom; return the URLs to request and the desk sessions."""
    import django

    django.setup()
    import io

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.test import Client
    from PIL import Image as PILImage

    from articles import workflow
    from articles.models import Article, Author, Byline, Image, Placement, PublishedVersion, Section
    from articles.roles import EDITOR, WRITER

    rng = random.Random(7)
    users = get_user_model()
    editor = users.objects.create_user("bench-editor", password=secrets.token_urlsafe(), first_name="Eda")
    editor.groups.add(Group.objects.get(name=EDITOR))
    writers = []
    for number in range(8):
        writer = users.objects.create_user(f"bench-writer{number}", password=secrets.token_urlsafe())
        writer.groups.add(Group.objects.get(name=WRITER))
        Author.objects.create(name=f"Reporter {number}", slug=f"reporter-{number}", sign_off=f"r{number}", user=writer)
        writers.append(writer)
    authors = list(Author.objects.all())
    authors += [Author.objects.create(name=f"Agency {n}", slug=f"agency-{n}", sign_off=f"ag{n}") for n in range(4)]
    sections = [
        Section.objects.create(name=name, slug=name.lower(), position=index)
        for index, name in enumerate(["Politics", "World", "Business", "Culture", "Sport", "Science"])
    ]
    images = []
    for number in range(20):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1200, 800), (number * 10, 140, 160)).save(buffer, "JPEG")
        image = Image(
            alt_text=f"Picture {number} of the harbour",
            caption=f"The harbour wall, picture {number}.",
            creator="Jana Beispiel",
            agencies="dpa",
            uploaded_by=editor,
        )
        image.file.save(f"harbour-{number}.jpg", ContentFile(buffer.getvalue()), save=True)
        images.append(image)

    def make_article(number: int, writer) -> Article:
        article = Article.objects.create(
            kicker=rng.choice(["Budget", "Ukraine war", "Election", ""]),
            headline=f"Council agrees on the harbour budget after a long night, part {number}",
            teaser="After a long night of talks the council has agreed on how to pay for the new harbour wall.",
            dateline="Hamburg",
            body=body_text(number) + f" ({writer.author.sign_off})",
            section=sections[number % len(sections)],
            slug=f"harbour-budget-{number}",
            created_by=writer,
        )
        Byline.objects.create(article=article, author=writer.author, position=0)
        if number % 3 == 0:
            Byline.objects.create(article=article, author=authors[-1 - number % 4], position=1)
        Placement.objects.create(article=article, image=images[number % len(images)], role="lead")
        return article

    for number in range(PIECES):
        writer = writers[number % len(writers)]
        article = make_article(number, writer)
        workflow.submit(article, by=writer)
        workflow.publish(article, by=editor)
    in_review, drafts = [], []
    for number in range(PIECES, PIECES + 60):
        writer = writers[number % len(writers)]
        article = make_article(number, writer)
        if number % 2:
            workflow.submit(article, by=writer)
            in_review.append(article.pk)
        else:
            drafts.append((article.pk, writer))

    def session(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    live = list(PublishedVersion.objects.live().values_list("section_slug", "slug"))
    writer = writers[0]
    own_drafts = [pk for pk, author in drafts if author == writer]
    return {
        "public": {
            "front": ["/"],
            "section": [f"/{section.slug}/" for section in sections]
            + ([f"/{s.slug}/?page=2" for s in sections[:2]] if PIECES // len(sections) > 20 else []),
            "article": [f"/{section}/{slug}/" for section, slug in live],
            "author": [f"/authors/{author.slug}/" for author in authors],
            "feed": ["/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/feeds/politics/rss/"],
        },
        "editor": {
            "session": session(editor),
            "desk-overview": ["/desk/", "/desk/articles/", "/desk/articles/?status=in_review", "/desk/calendar/"],
            "desk-images": ["/desk/images/"],
            "desk-review": [f"/desk/articles/{pk}/" for pk in in_review],
            "desk-edit": [f"/desk/articles/{pk}/edit/" for pk, _ in drafts[:20]],
        },
        "writer": {
            "session": session(writer),
            "desk-overview": ["/desk/", "/desk/articles/"],
            "desk-edit": [f"/desk/articles/{pk}/edit/" for pk in own_drafts],
        },
        "counts": {"published": len(live), "in_review": len(in_review), "drafts": len(drafts)},
    }


# --- The clients (a separate process) -------------------------------------------------------------------


def run_clients(config: dict) -> dict:
    """CLIENTS threads, each with its own connection, requesting random pages until the time is up."""
    port, seconds = config["port"], config["seconds"]
    plan = config["plan"]
    public = [(kind, url, None) for kind, urls in plan["public"].items() for url in urls]
    desk = [
        (kind, url, plan[role]["session"])
        for role in ("editor", "writer")
        for kind, urls in plan[role].items()
        if kind != "session"
        for url in urls
    ]
    public_by_kind = {}
    for item in public:
        public_by_kind.setdefault(item[0], []).append(item)
    desk_by_kind = {}
    for item in desk:
        desk_by_kind.setdefault(item[0], []).append(item)

    lock = threading.Lock()
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def pick(rng: random.Random) -> tuple[str, str, str | None]:
        # Each kind of page equally likely within its half, so rare kinds are measured too.
        pool = desk_by_kind if rng.random() < config["desk_share"] else public_by_kind
        return rng.choice(rng.choice(list(pool.values())))

    def client(number: int) -> None:
        rng = random.Random(number)
        mine: dict[str, list[float]] = {}
        my_errors: list[str] = []
        connection = None
        while time.monotonic() < deadline:
            kind, url, session = pick(rng)
            headers = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
            if session:
                headers["Cookie"] = f"sessionid={session}"
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                my_errors.append(f"{url}: {type(error).__name__}: {error}")
                if connection is not None:
                    connection.close()
                connection = None
                continue
            elapsed = time.perf_counter() - started
            if status != 200:
                my_errors.append(f"{url}: HTTP {status}")
            mine.setdefault(kind, []).append(elapsed)
        with lock:
            for kind, values in mine.items():
                latencies.setdefault(kind, []).extend(values)
            errors.extend(my_errors)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(config["clients"])]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"elapsed": elapsed, "latencies": latencies, "errors": errors}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- The driver ----------------------------------------------------------------------------------------


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="newsroom-bench-load-")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": f"{tmp}/static",
        "MEDIA_ROOT": f"{tmp}/media",
        # Plain HTTP on the loopback (a proxy terminates TLS in production).
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }
    prepare_database(env, tmp)
    server = None
    try:
        started = time.monotonic()
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        plan_file = Path(tmp) / "plan.json"
        subprocess.run([sys.executable, __file__, "--seed", str(plan_file)], env=env, cwd=ROOT, check=True)
        plan = json.loads(plan_file.read_text())
        counts = plan["counts"]
        print(
            f"newsroom: {counts['published']} published, {counts['in_review']} in review, {counts['drafts']} drafts; "
            f"set-up {time.monotonic() - started:.0f} s"
        )
        port = free_port()
        server = start_gunicorn(env, port, WORKERS)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        print(
            f"gunicorn {WORKERS} workers on {database}; {CLIENTS} clients for {SECONDS} s, "
            f"{DESK_SHARE:.0%} desk pages (signed in), the rest public; "
            f"{os.cpu_count()} CPUs, load average before the run {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        config = {"port": port, "seconds": SECONDS, "clients": CLIENTS, "desk_share": DESK_SHARE, "plan": plan}
        config_file = Path(tmp) / "clients.json"
        config_file.write_text(json.dumps(config))
        result = subprocess.run(
            [sys.executable, __file__, "--clients", str(config_file)], cwd=ROOT, capture_output=True, text=True
        )
        if result.returncode:
            print(result.stdout, result.stderr, file=sys.stderr)
            return 1
        return report(json.loads(result.stdout))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def report(result: dict) -> int:
    elapsed, latencies, errors = result["elapsed"], result["latencies"], result["errors"]
    total = sum(len(values) for values in latencies.values())
    print(f"\n{'page':<16}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in sorted(latencies):
        values = latencies[kind]
        print(
            f"{kind:<16}{len(values):>10}{len(values) / elapsed:>9.1f}"
            f"{statistics.median(values) * 1000:>9.1f}{percentile(values, 0.95) * 1000:>9.1f}"
            f"{percentile(values, 0.99) * 1000:>9.1f}"
        )
    everything = [value for values in latencies.values() for value in values]
    print(
        f"{'all':<16}{total:>10}{total / elapsed:>9.1f}{statistics.median(everything) * 1000:>9.1f}"
        f"{percentile(everything, 0.95) * 1000:>9.1f}{percentile(everything, 0.99) * 1000:>9.1f}"
    )
    print(f"\nthroughput: {total / elapsed:.1f} requests/s over {elapsed:.0f} s; errors: {len(errors)}")
    for line in sorted(set(errors))[:20]:
        print(f"  error: {line} (x{errors.count(line)})")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        sys.path.insert(0, str(ROOT))
        Path(sys.argv[2]).write_text(json.dumps(seed()))
    elif len(sys.argv) == 3 and sys.argv[1] == "--clients":
        print(json.dumps(run_clients(json.loads(Path(sys.argv[2]).read_text()))))
    else:
        sys.exit(main())
