"""Where pictures live: local disk by default, S3-compatible object storage when `S3_BUCKET` is set.

Read by `newsroom/settings.py` at start-up (so it imports nothing from Django's app registry).
Two storages are configured:

- `default` — originals as uploaded, private: on disk under `PRIVATE_MEDIA_ROOT` (beside
  `MEDIA_ROOT` unless set), on S3 under the `private/` prefix (or `S3_PRIVATE_BUCKET`), never
  world-readable. Never overwrites: two uploads with the same name get two files. Desk users get
  them through the authorised view `desk:image-original`.
- `renditions` — the sized copies. Their names are unique per image, crop and focal point, so the
  storage may overwrite: two processes writing the same rendition write the same bytes to the same
  name, and no duplicate file ever appears. Readers reach them only through the gate
  (`articles/media/serving.py`), which on S3 redirects to a short-lived signed address.

With S3 every host reads and writes the same bucket, so a picture uploaded through one host shows
on all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
PRIVATE_LOCAL_BACKEND = "articles.media.private_storage.PrivateFileSystemStorage"
# A signed S3 address handed out by the gate or the desk lives this long (seconds).
SIGNED_URL_SECONDS = 300


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def s3_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """django-storages options from the `S3_*` variables (documented in the README)."""
    options: dict[str, Any] = {
        "bucket_name": environ["S3_BUCKET"],
        "region_name": environ.get("S3_REGION") or None,
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "location": environ.get("S3_PREFIX", "").strip("/"),
        "default_acl": environ.get("S3_DEFAULT_ACL") or None,
        # "path" for servers without per-bucket host names (MinIO, moto, many on-premises stores).
        "addressing_style": environ.get("S3_ADDRESSING_STYLE") or None,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    public_url = environ.get("S3_PUBLIC_URL", "").strip()
    if public_url:
        # Files are public (a public bucket or a CDN in front of it): plain, cacheable addresses.
        parts = urlsplit(public_url)
        options["custom_domain"] = (parts.netloc + parts.path).rstrip("/")
        options["url_protocol"] = f"{parts.scheme or 'https'}:"
        options["querystring_auth"] = _flag(environ.get("S3_SIGNED_URLS"), default=False)
    else:
        # A private bucket: every address is signed and expires (S3_URL_EXPIRES seconds). Public pages
        # are kept rendered for a while, so the default is SigV4's longest: a week.
        options["querystring_auth"] = _flag(environ.get("S3_SIGNED_URLS"), default=True)
        options["querystring_expire"] = int(environ.get("S3_URL_EXPIRES", str(7 * 24 * 3600)))
    return {key: value for key, value in options.items() if value is not None}


def gated_s3_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """Options for files only the app's gate hands out: private objects, addresses signed for minutes."""
    options = {key: value for key, value in s3_options(environ).items() if key not in {"custom_domain", "url_protocol"}}
    options.update(querystring_auth=True, querystring_expire=SIGNED_URL_SECONDS, default_acl="private")
    return options


def private_s3_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """Originals: a private bucket (`S3_PRIVATE_BUCKET`) or the `private/` prefix of the media bucket."""
    options = gated_s3_options(environ)
    if environ.get("S3_PRIVATE_BUCKET"):
        options["bucket_name"] = environ["S3_PRIVATE_BUCKET"]
    else:
        options["location"] = "/".join(part for part in (options.get("location", ""), "private") if part)
    return options


def storages(environ: Mapping[str, str], *, static_backend: str) -> dict[str, dict]:
    """The STORAGES setting: local disk, or S3 when `S3_BUCKET` is set."""
    if environ.get("S3_BUCKET"):
        originals = {"BACKEND": S3_BACKEND, "OPTIONS": private_s3_options(environ)}
        renditions = {"BACKEND": S3_BACKEND, "OPTIONS": {**gated_s3_options(environ), "file_overwrite": True}}
    else:
        originals = {"BACKEND": PRIVATE_LOCAL_BACKEND}
        renditions = {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"allow_overwrite": True}}
    return {"default": originals, "renditions": renditions, "staticfiles": {"BACKEND": static_backend}}


def uses_object_storage(storages_setting: Mapping[str, Mapping]) -> bool:
    return storages_setting["default"]["BACKEND"] == S3_BACKEND


def media_origins(environ: Mapping[str, str]) -> list[str]:
    """Origins pictures are served from when they live on S3, for the Content-Security-Policy's img-src."""
    if not environ.get("S3_BUCKET"):
        return []
    origins = []
    for url in (environ.get("S3_PUBLIC_URL", ""), environ.get("S3_ENDPOINT_URL", "")):
        parts = urlsplit(url.strip())
        if parts.scheme and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    if not environ.get("S3_ENDPOINT_URL"):
        origins.append("https://*.amazonaws.com")  # AWS itself: bucket host names vary by region and style
    return sorted(set(origins))
