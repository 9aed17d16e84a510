"""Playwright against pytest-django's live server, driving Debian's Chromium.

Without /usr/bin/chromium the browser tests skip with a reason, unless
NEWSROOM_REQUIRE_BROWSER is set (CI sets it): then they fail.
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started

CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the
# tests make around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(f"NEWSROOM_REQUIRE_BROWSER is set but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            raise
        pytest.skip("browser tests need the playwright package (pip install -e .[dev])")
    from django.db import connections

    # Playwright's sync API leaves its event loop marked as running in this thread, so from now
    # on Django's connection handler (an asgiref Local) hands out new connection objects. Give
    # them the serialized test data, or `serialized_rollback` would restore nothing after the
    # first browser test (and the Writer/Editor groups would be gone).
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash.setdefault(_failed_key, False)
        if report.failed:
            item.stash[_failed_key] = True


_failed_key = pytest.StashKey[bool]()


# Requests the live server has begun and not yet finished (a closed tab's last autosave may still be on its way).
_in_flight = 0
_in_flight_changed = threading.Condition()


def _served_by_the_live_server() -> bool:
    # The test client answers in the test's own thread (and may leave a streamed answer unclosed): not counted.
    return threading.current_thread() is not threading.main_thread()


def _request_started(**kwargs) -> None:
    global _in_flight
    if _served_by_the_live_server():
        with _in_flight_changed:
            _in_flight += 1


def _request_finished(**kwargs) -> None:
    global _in_flight
    if _served_by_the_live_server():
        with _in_flight_changed:
            _in_flight -= 1
            _in_flight_changed.notify_all()


request_started.connect(_request_started, dispatch_uid="browser-tests-in-flight-started")
request_finished.connect(_request_finished, dispatch_uid="browser-tests-in-flight-finished")


@pytest.fixture(autouse=True)
def _work_after_responses_done(_django_db_marker):
    """Requests still being answered and crops still being made after an answer (`after_response`) are done
    before the test's database is emptied.

    The live server shares the test's database connection; a request or work still running (a closed tab's last
    keystrokes, a crop) would otherwise write into the next test's set-up. (Depends on pytest-django's database
    fixture so that it ends before that one does.)
    """
    yield
    from articles.desk.view_helpers import wait_for_work_after_responses

    with _in_flight_changed:
        assert _in_flight_changed.wait_for(lambda: _in_flight <= 0, timeout=60), "a request was still running"
    assert wait_for_work_after_responses(timeout=60), "work after a response was still running a minute later"


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context per test; a failing test leaves a screenshot in test-artifacts/."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    yield page
    if request.node.stash.get(_failed_key, False) and context.pages:
        # The page the test had open last: a test may have closed the first and opened another.
        from playwright.sync_api import Error as PlaywrightError

        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}.png"
        try:
            context.pages[-1].screenshot(path=str(path), full_page=True)
            print(f"screenshot of the failing page: {path}")
        except PlaywrightError as error:  # a crashed tab: the test's own failure says what happened
            print(f"no screenshot of the failing page: {error.message}")
    # Offline first: an editor sends its last keystrokes as the page goes (pagehide), and that request
    # must not reach the server while the test database is being emptied for the next test.
    context.set_offline(True)
    context.close()


@pytest.fixture
def sign_in(page):
    """Sign in through the real form."""

    def _sign_in(user, password="correct-horse-battery"):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/desk/**")

    return _sign_in
