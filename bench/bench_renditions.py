"""Benchmark: making every rendition of one 24-megapixel JPEG (6000 x 4000), as an upload's first use does.

A photo-like JPEG (gradients, shapes, grain) is stored as an image on a fresh SQLite database and
MEDIA_ROOT in a temporary folder; each run makes all renditions again (new focal point, so new
names) and reports the time, the files and bytes written, and what a 390-px phone gets for the lead.

    python bench/bench_renditions.py           # or: make bench
    BENCH_RUNS=5 python bench/bench_renditions.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def main() -> int:
    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{tmp.name}/media"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    for name in [key for key in os.environ if key.startswith("S3_")]:
        del os.environ[name]  # local disk: this measures the image work, not the network
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from articles.media import rendition_sets
    from articles.media.focal import set_focal_point
    from tests.support.pictures import image_with_photo, photo_jpeg

    call_command("migrate", verbosity=0)
    original = photo_jpeg(6000, 4000)
    image = image_with_photo(6000, 4000, name="camera.jpg")
    timings, cpu = [], []
    made = []
    for run in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        made = set_focal_point(image, x=0.3 + run * 0.1, y=0.5, by=None)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    found = rendition_sets.for_images([image.pk])[image.pk]
    phone = {fmt: found.best("lead", 358 * 3, fmt) for fmt in ("avif", "webp", "jpeg")}
    print(f"original: 6000 x 4000 JPEG, {len(original) / 1e6:.1f} MB")
    print(
        f"all renditions of one upload: median {statistics.median(timings):.2f} s "
        f"(min {min(timings):.2f}, max {max(timings):.2f}, {RUNS} runs); CPU {statistics.median(cpu):.2f} s "
        f"(all threads; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"files per upload: {len(made)}, {sum(r.size for r in made) / 1024:.0f} KB in all")
    print(
        "lead for a 390-px phone at 3x: "
        + ", ".join(f"{fmt} {r.width} px {r.size / 1024:.0f} KB" for fmt, r in phone.items() if r)
    )
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
