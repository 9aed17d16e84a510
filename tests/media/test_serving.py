"""Pictures with DEBUG off on one host, as the README deploys it: migrate, collectstatic, gunicorn.

The app serves renditions itself through the gate while they are public, with a year's immutable
caching (their names change whenever their content could); originals never (they live outside
MEDIA_ROOT). The test runs a real gunicorn with DEBUG off and reads a published piece's pictures.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SETUP_SCRIPT = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", "--no-input", verbosity=0)
from tests import factories
from tests.support.pictures import image_with_photo
from tests.support.site import go_live
image = image_with_photo(1200, 800, name="harbour.jpg")
article = factories.ArticleFactory(slug="harbour-wall")
factories.PlacementFactory(article=article, image=image, role="lead")
version = go_live(article)
print(json.dumps({"path": version.get_absolute_url(), "original": image.file.url, "pk": image.pk}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # As behind the README's proxy: HTTPS announced by X-Forwarded-Proto.
        conn.request("GET", path, headers={"Host": "news.example.org", "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture
def production_server(tmp_path) -> Iterator[tuple[int, dict]]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("S3_", "DJANGO_SETTINGS"))},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SITE_URL": "https://news.example.org",
        "PYTHONPATH": str(ROOT),
    }
    setup = subprocess.run(
        [sys.executable, "-c", SETUP_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    facts = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, "/robots.txt")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "gunicorn.log").read_text())
                time.sleep(0.2)  # waiting for start-up only
        yield port, facts
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_pictures_show_with_debug_off_under_gunicorn(production_server):
    port, facts = production_server
    status, _headers, body = get(port, facts["path"])
    assert status == 200
    page = body.decode()
    sources = re.findall(r'(/media/renditions/[^" ,]+)', page)
    assert sources, "the page shows renditions"
    assert "/media/images/" not in page  # readers never get the original
    for source in sorted(set(sources))[:6]:
        status, headers, data = get(port, source)
        assert status == 200, source
        assert headers["content-type"] in {"image/jpeg", "image/webp", "image/avif"}
        assert "immutable" in headers["cache-control"] and "max-age=31536000" in headers["cache-control"]
        assert int(headers["content-length"]) == len(data) > 0
    assert get(port, facts["original"])[0] == 404  # the old public address of originals answers nothing
    assert get(port, f"/desk/images/{facts['pk']}/original/")[0] == 302  # to the sign-in page
    # Outside MEDIA_ROOT: refused (Django's safe_join answers 400), never the file.
    for escape in ("/media/../manage.py", "/media/%2e%2e/manage.py"):
        status, _headers, data = get(port, escape)
        assert status in {400, 404} and b"DJANGO_SETTINGS_MODULE" not in data
    assert get(port, "/media/renditions/999/none.jpg")[0] == 404
