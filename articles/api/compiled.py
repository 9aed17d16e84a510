"""The queries every API request makes (the token, the live-set stamp), compiled once.

Compiling an ORM query costs more than running these small ones, and partners poll. The
SQL still comes from the querysets (`PartnerToken.objects.active()` for the token), and the
placeholders chosen at compile time are swapped for each call's values. The polled list asks
both questions in one statement (`active_token(key, with_live_stamp=True)`): one round trip.

The stamp only says whether the live set may have changed; what partners see still comes
from `PublishedVersion.objects.live()`. It reads indexes only (the live flag's, the primary
key), so its cost does not grow with the rows' size, and `next_expiry()` (asked when a page is
rendered, with `live()`) covers the one change that writes nothing: a piece's expiry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Min, QuerySet, Subquery
from django.utils import timezone

from articles.compiled_sql import SENTINEL_NOW, with_named_placeholders
from articles.models import PartnerToken, PublishedVersion
from articles.models.partners import hash_token

SENTINEL_TEXT = "\x00placeholder"

Slot = str | tuple[str, object]


class Compiled:
    """SQL per database alias, with `now` and `text` parameters filled in per call."""

    def __init__(self, compile_for: Callable[[str], tuple[str, list[Slot]]]) -> None:
        self.compile_for = compile_for
        self.compiled: dict[str, tuple[str, list[Slot]]] = {}
        self.named_sql: dict[str, tuple[str, dict[str, object]]] = {}

    @classmethod
    def of(cls, build: Callable[[datetime.datetime, str], QuerySet]) -> Compiled:
        """A queryset's SQL; `build` gets placeholders for the time and the text."""
        return cls(lambda alias: _queryset_sql(build, alias))

    @classmethod
    def side_by_side(cls, first: Compiled, second: Compiled) -> Compiled:
        """Both queries in one statement: the first's row next to the second's (NULLs if it has none).

        No row at all when the first has none.
        """

        def compile_for(alias: str) -> tuple[str, list[Slot]]:
            first_sql, first_slots = first.sql(alias)
            second_sql, second_slots = second.sql(alias)
            # Both parts are SQL compiled from querysets, values stay parameters.
            sql = f"SELECT * FROM ({first_sql}) first_row LEFT JOIN ({second_sql}) second_row ON 1 = 1"  # noqa: S608
            return sql, [*first_slots, *second_slots]

        return cls(compile_for)

    def sql(self, alias: str) -> tuple[str, list[Slot]]:
        if alias not in self.compiled:
            self.compiled[alias] = self.compile_for(alias)
        return self.compiled[alias]

    def named(self, alias: str) -> tuple[str, dict[str, object]]:
        """The SQL with named placeholders (`%(now)s`, `%(text)s`, `%(v3)s`…) and the constants' values."""
        if alias not in self.named_sql:
            sql, slots = self.sql(alias)
            names = [f"v{index}" if isinstance(slot, tuple) else slot for index, slot in enumerate(slots)]
            constants = {name: slot[1] for name, slot in zip(names, slots, strict=True) if isinstance(slot, tuple)}
            self.named_sql[alias] = (with_named_placeholders(sql, names), constants)
        return self.named_sql[alias]

    def fetchone(self, *, text: str = "") -> tuple | None:
        alias = DEFAULT_DB_ALIAS
        sql, constants = self.named(alias)
        connection = connections[alias]
        values = {**constants, "text": text}
        if "%(now)s" in sql:  # the token and the stamp do not ask the time
            values["now"] = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchone()


def _queryset_sql(build: Callable[[datetime.datetime, str], QuerySet], alias: str) -> tuple[str, list[Slot]]:
    sql, params = build(SENTINEL_NOW, SENTINEL_TEXT).query.get_compiler(alias).as_sql()
    sentinel_now = connections[alias].ops.adapt_datetimefield_value(SENTINEL_NOW)
    return sql, ["now" if p == sentinel_now else "text" if p == SENTINEL_TEXT else ("value", p) for p in params]


_token = Compiled.of(
    lambda now, key_hash: (
        PartnerToken.objects.active().filter(key_hash=key_hash).order_by().values_list("pk", "partner")[:1]
    )
)
_stamp = Compiled.of(
    # Index-only: the count reads the live rows' index, the newest id the primary key. Scanning the
    # live rows themselves (their `updated_at`, `expire_at`) would cost each request more with every piece.
    lambda now, text: (
        PublishedVersion.objects.filter(is_live=True)
        .order_by()
        .values("is_live")
        .annotate(count=Count("pk"), newest=Subquery(PublishedVersion.objects.order_by("-pk").values("pk")[:1]))
        .values_list("count", "newest")
    )
)
_token_and_stamp = Compiled.side_by_side(_token, _stamp)


class Partner(NamedTuple):
    """The caller, as authentication found it: what the API needs of a token, not a model instance."""

    pk: int
    partner: str
    live_stamp: tuple | None = None  # read with the token when the view asked for it

    # DRF's IsAuthenticated asks `request.user.is_authenticated`; in the API the token stands in for a user.
    is_authenticated = True


def active_token(key: str, *, with_live_stamp: bool = False) -> Partner | None:
    """The active token with this key, or None; with `with_live_stamp`, also `live_stamp()` in the same query."""
    if not with_live_stamp:
        row = _token.fetchone(text=hash_token(key))
        return Partner(row[0], row[1]) if row else None
    row = _token_and_stamp.fetchone(text=hash_token(key))
    # A LEFT JOIN: the stamp's columns are NULL when nothing is live (its query has no row then).
    return Partner(row[0], row[1], (row[2] or 0, row[3])) if row else None


def live_stamp() -> tuple:
    """How many versions are live and the newest version's id: changes with every publication and
    update (each writes a new version) and every withdrawal (it takes a version out of the live set).

    Expiry changes the live set without a write: see `next_expiry()`.
    """
    row = _stamp.fetchone()
    return (row[0], row[1]) if row else (0, None)


def next_expiry(now: datetime.datetime) -> datetime.datetime | None:
    """When the first piece partners can see now will expire (None: none will)."""
    return PublishedVersion.objects.live(now).aggregate(first=Min("expire_at"))["first"]
