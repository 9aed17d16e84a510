"""Benchmark: one reader's rendition request through the gate (articles/media/serving.py).

A live piece with one picture on a fresh SQLite database, MEDIA_ROOT in a temporary folder; the
test client asks for its 640-px lead JPEG again and again: with the gate's answer cached (the usual
case: no query), and with the cache cleared before each request (one query). Reports the median
time per request and the queries.

    python bench/bench_rendition_gate.py
    BENCH_REQUESTS=2000 python bench/bench_rendition_gate.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "500"))


def main() -> int:
    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{tmp.name}/media"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    for name in [key for key in os.environ if key.startswith("S3_")]:
        del os.environ[name]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from articles.media import rendition_sets
    from tests import factories
    from tests.support.pictures import image_with_photo
    from tests.support.site import go_live

    setup_test_environment()
    call_command("migrate", verbosity=0)
    image = image_with_photo(1600, 1200)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    version = go_live(article)
    address = rendition_sets.for_versions([version])[image.pk].best_url("lead", 640)
    client = Client()

    def timed(clear: bool) -> tuple[float, int]:
        samples, queries = [], 0
        for _ in range(REQUESTS):
            if clear:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(address, secure=True)
                b"".join(response.streaming_content)
                samples.append(time.perf_counter() - start)
            assert response.status_code == 200
            queries = max(queries, len(captured))
        return statistics.median(samples) * 1000, queries

    client.get(address, secure=True)
    cached_ms, cached_queries = timed(clear=False)
    cold_ms, cold_queries = timed(clear=True)
    print(
        f"rendition request (640-px JPEG, in-process, {REQUESTS} each; load {os.getloadavg()[0]:.1f}):"
        f" cached answer {cached_ms:.2f} ms, {cached_queries} queries;"
        f" answer not cached {cold_ms:.2f} ms, {cold_queries} query"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
