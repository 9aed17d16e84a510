"""How fast the article editor answers with 10,000 pieces in the database: the page, autosave, preview.

Uses the archive `bench_desk.py` builds (10,000 articles in every state, bylines, images) and, as
the piece's writer, asks through Django's test Client for the editor page (GET), an autosave
round trip (POST of the whole form, as static/js/editor_autosave.js sends it) and a live preview
(POST, rendered with the public page's partial). Prints median and 95th-percentile server time
and queries per request. Targets: editor GET p95 <= 150 ms, autosave p95 <= 50 ms.

    python bench/bench_editor.py            # or: make bench
    BENCH_ARTICLES=2000 BENCH_REQUESTS=20 python bench/bench_editor.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench python bench/bench_editor.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_desk as desk
from common import body_text
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article

SLIPS = (
    "Officials in Kharkiv and Belgorod said the goverment would recieve the report, definately by Friday; "
    "Zelensky and Stoltenberg met in Vilnius, where the minster said ofthe talks little."
)
TARGETS = {"editor page (GET)": 150.0, "autosave (POST)": 50.0}


def form_data(piece: Article) -> dict:
    """The editor form's fields for `piece` as the browser posts them (bylines and pictures included)."""
    data = {
        "base_version": piece.version,
        **{name: getattr(piece, name) or "" for name in ("kicker", "headline", "teaser", "dateline", "body", "slug")},
        "date": piece.date.isoformat() if piece.date else "",
        "section": piece.section_id or "",
        "expire_at": "",
    }
    for prefix, rows in (("bylines", piece.bylines.order_by("position")), ("placements", piece.placements.all())):
        rows = list(rows)
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        data.update({f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-id": row.pk, f"{prefix}-{index}-article": piece.pk})
            data[f"{prefix}-{index}-position"] = row.position
            if prefix == "bylines":
                data[f"{prefix}-{index}-author"] = row.author_id
            else:
                data.update({f"{prefix}-{index}-image": row.image_id, f"{prefix}-{index}-role": row.role})
    return data


def timed(client: Client, method: str, url: str, data=None) -> tuple[list[float], list[float], list[int]]:
    """Wall-clock and CPU milliseconds and queries per request (CPU time shows the cost on a busy machine)."""
    getattr(client, method)(url, data)  # warm-up
    times, cpu, queries = [], [], []
    for _ in range(desk.REQUESTS):
        with CaptureQueriesContext(connection) as context:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(context.captured_queries))
    return times, cpu, queries


def main() -> int:
    started = time.perf_counter()
    desk.prepare_database()
    _editor, writer = desk.populate(desk.ARTICLES)
    piece = Article.objects.filter(created_by=writer, status="draft").order_by("pk").first()
    # The archive's bodies are made-up syllables (the review assistant rightly skips them as not prose):
    # the piece on the page is real copy, with names and slips for the spelling check to look at.
    Article.objects.filter(pk=piece.pk).update(body=body_text(piece.pk) + "\n\n" + SLIPS)
    piece = Article.objects.get(pk=piece.pk)
    print(
        f"database: {connection.vendor}; {Article.objects.count():,} articles; set up in "
        f"{time.perf_counter() - started:.1f} s; piece #{piece.pk}, {len(piece.body):,} characters"
    )
    print(f"{desk.REQUESTS} requests each after one warm-up; server time through Django's test Client\n")
    client = Client()
    client.force_login(writer)
    edit_url = f"/desk/articles/{piece.pk}/edit/"
    data = form_data(piece)
    data["body"] += "\n\nOne more paragraph typed in the editor."
    rows = [
        ("editor page (GET)", "get", edit_url, None),
        ("autosave (POST)", "post", f"/desk/articles/{piece.pk}/autosave/", data),
        ("live preview (POST)", "post", f"/desk/articles/{piece.pk}/preview/", data),
    ]
    shown = client.get(edit_url).content.decode()
    assert "did you mean “government”?" in shown, "the editor page must show the review assistant's spelling findings"
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'request':24} {'median ms':>10} {'p95 ms':>8} {'CPU p95':>8} {'queries':>8} {'target':>8}")
    failed = False
    for label, method, url, payload in rows:
        times, cpu, queries = timed(client, method, url, payload)
        p95 = desk.percentile(times, 0.95)
        target = TARGETS.get(label)
        mark = "" if target is None else (f"<= {target:.0f}" if p95 <= target else f"MISSED {target:.0f}")
        failed |= target is not None and p95 > target
        spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
        cpu_p95 = desk.percentile(cpu, 0.95)
        print(f"{label:24} {statistics.median(times):10.1f} {p95:8.1f} {cpu_p95:8.1f} {spread:>8} {mark:>8}")
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    if desk.SERVER_DB:
        connection.creation.destroy_test_db(desk.ORIGINAL_NAME, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
