"""The newsroom's figures, counted ahead and kept in Django's cache for a few minutes.

Counting a quarter's figures at an agency's size means sorting hundreds of thousands of durations for exact
percentiles (docs/planning.md, "The figures at scale"): about a second on PostgreSQL at 1,000,000 pieces,
whatever the indexes. So the page serves the figures of its scope as counted at most
`NEWSROOM_FIGURES_MAX_AGE` seconds ago and says when; the first request after that counts them again, and
`manage.py count_figures`, run by cron every few minutes, counts the periods the page offers ahead, so an
editor never waits for them. "Count again now" on the page counts its scope at once.

What is kept is the figures (numbers, days, section names), not the page: one entry serves every language.
"""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.desk import figures_selectors as figures
from articles.models import Desk, Section

# The periods the page offers (days up to today); `count_figures` counts each of them ahead.
PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
# One `count_figures` run at a time across hosts; a run killed midway frees it when this passes.
LOCK_KEY = "figures:counting"
SHAPE = 1  # of figures_selectors.Figures: raise it when its fields change


def max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NEWSROOM_FIGURES_MAX_AGE)


def key(scope: figures.Scope) -> str:
    desk = scope.desk.pk if scope.desk else ""
    section = scope.section.pk if scope.section else ""
    # The shape's number first: a release that changes `Figures` reads none of the old release's entries.
    return f"figures:{SHAPE}:{scope.first_day.isoformat()}:{scope.last_day.isoformat()}:{desk}:{section}"


def figures_for(scope: figures.Scope, *, fresh: bool = False) -> figures.Figures:
    """The scope's figures as counted at most the maximum age ago (counted now if not, or if `fresh`)."""
    if not fresh:
        kept = cache.get(key(scope))
        if kept is not None and kept.counted_at >= timezone.now() - max_age():
            return kept
    return count(scope)


def count(scope: figures.Scope) -> figures.Figures:
    """Count the scope's figures now and keep them for the maximum age."""
    counted = figures.count_figures(scope)
    cache.set(key(scope), counted, settings.NEWSROOM_FIGURES_MAX_AGE)
    return counted


def offered_scopes(today: datetime.date) -> Iterator[figures.Scope]:
    """Every period the page offers, for all desks, each desk and each section."""
    desks, sections = list(Desk.objects.order_by("pk")), list(Section.objects.order_by("pk"))
    for days in PERIODS:
        first = today - datetime.timedelta(days=days - 1)
        yield figures.Scope(first, today)
        for desk in desks:
            yield figures.Scope(first, today, desk=desk)
        for section in sections:
            yield figures.Scope(first, today, section=section)


def describe(scope: figures.Scope) -> str:
    """A scope in a line for operators: its days, and its desk or section."""
    where = scope.desk.name if scope.desk else scope.section.name if scope.section else _("all desks")
    return _("%(first)s to %(last)s: %(where)s") % {
        "first": scope.first_day.isoformat(),
        "last": scope.last_day.isoformat(),
        "where": where,
    }


def count_ahead() -> int | None:
    """Count every offered scope's figures now; None when another run (on any host) is counting them."""
    lock_seconds = settings.NEWSROOM_FIGURES_MAX_AGE
    if not cache.add(LOCK_KEY, socket.gethostname(), lock_seconds):
        return None
    try:
        counted = 0
        for scope in offered_scopes(timezone.localdate()):
            count(scope)
            counted += 1
        return counted
    finally:
        cache.delete(LOCK_KEY)
