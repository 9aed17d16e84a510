"""Rendered public answers (site pages, API answers) kept in Django's cache framework.

Keys carry the publication generation (`articles.generation`), so every change of what is
public makes a new key in every process within `NEWSROOM_GENERATION_SECONDS`. The two changes
that write nothing — an embargo passing and an expiry — are time boundaries: an entry is kept
no longer than the first boundary its content does not show yet (`Entry.until`). What no
publication bumps (a section changed outside the admin, a new picture rendition) shows within
`NEWSROOM_NAV_CACHE_SECONDS`, the longest an entry is kept. See docs/caching.md.

With a shared cache (`CACHE_URL`, Redis) each process keeps what it read for one generation second
in a "near" cache of its own (Django's local-memory backend, `CACHES["near"]`): a hot page then
costs no round trip. Its keys carry the generation, so it is never older than the generation is.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles import generation
from newsroom.cache import near


class Entry(NamedTuple):
    """One rendered answer and its validators."""

    content: bytes
    etag: str
    last_modified: datetime.datetime | None = None
    until: datetime.datetime | None = None  # the first time boundary (embargo end, expiry) it does not show
    content_type: str = "text/html; charset=utf-8"


def key(*parts: object) -> str:
    """The cache key of an answer identified by `parts`, as of the current publication generation."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"newsroom:answer:{generation.current()}:{digest}"


def get(cache_key: str) -> Entry | None:
    """The stored answer, or None (also when a time boundary has passed since it was stored)."""
    front = near()
    entry = front.get(cache_key) if front is not None else None
    if entry is None:
        entry = cache.get(cache_key)
        if entry is not None and front is not None:
            front.set(cache_key, entry)  # for its timeout: the generation's second
    if entry is None or (entry.until is not None and entry.until <= timezone.now()):
        return None
    return entry


def put(cache_key: str, entry: Entry) -> None:
    """Keep the answer until its first time boundary, at most `NEWSROOM_NAV_CACHE_SECONDS`."""
    lifetime = float(settings.NEWSROOM_NAV_CACHE_SECONDS)
    if entry.until is not None:
        lifetime = min(lifetime, (entry.until - timezone.now()).total_seconds())
    if lifetime >= 1:  # backends count whole seconds; less is not worth a write
        cache.set(cache_key, entry, timeout=int(lifetime))
        if (front := near()) is not None:
            front.set(cache_key, entry)
