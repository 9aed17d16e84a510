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
import sys

from common import against_trivial_view, body_text

PIECES = int(os.environ.get("BENCH_PIECES", "200"))
TARGET = 0.5


def build_api(port: int) -> tuple[str, int, dict[str, str]]:
    """Migrate, publish the pieces, issue a token; the list's path, its size, the token header."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Author, Byline, PartnerToken, PublishedVersion, Section
    from articles.workflow import going_live
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
        going_live.put_live([version], now=now)
    token = PartnerToken(partner="Bench")
    key = token.issue_key()
    token.save()
    # The page's "next" link names the host, port included: the sizes compare only on the same address.
    client = Client(HTTP_HOST=f"127.0.0.1:{port}", headers={"Authorization": f"Token {key}"})
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
    print(f"{PIECES} published pieces; API page of 20 pieces {size:,} bytes")
    print(f"SQL queries per API request: {counts[0]} for a page of 1, {counts[1]} for a page of 50")
    return "/api/v1/articles/", size, {"Authorization": f"Token {key}"}


def main() -> int:
    # The rate limit stays on (its round trip is part of the cost), with a limit wrk cannot reach;
    # BENCH_API_RATE= (empty) measures the list without it.
    rate = os.environ.get("BENCH_API_RATE", "100000000/s")
    return against_trivial_view(name="api", label="API list", target=TARGET, build=build_api, NEWSROOM_API_RATE=rate)


if __name__ == "__main__":
    sys.exit(main())
