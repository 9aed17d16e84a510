"""Soft locks: who has a piece open in the editor right now.

Advisory only — the version check in `workflow.editing` is what keeps a save from
overwriting another. The lock lets colleagues see "being edited by Anna since 10:02"
before they start typing, and lets an editor take a piece over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import Article, EditLock

# The editor page sends a heartbeat every HEARTBEAT_SECONDS; a lock not seen for
# STALE_AFTER is free again (the browser was closed, the laptop went to sleep).
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(seconds=HEARTBEAT_SECONDS * 4)


@dataclass(frozen=True)
class LockState:
    lock: EditLock | None
    held_by_me: bool

    @property
    def held_by_other(self) -> bool:
        return self.lock is not None and not self.held_by_me


def is_fresh(lock: EditLock | None, now=None) -> bool:
    return lock is not None and lock.seen_at > (now or timezone.now()) - STALE_AFTER


def current_lock(article: Article, now=None) -> EditLock | None:
    """The fresh lock on the article, if anyone holds one."""
    lock = EditLock.objects.select_related("user").filter(article=article).first()
    return lock if is_fresh(lock, now) else None


@transaction.atomic
def acquire(article: Article, *, user, take_over: bool = False, now=None) -> LockState:
    """Take or refresh the lock unless someone else holds a fresh one (or `take_over` is set)."""
    now = now or timezone.now()
    lock = EditLock.objects.select_for_update().select_related("user").filter(article=article).first()
    if lock is None:
        lock = EditLock.objects.create(article=article, user=user, since=now, seen_at=now)
        return LockState(lock, held_by_me=True)
    if lock.user_id == user.pk:
        lock.seen_at = now
        lock.save(update_fields=["seen_at"])
        return LockState(lock, held_by_me=True)
    if is_fresh(lock, now) and not take_over:
        return LockState(lock, held_by_me=False)
    lock.user = user
    lock.since = now
    lock.seen_at = now
    lock.save(update_fields=["user", "since", "seen_at"])
    return LockState(lock, held_by_me=True)


def release(article: Article, *, user) -> None:
    """Give the lock up (after a save); only its holder can."""
    EditLock.objects.filter(article=article, user=user).delete()


def may_take_over(user) -> bool:
    """Editors may take a piece over from whoever has it open."""
    return user.is_superuser or user.has_perm("articles.review_article")
