"""The newsroom's figures, read from the recorded workflow events (and the assignments' deadlines).

Every figure is one aggregate query over a period, whatever the number of events: days are grouped with
`TruncDate`, durations are event time minus the time the piece entered the stage (`stage_entered_at`,
written with each event), and percentiles are PostgreSQL's `percentile_cont` — elsewhere the durations
are ranked with window functions and only the rows either side of each percentile come back, interpolated
in Python as `percentile_cont` does. Python only fills the days without events and interpolates.

An event belongs to the section the piece was in when it happened (`WorkflowEvent.section`, written with
it), and so to that section's desk; an assignment to its own desk (or its section's).
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Field,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from articles.models import Assignment, Desk, Section, State, WorkflowEvent

# Transitions that put a piece before readers (a correction of the live version is counted apart).
PUBLISHING = ("publish", "publish_due", "publish_overdue")
# An editor's approval of a submitted piece: published at once or scheduled.
APPROVING = ("publish", "schedule")
CORRECTING = "correct"
# The stages whose time the figures show, in workflow order.
STAGES = (State.DRAFT, State.IN_REVIEW, State.SCHEDULED)
MEDIAN, P90 = 0.5, 0.9


@dataclass(frozen=True)
class Scope:
    """A period [start, end) in the newsroom's time zone, optionally one desk or one section."""

    first_day: datetime.date
    last_day: datetime.date
    desk: Desk | None = None
    section: Section | None = None

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.first_day, datetime.time.min))

    @property
    def end(self) -> datetime.datetime:
        next_day = self.last_day + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))

    @functools.cached_property
    def desk_sections(self) -> list[int]:
        """The ids of the desk's sections: the events' index holds the section, so no join is needed."""
        return list(Section.objects.filter(desk=self.desk).values_list("pk", flat=True)) if self.desk else []

    @property
    def days(self) -> list[datetime.date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + datetime.timedelta(days=offset) for offset in range(count)]


@dataclass(frozen=True)
class Spread:
    """How long something took: how many, the median and the 90th percentile."""

    count: int
    median: datetime.timedelta | None
    p90: datetime.timedelta | None


@dataclass(frozen=True)
class OnTime:
    on_time: int
    late: int
    missed: int  # the deadline passed and nothing was filed

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missed

    def share(self, part: int) -> float | None:
        return 100 * part / self.total if self.total else None


@dataclass(frozen=True)
class Corrections:
    label: str
    corrections: int
    published: int

    @property
    def per_100(self) -> float | None:
        return 100 * self.corrections / self.published if self.published else None


def events_in(scope: Scope) -> QuerySet[WorkflowEvent]:
    """The events of the period (and desk or section)."""
    events = WorkflowEvent.objects.filter(created_at__gte=scope.start, created_at__lt=scope.end)
    if scope.section is not None:
        events = events.filter(section=scope.section)
    if scope.desk is not None:
        events = events.filter(section__in=scope.desk_sections)
    return events


def _local_day(field: str = "created_at") -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def published_per_day(scope: Scope) -> list[tuple[datetime.date, int]]:
    """Pieces published each day (a piece published twice on one day counts once); days without any show 0."""
    counts = dict(
        events_in(scope)
        .filter(transition__in=PUBLISHING)
        .annotate(day=_local_day())
        .values("day")
        .annotate(pieces=Count("article", distinct=True))
        .values_list("day", "pieces")
    )
    return [(day, counts.get(day, 0)) for day in scope.days]


def _time_in_stage() -> ExpressionWrapper:
    """For an event leaving a stage: how long since the piece entered that stage.

    The entry time is written with the event (`WorkflowEvent.stage_entered_at`: the piece's latest event
    into the stage from another state, or for a first draft its creation), so this is a column difference.
    """
    return ExpressionWrapper(F("created_at") - F("stage_entered_at"), output_field=DurationField())


OVERALL = ""  # the key of the whole set's spread beside its groups


def _near(rank: str, total: str) -> Q:
    """Rows whose rank lies within 1 of a percentile's 1-based position 1 + fraction x (n - 1)."""
    near = Q()
    for fraction in (MEDIAN, P90):
        position = ExpressionWrapper((F(total) - 1) * Value(fraction) + 1, output_field=FloatField())
        near |= Q(**{f"{rank}__gt": position - 1, f"{rank}__lt": position + 1})
    return near


class PercentileCont(Aggregate):
    """PostgreSQL's `percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`, of a number.

    Several of them over the same expression in one query share one sort per group (PostgreSQL shares the
    ordered-set aggregates' state).
    """

    function = "percentile_cont"
    template = "%(function)s(%(fraction)r) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


class Seconds(Func):
    """A duration in seconds, as a double.

    `date_part` computes in doubles; `EXTRACT` (PostgreSQL 14 and later) in `numeric`, which made sorting
    350,000 durations for their percentiles twice as slow (docs/benchmarks.md). A duration is whole
    microseconds, far inside a double's precision, so both give the same figures to the microsecond.
    """

    template = "date_part('epoch', %(expressions)s)"
    output_field = FloatField()


def _spreads(events: QuerySet[WorkflowEvent], group=None, *, overall: bool = False) -> dict[object, Spread]:
    """Count, median and 90th percentile of the time in stage per `group` (and of all, with `overall`), one query.

    PostgreSQL computes the percentiles itself (`percentile_cont`); elsewhere the durations are ranked in
    SQL and only the rows either side of each percentile come back, interpolated here step for step as
    PostgreSQL does, so both give the same figures to the microsecond.
    """
    events = events.filter(stage_entered_at__isnull=False).order_by()  # no ordering of the rows
    if connections[events.db].vendor == "postgresql":
        return _spreads_aggregated(events, group, overall=overall)
    return _spreads_ranked(events, group, overall=overall)


def _spreads_aggregated(events: QuerySet[WorkflowEvent], group, *, overall: bool) -> dict[object, Spread]:
    """One GROUP BY (with the whole set as one more row of a UNION ALL): count and `percentile_cont`s."""
    events = events.order_by()  # a GROUP BY only: no ordering of the rows
    seconds = Seconds(_time_in_stage())
    measures = {
        "total": Count("*"),  # not the id: the index `event_leaving_section_time` has all else (an index-only scan)
        "median": PercentileCont(seconds, MEDIAN),
        "p90": PercentileCont(seconds, P90),
    }
    fields = ["group_key", "total", "median", "p90"]
    whole = events.annotate(group_key=Value(None, output_field=_key_field(group))).values("group_key")
    whole = whole.annotate(**measures).values_list(*fields)  # a constant key: no GROUP BY, one row
    if group is None:
        rows = whole
    else:
        rows = events.annotate(group_key=group).values("group_key").annotate(**measures).values_list(*fields)
        if overall:
            rows = rows.union(whole, all=True)
    return {
        OVERALL if key is None else key: Spread(total, _seconds(median), _seconds(p90))
        for key, total, median, p90 in rows
        if total
    }


def _key_field(group) -> Field:
    return group.output_field if hasattr(group, "output_field") else CharField()


def _spreads_ranked(events: QuerySet[WorkflowEvent], group, *, overall: bool) -> dict[object, Spread]:
    """The durations ranked with window functions (per group, and over all rows); only the rows around each
    percentile's position come back."""
    order = [F("waited").asc(), F("pk").asc()]
    ranked = events.annotate(waited=_time_in_stage()).annotate(
        group_key=group if group is not None else Value(OVERALL),
        rank=Window(RowNumber(), partition_by=[group] if group is not None else None, order_by=order),
        total=Window(Count("pk"), partition_by=[group] if group is not None else None),
    )
    near = _near("rank", "total")
    fields = ["group_key", "rank", "total", "waited"]
    if overall and group is not None:
        ranked = ranked.annotate(rank_all=Window(RowNumber(), order_by=order), total_all=Window(Count("pk")))
        near |= _near("rank_all", "total_all")
        fields += ["rank_all", "total_all"]
    values: dict[object, dict[int, datetime.timedelta]] = defaultdict(dict)
    totals: dict[object, int] = {}
    for row in ranked.filter(near).values_list(*fields):
        key, rank, total, waited = row[:4]
        values[key][rank] = waited  # extra ranks (near the other set's percentiles) are simply not looked up
        totals[key] = total
        if len(row) > 4:
            values[OVERALL][row[4]] = waited
            totals[OVERALL] = row[5]
    return {
        key: Spread(totals[key], _interpolate(ranks, totals[key], MEDIAN), _interpolate(ranks, totals[key], P90))
        for key, ranks in values.items()
    }


SECOND = datetime.timedelta(seconds=1)


def _interpolate(values: dict[int, datetime.timedelta], total: int, fraction: float) -> datetime.timedelta:
    """PostgreSQL's `percentile_cont`, step for step: in seconds as doubles, linear between the rows either
    side of the 0-based position fraction x (n - 1) (`values` holds them by 1-based rank)."""
    position = fraction * (total - 1)
    low, high = math.floor(position), math.ceil(position)
    first = values[low + 1] / SECOND
    if low == high:
        return _seconds(first)
    second = values[high + 1] / SECOND
    return _seconds(first + (position - low) * (second - first))


def _seconds(value: float | None) -> datetime.timedelta | None:
    return None if value is None else datetime.timedelta(seconds=value)


def _approvals(scope: Scope) -> QuerySet[WorkflowEvent]:
    return events_in(scope).filter(transition__in=APPROVING, from_state=State.IN_REVIEW)


def review_times(scope: Scope) -> tuple[Spread, list[tuple[datetime.date, Spread]]]:
    """From submission (entering review) to approval (published or scheduled), for approvals in the period:
    over the whole period, and per day (one query)."""
    spreads = _spreads(_approvals(scope), _local_day(), overall=True)
    empty = Spread(0, None, None)
    return spreads.get(OVERALL, empty), [(day, spreads.get(day, empty)) for day in scope.days]


def time_in_stages(scope: Scope) -> list[tuple[str, Spread]]:
    """How long pieces stayed in each stage, for every stage left in the period."""
    leaving = events_in(scope).filter(from_state__in=STAGES).exclude(from_state=F("to_state"))
    spreads = _spreads(leaving, F("from_state"))
    return [(stage, spreads.get(stage.value, Spread(0, None, None))) for stage in STAGES]


def on_time(scope: Scope, *, now: datetime.datetime | None = None) -> OnTime:
    """Assignments due in the period: filed (first submitted) by the deadline, after it, or not at all by now."""
    now = now or timezone.now()
    filed = (
        WorkflowEvent.objects.filter(article=OuterRef("article"), to_state=State.IN_REVIEW)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    assignments = Assignment.objects.filter(
        deadline__gte=scope.start, deadline__lt=scope.end, dropped_at__isnull=True
    ).annotate(filed_at=Subquery(filed))
    if scope.section is not None:
        assignments = assignments.filter(section=scope.section)
    if scope.desk is not None:
        assignments = assignments.filter(Q(desk=scope.desk) | Q(desk__isnull=True, section__desk=scope.desk))
    counts = assignments.aggregate(
        on_time=Count("pk", filter=Q(filed_at__lte=F("deadline"))),
        late=Count("pk", filter=Q(filed_at__gt=F("deadline"))),
        missed=Count("pk", filter=Q(filed_at__isnull=True, deadline__lt=now)),
    )
    return OnTime(**counts)


def corrections(scope: Scope) -> tuple[Corrections, list[Corrections]]:
    """Corrections of live pieces per 100 pieces published in the period: in all, and per section (one query).

    A piece counts for the section it was in when published or corrected, so the whole is the sum of the
    sections' counts.
    """
    counted = {
        "corrections": Count("transition", filter=Q(transition=CORRECTING)),  # in the index, unlike the id
        "published": Count("article", distinct=True, filter=Q(transition__in=PUBLISHING)),
    }
    events = events_in(scope).filter(transition__in=(CORRECTING, *PUBLISHING))  # one index range, not an OR
    per_section = [
        Corrections(label=row["section__name"], corrections=row["corrections"], published=row["published"])
        for row in events.values("section__name").annotate(**counted).order_by("section__position", "section__name")
    ]
    overall = Corrections(
        label="",
        corrections=sum(row.corrections for row in per_section),
        published=sum(row.published for row in per_section),
    )
    return overall, per_section


@dataclass(frozen=True)
class Figures:
    """Every figure of a scope, counted at one moment (what the page shows and its CSV downloads give)."""

    counted_at: datetime.datetime
    published: list[tuple[datetime.date, int]]
    review: Spread
    review_days: list[tuple[datetime.date, Spread]]
    stages: list[tuple[str, Spread]]
    on_time: OnTime
    corrections: Corrections
    corrections_per_section: list[Corrections]


def count_figures(scope: Scope) -> Figures:
    """Count every figure of the scope now: five aggregate queries over the period's events and assignments."""
    now = timezone.now()
    review, review_days = review_times(scope)
    overall, per_section = corrections(scope)
    return Figures(
        counted_at=now,
        published=published_per_day(scope),
        review=review,
        review_days=review_days,
        stages=time_in_stages(scope),
        on_time=on_time(scope, now=now),
        corrections=overall,
        corrections_per_section=per_section,
    )
