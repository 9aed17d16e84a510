import os
from pathlib import Path

import pytest
from django.utils import translation

from articles.i18n.catalogues import compile_all
from tests import factories

# ../shared/corpus beside the checkout; a worktree elsewhere names it with NEWSROOM_CORPUS_DIR.
CORPUS_DIR = Path(os.environ.get("NEWSROOM_CORPUS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "corpus")
CORPUS_ARTICLE = CORPUS_DIR / "000_7ce3156f0341aa22.txt"


def pytest_configure(config) -> None:
    """Compile stale translation catalogues (.mo are not in git), so a bare `pytest` sees German."""
    compile_all([Path(__file__).resolve().parents[1] / "locale"])


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
