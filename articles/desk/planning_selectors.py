"""Reads for planning: the story budget of a day and a writer's open assignments.

Every query is scoped to the user (`Assignment.objects.visible_to`, `Article.objects.visible_to`)
and uses a fixed number of queries however many rows the day has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from articles.desk.planning_filters import PlanningFilters
from articles.models import Article, Assignment, Byline, Section
from articles.models.planning import BUDGET_ORDER

DASHBOARD_ASSIGNMENTS = 10


@dataclass(frozen=True)
class BudgetRow:
    """One line of the budget: an assignment (with its piece, if started) or a piece running without one."""

    headline: str
    section: Section | None
    state: str
    deadline: datetime.datetime | None
    planned_words: int | None
    actual_words: int | None
    who: list[str]
    picture: str
    late: bool
    over_length: bool
    assignment: Assignment | None = None
    article: Article | None = None


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _words(article: Article) -> int:
    return len(article.body.split())


def budget_rows(user, day: datetime.date, *, filters: PlanningFilters | None = None, now=None) -> list[BudgetRow]:
    """The day's assignments (in the editors' order, else by deadline), then the day's pieces without one (by time)."""
    now = now or timezone.now()
    filters = filters or PlanningFilters()
    start, end = _day_bounds(day)
    assignments = filters.assignments(Assignment.objects.visible_to(user).for_day(day).with_budget_data())
    rows = []
    for assignment in assignments.order_by(*BUDGET_ORDER):
        rows.append(
            BudgetRow(
                headline=assignment.article.headline if assignment.article else assignment.headline,
                section=assignment.section,
                state=assignment.state_label,
                deadline=assignment.deadline,
                planned_words=assignment.planned_words,
                actual_words=assignment.actual_words,
                who=[person.get_full_name() or person.username for person in assignment.assignees.all()],
                picture=assignment.picture_status,
                late=assignment.is_overdue(now),
                over_length=assignment.is_over_length,
                assignment=assignment,
                article=assignment.article,
            )
        )
    running = (
        Article.objects.visible_to(user)
        .filter(assignment__isnull=True)
        .filter(
            Q(status="scheduled", publish_at__gte=start, publish_at__lt=end)
            | Q(published_at__gte=start, published_at__lt=end)
        )
        .select_related("section")
        .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position")))
        .prefetch_related("placements")
    )
    running = filters.articles(running)
    for article in running.distinct().order_by("publish_at", "published_at", "pk"):
        rows.append(
            BudgetRow(
                headline=article.headline,
                section=article.section,
                state=article.get_status_display(),
                deadline=None,
                planned_words=None,
                actual_words=_words(article),
                who=[byline.author.name for byline in article.bylines.all()],
                picture="",
                late=False,
                over_length=False,
                article=article,
            )
        )
    return rows


def open_assignments_for(user, *, limit: int = DASHBOARD_ASSIGNMENTS) -> list[Assignment]:
    """The user's own assignments not yet filed, nearest deadline first."""
    if not user.is_authenticated:
        return []
    mine = (
        Assignment.objects.filter(assignees=user, dropped_at__isnull=True)
        .filter(Q(article__isnull=True) | Q(article__status="draft"))
        .with_budget_data()
        .order_by("deadline", "pk")
    )
    return list(mine[:limit])


# --- the desk board -------------------------------------------------------------------------

BOARD_CARDS_PER_COLUMN = 30
# Moves that need a time are made on the review page (it has the picker); the board links there.
BOARD_SKIPS = {"schedule", "schedule_revision", "correct"}


@dataclass(frozen=True)
class BoardColumn:
    key: str
    label: str
    assignments: list[Assignment]
    articles: list[Article]

    @property
    def count(self) -> int:
        return len(self.assignments) + len(self.articles)


def board_columns(
    user, *, filters: PlanningFilters | None = None, limit: int = BOARD_CARDS_PER_COLUMN
) -> list[BoardColumn]:
    """Planned, writing, in review, changes requested, scheduled and live: at most `limit` cards each.

    Each piece's card carries `moves`: what this user may do with it now, from one set of facts
    fetched for the whole board (`workflow.facts_for`), so the queries do not grow with the cards.
    """
    from django.utils.translation import gettext as _

    from articles import workflow
    from articles.desk.selectors import with_last_event, with_list_data

    filters = filters or PlanningFilters()
    planned = list(
        filters.assignments(Assignment.objects.visible_to(user))
        .filter(article__isnull=True, dropped_at__isnull=True)
        .with_budget_data()
        .order_by("deadline", "pk")[:limit]
    )
    # Cards show words: the body is read (the list pages defer it), the teaser is not.
    base = with_last_event(with_list_data(filters.articles(Article.objects.visible_to(user))))
    base = base.defer(None).defer("teaser")
    base = base.select_related("assignment")
    drafts = base.filter(status="draft")
    returned = Q(last_transition="request_changes")
    columns = [
        ("writing", _("Writing"), drafts.filter(Q(last_transition__isnull=True) | ~returned).order_by("-updated_at")),
        ("in_review", _("In review"), base.filter(status="in_review").order_by("updated_at")),
        ("changes_requested", _("Changes requested"), drafts.filter(returned).order_by("-last_event_at")),
        ("scheduled", _("Scheduled"), base.filter(status="scheduled").order_by("publish_at")),
        ("live", _("Live"), base.filter(status="published").order_by("-published_at", "-pk")),
    ]
    board = [BoardColumn("planned", _("Planned"), planned, [])]
    for key, label, queryset in columns:
        board.append(BoardColumn(key, label, [], list(queryset[:limit])))
    cards = [article for column in board for article in column.articles]
    facts = workflow.facts_for(cards, user)
    for article in cards:
        article.words = _words(article)
        article.moves = [
            spec
            for spec in workflow.available_transitions(article, user, facts=facts[article.pk])
            if spec.name not in BOARD_SKIPS
        ]
    return board
