"""Helpers the desk's views share: the scoped article lookup, JSON negotiation, form errors, work after the answer."""

from __future__ import annotations

import datetime
import logging
import threading
import weakref
from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from articles.models import Article
from articles.review.page import review_article_queryset

logger = logging.getLogger(__name__)


def article_for(user, pk: int) -> Article:
    return get_object_or_404(review_article_queryset(user), pk=pk)


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request: HttpRequest, default: str) -> str:
    """The posted `next` address when it stays on this site, else `default` (never an open redirect)."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# The years a dated desk page (calendar, story budget) can show: a year 1 or 9999 is a mistyped date, answered 400.
DAY_YEARS = (1900, 2199)


def parse_day(value: str | None) -> datetime.date | None:
    """The date asked for (today when none was given), or None when it is not one a dated page can show."""
    if not value:
        return timezone.localdate()
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if DAY_YEARS[0] <= day.year <= DAY_YEARS[1] else None


def form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# Work registered by `after_response` and not finished yet; `wait_for_work_after_responses` waits for it
# (a test server must not empty its database while a crop is still being written).
_pending = 0
_pending_changed = threading.Condition()


def after_response(response: HttpResponse, work: Callable[[], object]) -> HttpResponse:
    """Run `work` once the answer has been sent (the WSGI server closes the response), not while the user waits.

    For work whose result nobody waits for and that is made again on demand if this process dies first
    (a picture's renditions: `rendition_sets.for_images` makes missing ones). Django closes a response's
    resources the same way (`FileResponse`); a failure is logged, the answer was already right.
    """
    global _pending
    settled = threading.Event()

    def settle() -> None:
        global _pending
        with _pending_changed:
            if not settled.is_set():
                settled.set()
                _pending -= 1
                _pending_changed.notify_all()

    def run() -> None:
        try:
            work()
        except Exception:
            logger.exception("work after the response failed")
        finally:
            settle()

    with _pending_changed:
        _pending += 1
    response._resource_closers.append(run)
    # An answer dropped without being closed (no WSGI server does that; a test may) will never run its work.
    weakref.finalize(response, settle)
    return response


def wait_for_work_after_responses(timeout: float) -> bool:
    """Wait until every answer's work after the response has run; False if some is still running after `timeout`."""
    with _pending_changed:
        return _pending_changed.wait_for(lambda: _pending <= 0, timeout=timeout)


def csv_safe(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class CappedPaginator(Paginator):
    """Pages of a list whose count stops at `cap`: in an archive of a million pieces, counting every match
    of a broad filter or search cost more than the page itself. `capped` says there are more than `cap`;
    the pages then reach the first `cap` (narrowing the filter finds the rest).
    """

    cap = 10_000

    @cached_property
    def counted(self) -> int:
        """The matches, up to one more than the cap: one query, stopping there (unsorted, ids only: a
        search would otherwise rank and sort every match just to count them)."""
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap
