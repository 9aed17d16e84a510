"""Is scheduled publishing running? Each `publish_scheduled` run is recorded; overdue pieces and health are read here.

A dead cron job used to go unnoticed: a piece read "Scheduled for 14:08" for ever. Now every run
leaves a `SchedulerRun`, the desk marks a scheduled piece past its time as overdue, naming the last
run, and `publish_scheduled --check` / the `/health/publishing/` endpoint tell monitoring the same.
"""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article, OutboxMessage, SchedulerRun, State

# Runs are kept this long: enough to see when a cron job stopped, without growing for ever (1,440 a day).
KEEP_RUNS = datetime.timedelta(days=7)
# A mail still unsent this long after it was written has missed the sender after commit and a retry.
MAIL_LATE = datetime.timedelta(minutes=5)


@contextmanager
def recorded_run() -> Iterator[SchedulerRun]:
    """Record one real run: a row at the start, its counts and finishing time at the end (also when it failed).

    The caller sets `published`, `expired`, `failed` and `mails_not_delivered` on the yielded row.
    A run killed midway keeps `finished_at` empty: it does not count as "publishing ran".
    """
    run = SchedulerRun.objects.create(started_at=timezone.now(), host=socket.gethostname()[:200])
    try:
        yield run
    finally:
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at", "published", "expired", "failed", "mails_not_delivered"])
        SchedulerRun.objects.filter(started_at__lt=run.finished_at - KEEP_RUNS).delete()


def last_run() -> SchedulerRun | None:
    return SchedulerRun.objects.last_finished()


def is_overdue(article: Article, *, now: datetime.datetime | None = None) -> bool:
    """The same rule as `Article.objects.overdue()`, for one piece already loaded."""
    if article.status != State.SCHEDULED or article.publish_at is None:
        return False
    grace = datetime.timedelta(seconds=settings.NEWSROOM_OVERDUE_SECONDS)
    return article.publish_at <= (now or timezone.now()) - grace


def overdue_text(run: SchedulerRun | None, *, now: datetime.datetime | None = None) -> str:
    """“Overdue — publishing has not run since 14:02” (with the date when that was not today)."""
    if run is None:
        return _("Overdue — publishing has not run yet")
    finished = timezone.localtime(run.finished_at)
    if finished.date() == timezone.localdate(now or timezone.now()):
        when = date_format(finished, "H:i")
    else:
        when = date_format(finished, "SHORT_DATETIME_FORMAT")
    return _("Overdue — publishing has not run since %(when)s") % {"when": when}


@dataclass
class Health:
    """What monitoring needs to know about scheduled publishing; no headlines, no content."""

    now: datetime.datetime
    overdue: list[Article]
    undelivered_mails: int
    last_run: SchedulerRun | None
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        run = self.last_run
        return {
            "status": "ok" if self.healthy else "failing",
            "problems": self.problems,
            "overdue": len(self.overdue),
            "undelivered_mails": self.undelivered_mails,
            "last_run": None
            if run is None
            else {
                "started": run.started_at.isoformat(),
                "finished": run.finished_at.isoformat(),
                "published": run.published,
                "withdrawn": run.expired,
                "failed": run.failed,
            },
        }


def health(*, now: datetime.datetime | None = None) -> Health:
    """Overdue pieces, mails still unsent after `MAIL_LATE`, and whether a run finished lately.

    Problems (short codes for monitoring): `overdue`, `undelivered_mails`, `no_recent_run`.
    """
    now = now or timezone.now()
    overdue = list(Article.objects.overdue(now).order_by("publish_at", "pk").only("pk", "headline", "publish_at"))
    undelivered = OutboxMessage.objects.pending().filter(created_at__lt=now - MAIL_LATE).count()
    run = last_run()
    result = Health(now=now, overdue=overdue, undelivered_mails=undelivered, last_run=run)
    if overdue:
        result.problems.append("overdue")
    if undelivered:
        result.problems.append("undelivered_mails")
    stale = datetime.timedelta(seconds=settings.NEWSROOM_SCHEDULER_STALE_SECONDS)
    if run is None or run.finished_at < now - stale:
        result.problems.append("no_recent_run")
    return result
