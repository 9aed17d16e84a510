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


def state(article: Article, *, user, now=None) -> LockState:
    """Who holds the piece, without taking it: what a GET of the editor may show (a GET changes nothing)."""
    lock = current_lock(article, now)
    return LockState(lock, held_by_me=lock is not None and lock.user_id == user.pk)


def acquire(article: Article, *, user, take_over: bool = False, now=None) -> LockState:
    """Take or refresh the lock unless someone else holds a fresh one (or `take_over` is set).

    Never fails on a race: any number of people opening the editor at once get one
    holder and everyone else sees who it is.
    """
    now = now or timezone.now()
    # A row lock only holds on to a row that exists, and two "no lock yet" readers
    # would both insert: insert-if-absent first (ON CONFLICT DO NOTHING, which waits
    # for a competing insert to commit), then lock the row that is surely there.
    # A release may delete it in between, hence the few rounds.
    for _attempt in range(3):
        with transaction.atomic():
            EditLock.objects.bulk_create(
                [EditLock(article=article, user=user, since=now, seen_at=now)], ignore_conflicts=True
            )
            lock = EditLock.objects.select_for_update().select_related("user").filter(article=article).first()
            if lock is not None:
                return _decide(lock, user=user, take_over=take_over, now=now)
    raise RuntimeError("the edit lock kept disappearing")  # pragma: no cover - three releases in a row


def _decide(lock: EditLock, *, user, take_over: bool, now) -> LockState:
    """With the lock row held: refresh our own, respect a colleague's fresh one, take a stale one."""
    if lock.user_id == user.pk:
        if lock.seen_at != now:
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
