"""When each recorded event's piece entered the stage the event leaves (`WorkflowEvent.stage_entered_at`).

New events carry it from their INSERT (`articles.models.publishing.stage_entered`). `fill_stage_entered`
writes it for events stored without it — the events recorded before the field existed (migration
0030), an imported history — with one UPDATE per chunk of event ids, whatever the number of pieces.
The rule is the same as when writing: the piece's latest earlier event into that state from another
state, else the piece's creation.
"""

from __future__ import annotations

from django.db.models import F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

CHUNK = 50_000  # event ids per UPDATE: a bounded transaction on a table of millions


def fill_stage_entered(event_model, article_model, *, events=None, chunk: int = CHUNK, overwrite: bool = False) -> int:
    """Write `stage_entered_at` of `events` (all events by default; only the empty ones unless `overwrite`).

    Takes the models as arguments so the migration can pass its historical ones. Returns the rows written.
    """
    events = event_model.objects.all() if events is None else events
    if not overwrite:
        events = events.filter(stage_entered_at__isnull=True)
    entries = (
        event_model.objects.filter(
            article_id=OuterRef("article_id"),
            to_state=OuterRef("from_state"),
            created_at__lte=OuterRef("created_at"),
            pk__lt=OuterRef("pk"),
        )
        .exclude(from_state=F("to_state"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    created = article_model.objects.filter(pk=OuterRef("article_id")).values("created_at")[:1]
    entered = Coalesce(Subquery(entries), Subquery(created))
    bounds = events.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    written = 0
    for start in range(bounds["low"], bounds["high"] + 1, chunk):
        written += events.filter(Q(pk__gte=start) & Q(pk__lt=start + chunk)).update(stage_entered_at=entered)
    return written
