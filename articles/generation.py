"""The publication generation: what caches of public pages and API answers are keyed by.

`bump()` is called inside the transaction of every change of what readers or partners see
(publication, update, withdrawal, expiry, embargo lift, picture change). The number lives in the
database, so it commits or rolls back with the change; `current()` reads it through the cache
framework for at most `NEWSROOM_GENERATION_SECONDS` (default 1), so every process and host sees
a change within that time, and the process that made the change sees it at once. The number is kept
in each process's own cache (`newsroom.cache.local`): every process reads it at most once a second.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F

from articles.models import PublicationGeneration
from newsroom.cache import local

CACHE_KEY = "newsroom:publication-generation"


def bump(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Count one change of what is public, in the current transaction; caches drop it on commit."""
    updated = PublicationGeneration.objects.using(using).filter(pk=1).update(value=F("value") + 1)
    if not updated:
        PublicationGeneration.objects.using(using).get_or_create(pk=1, defaults={"value": 2})
    # Now, so this transaction's own later reads key by the new number (a test's, a batch's), and
    # again on commit, in case another request cached the old number in between.
    forget()
    transaction.on_commit(forget, using=using)


def forget() -> None:
    """Drop the cached number, so the next `current()` reads the committed one (this process at once)."""
    local().delete(CACHE_KEY)


def read() -> int:
    """The committed number, from the database."""
    value = PublicationGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 1


def current() -> int:
    """The publication generation as this process may use it (at most `NEWSROOM_GENERATION_SECONDS` old)."""
    return local().get_or_set(CACHE_KEY, read, timeout=settings.NEWSROOM_GENERATION_SECONDS)
