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
import sys

from common import against_trivial_view, body_text, fetch

PIECES = int(os.environ.get("BENCH_PIECES", "200"))
TARGET = 0.7


def build_site(port: int) -> tuple[str, int, dict[str, str]]:
    """Migrate, publish the pieces, collect static files; the article's path, its size, no headers."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Author, Byline, Image, Placement, PublishedVersion, Section
    from articles.workflow import going_live
    from articles.workflow.snapshots import build_version, snapshot_queryset
    from tests.support.pictures import jpeg

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
        going_live.put_live([version], now=now)  # with its authors and pictures, as publication writes it
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
    print(
        f"{PIECES} published pieces; article page {len(response.content):,} bytes; SQL queries: "
        f"{len(first)} for the first request (renders), {len(later)} per request after that"
    )
    return url, len(response.content), {}


def stylesheet_is_served(base: str, page: bytes) -> None:
    """The stylesheet comes from WhiteNoise out of the collected, hashed static files."""
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', page)
    assert stylesheet and fetch(base + stylesheet[1].decode()), "site.css is not served"


def main() -> int:
    return against_trivial_view(
        name="site", label="article page", target=TARGET, build=build_site, check=stylesheet_is_served
    )


if __name__ == "__main__":
    sys.exit(main())
