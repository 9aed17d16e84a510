import os
import threading
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from django.utils import translation

from articles.api.auth import partner_limiter
from articles.i18n.catalogues import compile_all
from tests import factories

# ../shared/corpus beside the checkout; a worktree elsewhere names it with NEWSROOM_CORPUS_DIR.
CORPUS_DIR = Path(os.environ.get("NEWSROOM_CORPUS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "corpus")
CORPUS_ARTICLE = CORPUS_DIR / "000_7ce3156f0341aa22.txt"


def pytest_configure(config) -> None:
    """Compile stale translation catalogues (.mo are not in git), so a bare `pytest` sees German."""
    compile_all([Path(__file__).resolve().parents[1] / "locale"])
    LiveServerThread.server_class = OneRequestAtATimeOnSharedConnection


class OneRequestAtATimeOnSharedConnection(ThreadedWSGIServer):
    """The live server, handling one request at a time when its threads share the test's connection.

    With SQLite's in-memory test database every request thread of Django's live server uses
    the one connection of the test (`connections_override`); two requests at once (a page's
    heartbeat and autosave firing together) then interleave their savepoints on it ("no such
    savepoint"). A real server has a connection per thread; on PostgreSQL nothing is shared
    and requests stay concurrent (the race tests need that).
    """

    def set_app(self, application) -> None:
        if not self.connections_override:
            super().set_app(application)
            return
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


@pytest.fixture
def corpus_article() -> Path:
    """The real article from ../shared/corpus; absent on a user's machine, so the test skips."""
    if not CORPUS_ARTICLE.is_file():
        pytest.skip(f"corpus not available at {CORPUS_ARTICLE}")
    return CORPUS_ARTICLE


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The factories hash a password per user; the default hasher would cost most of the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (rendered pages, the generation) and no partner requests counted."""
    for kept in caches.all():  # the default one and, with CACHE_URL, each process's near one
        kept.clear()
    partner_limiter().storage.reset()  # the partners' request counts


@pytest.fixture(autouse=True)
def _language_reset():
    """Each test starts in the default language: a request's LocaleMiddleware leaves its language active."""
    yield
    translation.deactivate()


@pytest.fixture
def writer(db):
    return factories.WriterFactory()


@pytest.fixture
def other_writer(db):
    return factories.WriterFactory()


@pytest.fixture
def editor(db):
    return factories.EditorFactory()


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="chief", is_staff=True, is_superuser=True)
