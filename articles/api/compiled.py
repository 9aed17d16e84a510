"""The two queries every API request makes (the token, the live-set stamp), compiled once.

Compiling an ORM query costs more than running these small ones, and partners poll. The
SQL still comes from the querysets (`PartnerToken.objects.active()`,
`PublishedVersion.objects.live()`), so those stay the one rule; the placeholders chosen at
compile time are swapped for each call's values.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from articles.models import PartnerToken, PublishedVersion
from articles.models.partners import hash_token

SENTINEL_NOW = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
SENTINEL_TEXT = "\x00placeholder"


class Compiled:
    """A queryset's SQL per database alias; `now` and `text` parameters are filled in per call."""

    def __init__(self, build: Callable[[datetime.datetime, str], QuerySet]) -> None:
        self.build = build
        self.compiled: dict[str, tuple[str, list]] = {}

    def _compile(self, alias: str) -> tuple[str, list]:
        sql, params = self.build(SENTINEL_NOW, SENTINEL_TEXT).query.get_compiler(alias).as_sql()
        sentinel_now = connections[alias].ops.adapt_datetimefield_value(SENTINEL_NOW)
        slots = ["now" if p == sentinel_now else "text" if p == SENTINEL_TEXT else ("value", p) for p in params]
        return sql, slots

    def fetchone(self, *, text: str = "") -> tuple | None:
        alias = DEFAULT_DB_ALIAS
        if alias not in self.compiled:
            self.compiled[alias] = self._compile(alias)
        sql, slots = self.compiled[alias]
        connection = connections[alias]
        values = {"now": connection.ops.adapt_datetimefield_value(timezone.now()), "text": text}
        with connection.cursor() as cursor:
            cursor.execute(sql, [slot[1] if isinstance(slot, tuple) else values[slot] for slot in slots])
            return cursor.fetchone()


_token = Compiled(
    lambda now, key_hash: PartnerToken.objects.active().filter(key_hash=key_hash).values_list("pk", "partner")[:1]
)
_stamp = Compiled(
    lambda now, text: (
        PublishedVersion.objects.live(now)
        .order_by()
        .values("is_live")
        .annotate(count=Count("pk"), newest=Max("updated_at"))
        .values_list("count", "newest")
    )
)


def active_token(key: str) -> PartnerToken | None:
    """The active token with this key (an unsaved-looking instance with pk and partner), or None."""
    row = _token.fetchone(text=hash_token(key))
    return PartnerToken(pk=row[0], partner=row[1]) if row else None


def live_stamp() -> tuple:
    """How many pieces partners can see and when the newest was written: changes with every
    publication, update, withdrawal and expiry (each writes a version row or leaves the live set)."""
    return _stamp.fetchone() or (0, None)
