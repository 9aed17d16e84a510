"""The newsroom's figures on a small known day: counts, medians, 90th percentiles, on-time share, corrections."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from articles.desk import figures_selectors as figures
from articles.models import Article, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 10)
H = datetime.timedelta(hours=1)


def at(hour: int, day: datetime.date = DAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


STEPS = {
    "submit": ("draft", "in_review"),
    "publish": ("in_review", "published"),
    "request_changes": ("in_review", "draft"),
    "schedule": ("in_review", "scheduled"),
    "publish_due": ("scheduled", "published"),
    "correct": ("published", "published"),
}


@pytest.fixture
def day():
    """Four pieces of one section (reviews of 1, 2, 4 and 8 hours), one of another section."""
    desk = factories.DeskFactory(slug="news")
    section = factories.SectionFactory(slug="politics", name="Politics", desk=desk)
    other = factories.SectionFactory(slug="sport", name="Sport")
    a1, a2, a3, a4 = (factories.ArticleFactory(section=section) for _ in range(4))
    a5 = factories.ArticleFactory(section=other)
    Article.objects.update(created_at=at(8))  # every first draft begun at 8:00
    story = [
        (a1, "submit", at(9)),
        (a2, "submit", at(9)),
        (a3, "submit", at(9)),
        (a4, "submit", at(9)),
        (a5, "submit", at(9)),
        (a1, "publish", at(10)),
        (a3, "request_changes", at(10)),
        (a2, "publish", at(11)),
        (a3, "submit", at(12)),
        (a5, "publish", at(12)),
        (a3, "schedule", at(16)),
        (a4, "publish", at(17)),
        (a4, "correct", at(18)),
        (a3, "publish_due", at(8, DAY + datetime.timedelta(days=1))),
    ]
    for article, transition, when in story:
        from_state, to_state = STEPS[transition]
        WorkflowEvent.objects.create(
            article=article, transition=transition, from_state=from_state, to_state=to_state, created_at=when
        )
    factories.AssignmentFactory(section=section, article=a1, deadline=at(8))  # filed 9:00: late
    factories.AssignmentFactory(section=section, article=a2, deadline=at(10))  # on time
    factories.AssignmentFactory(section=section, article=a3, deadline=at(9))  # filed at 9:00 sharp: on time
    factories.AssignmentFactory(section=section, deadline=at(12))  # nothing filed: missed
    factories.AssignmentFactory(section=section, deadline=at(12), dropped_at=at(7))  # dropped: not counted
    return {"desk": desk, "section": section, "other": other}


def scope(day, **kwargs) -> figures.Scope:
    return figures.Scope(DAY, DAY + datetime.timedelta(days=1), **kwargs)


def test_published_per_day(day):
    assert figures.published_per_day(scope(day)) == [(DAY, 4), (DAY + datetime.timedelta(days=1), 1)]
    assert figures.published_per_day(scope(day, section=day["section"]))[0] == (DAY, 3)
    assert figures.published_per_day(scope(day, section=day["other"])) == [
        (DAY, 1),
        (DAY + datetime.timedelta(days=1), 0),
    ]


def test_review_time_median_and_90th_percentile(day):
    spread, _per_day = figures.review_times(scope(day, section=day["section"]))
    # 1, 2, 4 and 8 hours: median between 2 and 4; p90 at 3.7 of 4 ranks: 4 + 0.7 x 4 hours.
    assert spread == figures.Spread(4, 3 * H, 4 * H + 0.7 * 4 * H)


def test_review_time_per_day(day):
    overall, per_day = figures.review_times(scope(day, desk=day["desk"]))
    per_day = dict(per_day)
    assert overall == figures.Spread(4, 3 * H, 4 * H + 0.7 * 4 * H)
    assert per_day[DAY].count == 4
    assert per_day[DAY].median == 3 * H
    assert per_day[DAY + datetime.timedelta(days=1)].count == 0


def test_time_in_each_stage(day):
    stages = dict(figures.time_in_stages(scope(day, section=day["section"])))
    # In review: 1 (a1), 1 (a3 sent back), 2 (a2), 4 (a3), 8 (a4) hours.
    assert stages["in_review"] == figures.Spread(5, 2 * H, 4 * H + 0.6 * 4 * H)
    # First drafts from creation (8:00) to submission (9:00), and a3 back in draft from 10:00 to 12:00.
    assert stages["draft"] == figures.Spread(5, H, H + 0.6 * H)
    assert stages["scheduled"] == figures.Spread(1, 16 * H, 16 * H)


def test_on_time_share(day):
    share = figures.on_time(scope(day, desk=day["desk"]), now=at(20))
    assert share == figures.OnTime(on_time=2, late=1, missed=1)
    assert share.share(share.on_time) == 50


def test_an_assignment_not_yet_due_is_neither_on_time_nor_missed(day):
    assert figures.on_time(scope(day, desk=day["desk"]), now=at(11)).missed == 0


def test_corrections_per_100_pieces(day):
    overall, per_section = figures.corrections(scope(day))
    assert (overall.corrections, overall.published, overall.per_100) == (1, 5, 20)
    assert [(row.label, row.per_100) for row in per_section] == [("Politics", 25), ("Sport", 0)]


def test_an_empty_period_has_no_figures(db):
    empty = figures.Scope(DAY, DAY)
    assert figures.review_times(empty) == (figures.Spread(0, None, None), [(DAY, figures.Spread(0, None, None))])
    assert figures.corrections(empty)[0].per_100 is None
    assert figures.on_time(empty).share(0) is None


def test_review_time_over_the_period_is_not_an_average_of_the_days(db):
    section = factories.SectionFactory()
    next_day = DAY + datetime.timedelta(days=1)
    for day_, hours in ((DAY, 1), (next_day, 3), (next_day, 5)):
        article = factories.ArticleFactory(section=section)
        for transition, when in (("submit", at(9, day_)), ("publish", at(9 + hours, day_))):
            from_state, to_state = STEPS[transition]
            WorkflowEvent.objects.create(
                article=article, transition=transition, from_state=from_state, to_state=to_state, created_at=when
            )
    overall, per_day = figures.review_times(figures.Scope(DAY, next_day))
    assert overall == figures.Spread(3, 3 * H, 3 * H + 0.8 * 2 * H)
    assert [(spread.count, spread.median) for _day, spread in per_day] == [(1, H), (2, 4 * H)]
