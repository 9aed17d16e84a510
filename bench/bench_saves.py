"""Picture saves and the first save of a new piece, in-process: targets p95 <= 300 ms each.

A fresh process (a "fresh server"): it imports `newsroom.wsgi` as a server does, which loads the
spelling dictionaries in the background, then — as an editor through Django's test Client — saves
a new piece once (the first save), then a placed picture's details (JSON, with the editor's checks)
and its focal point BENCH_REQUESTS times. The focal point's answer is timed up to the moment it is
ready to send; the crops made after it (`after_response`) are timed apart. `BENCH_COLD=1` skips
the wait for the dictionaries: the first save then pays for them, as before the warm-up existed.

    python bench/bench_saves.py            # or: make bench
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
COLD = os.environ.get("BENCH_COLD") == "1"

workdir = tempfile.TemporaryDirectory(prefix="newsroom-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["MEDIA_ROOT"] = str(Path(workdir.name) / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

import threading  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article, Author, Placement, Section  # noqa: E402
from articles.roles import EDITOR  # noqa: E402


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def main() -> None:
    call_command("migrate", verbosity=0)
    import newsroom.wsgi  # noqa: F401 — as a server starts: begins loading the dictionaries

    if not COLD:
        for thread in threading.enumerate():
            if thread.name == "speller-warm-up":
                thread.join()
    from tests.support.pictures import image_with_photo

    editor = get_user_model().objects.create_user("editor", "editor@example.org", "x")
    editor.groups.add(Group.objects.get(name=EDITOR))
    section = Section.objects.create(name="Politics", slug="politics")
    author = Author.objects.create(name="Jana Beispiel", slug="jana-beispiel", sign_off="jbe")
    client = Client()
    client.force_login(editor)

    data = {
        "kicker": "",
        "headline": "Council agrees on the harbour budget",
        "teaser": "After a long night of talks the council agreed on how to pay for the new harbour wall.",
        "dateline": "Hamburg",
        "body": "The council met until after midnight. Both groups gave ground on the costs.\n\nWork starts in spring.",
        "slug": "",
        "date": "2026-12-04",
        "section": section.pk,
        "language": "en",
        "expire_at": "",
        "bylines-TOTAL_FORMS": 1,
        "bylines-INITIAL_FORMS": 0,
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        "bylines-0-author": author.pk,
        "bylines-0-position": 0,
        "placements-TOTAL_FORMS": 0,
        "placements-INITIAL_FORMS": 0,
        "placements-MIN_NUM_FORMS": 0,
        "placements-MAX_NUM_FORMS": 1000,
    }
    started = time.perf_counter()
    response = client.post(reverse("desk:article-create"), data)
    first_save = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), response.status_code
    article = Article.objects.get()

    image = image_with_photo(2400, 1600)
    Placement.objects.create(article=article, image=image, role="lead")
    details_url = reverse("desk:editor-picture-details", args=[image.pk])
    details, focal, crops = [], [], []
    for n in range(REQUESTS):
        fields = {f"picture-{image.pk}-caption": f"The harbour wall, take {n}", "article": article.pk}
        fields |= {f"picture-{image.pk}-alt_text": "Workers on the wall", f"picture-{image.pk}-creator": "Ole"}
        started = time.perf_counter()
        answer = client.post(details_url, fields, HTTP_ACCEPT="application/json")
        details.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.content

    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from articles.desk.pictures import focal_point

    for n in range(REQUESTS):
        request = RequestFactory().post(
            reverse("desk:image-focal-point", args=[image.pk]),
            {"x": str(10 + (n * 7) % 80), "y": "40"},
            HTTP_ACCEPT="application/json",
        )
        request.user, request.session = editor, SessionStore()
        request._messages = FallbackStorage(request)
        started = time.perf_counter()
        answer = focal_point(request, image.pk)
        focal.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        answer.close()  # the crops, after the answer was sent
        crops.append((time.perf_counter() - started) * 1000)

    print(f"first save of a new piece{' (cold: no dictionary warm-up)' if COLD else ''}: {first_save:.0f} ms")
    for label, values in (
        ("picture details save (JSON)", details),
        ("focal point save (answer)", focal),
        ("  crops made after the answer", crops),
    ):
        print(f"{label}: median {statistics.median(values):.0f} ms, p95 {p95(values):.0f} ms ({len(values)} requests)")


if __name__ == "__main__":
    main()
