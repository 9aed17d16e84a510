"""Both ways of computing the figures' percentiles agree to the microsecond, on awkward durations.

PostgreSQL runs `percentile_cont`; other databases rank the durations in SQL and interpolate in Python
step for step as PostgreSQL does. On PostgreSQL both run and must give the same spreads.
"""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection
from django.utils import timezone

from articles.desk import figures_selectors as figures
from articles.models import State, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2026, 11, 10, 6, 0))


def expected(durations: list[datetime.timedelta], fraction: float) -> datetime.timedelta:
    """percentile_cont as PostgreSQL's orderedsetaggs.c computes it, over the durations in seconds."""
    ordered = sorted(d / datetime.timedelta(seconds=1) for d in durations)
    position = fraction * (len(ordered) - 1)
    first, second = int(position // 1), -int(-position // 1)
    if first == second:
        return datetime.timedelta(seconds=ordered[first])
    low, high = ordered[first], ordered[second]
    return datetime.timedelta(seconds=low + (position - first) * (high - low))


@pytest.fixture
def leaving():
    """Pieces leaving review after odd durations (microseconds, ties, days), in two stages."""
    rng = random.Random(25)
    section = factories.SectionFactory()
    pieces = [factories.ArticleFactory(section=section) for _ in range(3)]
    durations: dict[str, list[datetime.timedelta]] = {State.IN_REVIEW: [], State.DRAFT: []}
    rows = []
    for n in range(37):
        stage = State.IN_REVIEW if n % 3 else State.DRAFT
        waited = datetime.timedelta(microseconds=rng.randrange(1, 3 * 86_400_000_000))
        if n % 7 == 0 and durations[stage]:
            waited = durations[stage][-1]  # a tie
        durations[stage].append(waited)
        left = START + datetime.timedelta(minutes=n)
        rows.append(
            WorkflowEvent(
                article=pieces[n % 3],
                transition="publish" if stage == State.IN_REVIEW else "submit",
                from_state=stage,
                to_state=State.PUBLISHED if stage == State.IN_REVIEW else State.IN_REVIEW,
                created_at=left,
                stage_entered_at=left - waited,
            )
        )
    WorkflowEvent.objects.bulk_create(rows)
    return durations


def test_ranked_percentiles_are_percentile_cont_to_the_microsecond(leaving):
    events = WorkflowEvent.objects.all()
    spreads = figures._spreads_ranked(events, figures.F("from_state"), overall=True)
    everything = [d for ds in leaving.values() for d in ds]
    for key, durations in [*leaving.items(), (figures.OVERALL, everything)]:
        want = figures.Spread(len(durations), expected(durations, 0.5), expected(durations, 0.9))
        assert spreads[key] == want


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's")
def test_percentile_cont_and_the_ranking_agree(leaving):
    events = WorkflowEvent.objects.all()
    for group, overall in [(figures.F("from_state"), True), (figures.F("from_state"), False), (None, False)]:
        aggregated = figures._spreads_aggregated(events, group, overall=overall)
        assert aggregated == figures._spreads_ranked(events, group, overall=overall)
