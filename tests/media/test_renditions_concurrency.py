"""Two requests asking for a picture's renditions at the same moment: one set of rows, one file per spec.

Two threads on PostgreSQL (the image row lock), and two processes on a SQLite file database (as one
host runs it: IMMEDIATE transactions serialise them). The test's own SQLite database lives in
shared memory, where a second writer fails at once instead of waiting, so SQLite uses processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from articles.media import rendition_sets, renditions
from articles.models import Image, Rendition
from tests.support.pictures import image_with_photo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_first_use_in_two_threads_makes_each_rendition_once():
    if connection.vendor != "postgresql":
        pytest.skip("threads need PostgreSQL here; on SQLite the two-process test below covers it")
    image = image_with_photo(1000, 750)
    barrier = threading.Barrier(2)
    results: list[list[Rendition]] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(rendition_sets.for_images([image.pk])[image.pk].by_crop["lead"]["jpeg"])
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    rows = list(Rendition.objects.filter(image=image))
    assert len(rows) == len({row.spec for row in rows})  # no duplicate rows
    assert {r.file for r in results[0]} == {r.file for r in results[1]}  # both got the same files
    folder = Path(settings.MEDIA_ROOT) / renditions.RENDITIONS_PREFIX / str(image.pk)
    on_disk = {str(path.relative_to(settings.MEDIA_ROOT)) for path in folder.rglob("*") if path.is_file()}
    assert on_disk == {row.file for row in rows}  # no duplicate or stray files
    assert Image.objects.count() == 1


WORKER = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from articles.media import rendition_sets, renditions
from articles.models import Image
folder = Path(sys.argv[1])
(folder / f"ready-{sys.argv[2]}").touch()
while not (folder / "go").exists():
    time.sleep(0.01)  # a start line for both processes
image = Image.objects.get()
found = rendition_sets.for_images([image.pk])[image.pk]
print(json.dumps(sorted(r.file for crop in found.by_crop.values() for rs in crop.values() for r in rs)))
"""

SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.support.pictures import image_with_photo
image_with_photo(1000, 750)
"""


def test_concurrent_first_use_in_two_processes_makes_each_rendition_once(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("S3_")},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "1",
        "PYTHONPATH": str(root),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    setup = subprocess.run([sys.executable, "-c", SETUP], cwd=root, env=env, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr[-2000:]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path), str(n)],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{n}").exists() for n in (1, 2)):
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.05)  # waiting for both processes to reach the start line
    (tmp_path / "go").touch()
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-2000:]
    first, second = (json.loads(out.strip().splitlines()[-1]) for out, _err in outputs)
    assert first == second and first  # both got the same renditions
    folder = tmp_path / "media" / renditions.RENDITIONS_PREFIX
    on_disk = sorted(str(path.relative_to(tmp_path / "media")) for path in folder.rglob("*") if path.is_file())
    assert on_disk == first  # one file per rendition: no duplicates, no strays
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from articles.models import Rendition; "
            "print(Rendition.objects.count(), Rendition.objects.values('image', 'spec').distinct().count())",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    rows, distinct = map(int, count.stdout.split())
    assert rows == distinct == len(first)
