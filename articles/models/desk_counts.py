"""When the dashboard's kept counts by state stop being true: every recorded state change and every new piece.

The counts (`articles.desk.selectors.desk_counts`) are kept in Django's cache under a stamp; a change
moves the stamp on commit, so the next dashboard counts afresh — the person who made the change sees it at
once. Without changes the counts are kept for NEWSROOM_DESK_COUNTS_SECONDS.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

STAMP_KEY = "newsroom:desk-counts-stamp"


def stamp() -> int:
    """The current stamp (0 until the first change)."""
    return cache.get_or_set(STAMP_KEY, 0, timeout=None)


def forget() -> None:
    """Move the stamp on: kept counts no longer apply."""
    try:
        cache.incr(STAMP_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the one the counts were kept under
        cache.set(STAMP_KEY, stamp() + 1, timeout=None)


def forget_on_commit() -> None:
    transaction.on_commit(forget)
