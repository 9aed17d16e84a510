"""Settings for Newsroom, read from the environment in this one place.

Every variable is documented in the README's configuration table. Defaults are
safe for local use; production (DEBUG off) refuses to start without a real
SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from articles.media.storage import media_origins
from articles.media.storage import storages as media_storages

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (DEBUG is off, so no development key is used)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of Django's LocaleMiddleware: the desk follows the user's profile, the site its setting.
    "articles.i18n.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "articles.middleware.DeskNeverCacheMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.desk.notices.bell",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A ping before the first query of each request: survives a database restart without a 500,
        # at the price of one round trip per request.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", default=True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (runserver, cron's publish_scheduled) share the file:
    # wait for a lock instead of failing at once, and start write transactions
    # eagerly so two writers never deadlock on a lock upgrade. Connections stay
    # open for CONN_MAX_AGE like on PostgreSQL: opening one costs more than a
    # public page's queries, and WAL lets many open readers share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        # An unreachable Redis is a miss, logged (newsroom/cache.py): within half a second to connect and a
        # second to answer, so a server gone quiet costs a page that long, not a worker's whole timeout.
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        },
        # In front of the shared cache, in each process, for one second: the publication generation and the
        # kept answers keyed by it (articles.public_cache.near), so a hot page costs no round trip to Redis.
        "near": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom-near",
            "TIMEOUT": float(os.environ.get("NEWSROOM_GENERATION_SECONDS", "1")),
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("NEWSROOM_NEAR_CACHE_ENTRIES", "1000"))},
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the desk profile (the user's language) with the user.
    "articles.i18n.backends.ModelBackendWithProfile",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGES = [("en", _("English")), ("de", _("German"))]
# The desk's language when neither the user's profile nor the browser decides; the public
# site's language (pages, feeds, dates) and the default language of a new piece.
LANGUAGE_CODE = os.environ.get("NEWSROOM_LANGUAGE", "en")
NEWSROOM_SITE_LANGUAGE = os.environ.get("NEWSROOM_SITE_LANGUAGE", "en")
for _name, _value in (("NEWSROOM_LANGUAGE", LANGUAGE_CODE), ("NEWSROOM_SITE_LANGUAGE", NEWSROOM_SITE_LANGUAGE)):
    if _value not in dict(LANGUAGES):
        raise ImproperlyConfigured(f"{_name}={_value!r} is not one of: {', '.join(dict(LANGUAGES))}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
# "17. Juli 2024", 14:05 in German; "17 July 2024", 14:05 in English (no US dates, no a.m./p.m.).
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from PyPI (XStatic-Bootstrap), never copied into the repo.
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Uploaded originals, never served to readers: empty means a "private" folder beside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", "")
# How the app hands a picture file to a proxy in front of it: "" sends the bytes itself,
# "x-accel-redirect" (nginx) or "x-sendfile" (Apache, lighttpd) send only a header (docs/pictures.md).
NEWSROOM_SENDFILE = os.environ.get("NEWSROOM_SENDFILE", "").strip().lower()
# How long a partner's signed address of an embargoed piece's picture stays valid (seconds).
NEWSROOM_PARTNER_URL_SECONDS = int(os.environ.get("NEWSROOM_PARTNER_URL_SECONDS", str(24 * 3600)))

# Pictures on local disk, or on S3-compatible object storage when S3_BUCKET is set (see the README).
STORAGES = media_storages(
    os.environ,
    static_backend=(
        "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    ),
)
WHITENOISE_USE_FINDERS = DEBUG
# Follow the environment's DEBUG, not the test runner's (which turns DEBUG off): in development
# and tests files come from the finders, and there is no collected STATIC_ROOT to scan.
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Newsroom <newsroom@localhost>")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Scheduled publishing (articles/workflow/scheduling.py): a scheduled piece this many seconds past its time is
# "overdue" on the desk and in the health check; no finished publish_scheduled run for this long is unhealthy.
NEWSROOM_OVERDUE_SECONDS = int(os.environ.get("NEWSROOM_OVERDUE_SECONDS", "120"))
NEWSROOM_SCHEDULER_STALE_SECONDS = int(os.environ.get("NEWSROOM_SCHEDULER_STALE_SECONDS", "300"))
# The newsroom's figures are counted at most this long ago (articles.desk.figures_kept): served from the
# cache, counted again on the first request after it or ahead by `manage.py count_figures` from cron.
NEWSROOM_FIGURES_MAX_AGE = int(os.environ.get("NEWSROOM_FIGURES_MAX_AGE", "600"))

# --- Production hardening -------------------------------------------------
# Secure by default whenever DEBUG is off; each knob can be turned off through
# the environment (for instance to run behind a proxy that does not set the
# forwarded-protocol header, or for a plain-HTTP load test on localhost).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers often probe over plain HTTP: the health check answers there too (it shows no content).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# Behind a TLS-terminating proxy Django sees plain HTTP; the proxy says "https"
# in this header. Only trust it when a proxy you control sets (and strips) it.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "" if DEBUG else "X-Forwarded-Proto").strip()
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): no inline script or style anywhere;
# our JS and CSS are files under static/. Images may come from a media host
# (S3, CDN) named in CSP_EXTRA_IMG_SRC.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *media_origins(os.environ), *env_list("CSP_EXTRA_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for
# one user name from one address, that combination is locked out for the
# cool-off time, even with the right password; other users are unaffected.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Editorial limits used by the review checks (characters).
NEWSROOM_HEADLINE_MAX = int(os.environ.get("NEWSROOM_HEADLINE_MAX", "90"))
NEWSROOM_TEASER_MIN = int(os.environ.get("NEWSROOM_TEASER_MIN", "60"))
NEWSROOM_TEASER_MAX = int(os.environ.get("NEWSROOM_TEASER_MAX", "300"))
# The editor's body limit: a long read is ~60,000 characters; 2,000,000 leaves room for documents
# pasted whole. The request limit sits well above it (non-ASCII text grows up to 9x when
# form-encoded), so an over-long body comes back as a form error with the text kept, not a bare 400.
NEWSROOM_BODY_MAX_CHARS = int(os.environ.get("NEWSROOM_BODY_MAX_CHARS", "2000000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(16 * 1024 * 1024)))

# Upload limits: bytes per file, and pixels per picture (larger ones are refused as decompression bombs).
NEWSROOM_IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", str(25 * 1024 * 1024)))
NEWSROOM_IMAGE_MAX_PIXELS = int(os.environ.get("NEWSROOM_IMAGE_MAX_PIXELS", "60000000"))

# The public site: its name, and how long browsers (max-age) and a CDN (s-maxage)
# may keep a page before revalidating it (seconds; a 304 from a kept page costs no query).
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_SITE_MAX_AGE = int(os.environ.get("NEWSROOM_SITE_MAX_AGE", "30"))
NEWSROOM_SITE_S_MAXAGE = int(os.environ.get("NEWSROOM_SITE_S_MAXAGE", "60"))
# The masthead's sections, and any kept page or API answer, are read again after at most this many
# seconds: what no publication bumps (a new rendition of a picture) shows within it (docs/caching.md).
NEWSROOM_NAV_CACHE_SECONDS = int(os.environ.get("NEWSROOM_NAV_CACHE_SECONDS", "10"))
# The longest the dashboard's counts by state are kept; a state change drops them (articles/models/desk_counts.py).
NEWSROOM_DESK_COUNTS_SECONDS = int(os.environ.get("NEWSROOM_DESK_COUNTS_SECONDS", "30"))
# How long a process may go on using the publication generation it read (articles/generation.py):
# a publication or withdrawal reaches every process and host within this many seconds.
NEWSROOM_GENERATION_SECONDS = float(os.environ.get("NEWSROOM_GENERATION_SECONDS", "1"))

# Distribution (ninjs, the partners' read API). The notices may use {year} (first publication) and {site}.
NEWSROOM_COPYRIGHT_NOTICE = os.environ.get("NEWSROOM_COPYRIGHT_NOTICE", "© {year} {site}")
NEWSROOM_USAGE_TERMS = os.environ.get(
    "NEWSROOM_USAGE_TERMS", "For use by the receiving partner under its agreement with {site}; no redistribution."
)
NEWSROOM_API_RATE = os.environ.get("NEWSROOM_API_RATE", "600/minute")
NEWSROOM_API_PAGE_SIZE = int(os.environ.get("NEWSROOM_API_PAGE_SIZE", "20"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["articles.api.auth.PartnerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.auth.PartnerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"partner": NEWSROOM_API_RATE},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "articles.api.negotiation.FirstRendererForAnyNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom read API",
    "DESCRIPTION": "Published content for partners: articles (our JSON and IPTC ninjs 3.1), sections, authors.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Suggestion mode: approving, scheduling or publishing a piece with open suggestions asks first ("0", the default);
# "1" refuses it until every suggestion is accepted or rejected.
NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING = env_bool("NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING")
