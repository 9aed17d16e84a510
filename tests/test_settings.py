"""Production settings: `check --deploy` is clean with DEBUG off, and the app refuses to start without a key.

Settings are read once per process, so each case runs manage.py in a subprocess
with its own environment (the test process itself runs with DEBUG=1).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Variables of the test process that must not leak into a "production" subprocess.
_SCRUB = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_SETTINGS_MODULE",
    # Set by the browser tests' conftest for Playwright's loop; never in deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _SCRUB}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="news.example.org",
        SITE_URL="https://news.example.org",
        PYTHONPATH=str(ROOT),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "SECURE_REFERRER_POLICY": settings.SECURE_REFERRER_POLICY,
}))
"""


def show_settings(env: dict[str, str]) -> dict:
    result = manage("shell", "-c", SHOW_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_debug_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_the_hardening_is_switched_off():
    """The clean run above is not an accident: turning a safeguard off makes the check complain."""
    env = production_env(SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout  # SSL redirect
    assert "security.W012" in result.stderr + result.stdout  # session cookie


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_defaults_are_secure():
    values = show_settings(production_env())
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"


def test_proxy_header_and_redirect_are_configurable():
    values = show_settings(
        production_env(SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme", SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0")
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SCHEME", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False

    no_proxy = show_settings(production_env(SECURE_PROXY_SSL_HEADER=""))
    assert no_proxy["SECURE_PROXY_SSL_HEADER"] is None


def test_development_stays_on_plain_http():
    values = show_settings(production_env(DEBUG="1", SECRET_KEY="", ALLOWED_HOSTS=""))
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_check_warns_when_site_url_is_not_an_allowed_host():
    """A production start whose links would point at a host the app refuses (or at the development default)."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(SITE_URL="http://127.0.0.1:8000")
    )
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr + result.stdout
    assert "127.0.0.1" in result.stderr + result.stdout
    allowed = production_env(SITE_URL="https://www.example.org", ALLOWED_HOSTS=".example.org")
    assert manage("check", "--fail-level", "WARNING", env=allowed).returncode == 0
