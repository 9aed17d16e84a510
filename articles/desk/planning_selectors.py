"""Reads for planning: the story budget of a day and a writer's open assignments.

Every query is scoped to the user (`Assignment.objects.visible_to`, `Article.objects.visible_to`)
and uses a fixed number of queries however many rows the day has.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from articles.desk.planning_filters import PlanningFilters, shown_name
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
    # Addresses of the row's links and buttons, made without a `reverse` per row (`url_maker`).
    urls: dict[str, str] | None = None

    # The reorder buttons' names for screen readers (a property: only an editor's page asks).
    @property
    def move_up_label(self) -> str:
        return gettext("Move up: %(headline)s") % {"headline": self.headline}

    @property
    def move_down_label(self) -> str:
        return gettext("Move down: %(headline)s") % {"headline": self.headline}


def url_maker(name: str):
    """`pk -> reverse(name, args=[pk])`, resolved once: a board of 120 cards would otherwise reverse 240 times."""
    from django.urls import reverse

    marker = 987654321
    pattern = reverse(name, args=[marker])
    return lambda pk: pattern.replace(str(marker), str(pk), 1)


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _words(article: Article) -> int:
    return len(article.body.split())


def _budget_querysets(user, day: datetime.date, filters: PlanningFilters | None):
    """The day's assignments (in the editors' order), and the day's pieces running without one (by time)."""
    filters = filters or PlanningFilters()
    start, end = _day_bounds(day)
    assignments = filters.assignments(Assignment.objects.visible_to(user).for_day(day).with_budget_data())
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
    return assignments.order_by(*BUDGET_ORDER), running.distinct().order_by("publish_at", "published_at", "pk")


def _budget_urls():
    """`row kind -> pk -> address` for the budget's links and forms, each pattern reversed once."""
    names = ("article-edit", "assignment-edit", "assignment-start", "assignment-drop")
    return {name: url_maker(f"desk:{name}") for name in names}


def _row_urls(makers, assignment: Assignment | None, article: Article | None) -> dict[str, str]:
    """The row's addresses, keyed for the template (`row.urls.assignment_edit`)."""
    urls = {"article_edit": makers["article-edit"](article.pk)} if article else {}
    if assignment:
        for name in ("assignment-edit", "assignment-start", "assignment-drop"):
            urls[name.replace("-", "_")] = makers[name](assignment.pk)
    return urls


def _assignment_row(assignment: Assignment, now, makers) -> BudgetRow:
    return BudgetRow(
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
        urls=_row_urls(makers, assignment, assignment.article),
    )


def _running_row(article: Article, makers) -> BudgetRow:
    return BudgetRow(
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
        urls=_row_urls(makers, None, article),
    )


def budget_rows(user, day: datetime.date, *, filters: PlanningFilters | None = None, now=None) -> list[BudgetRow]:
    """The whole day (CSV, printing): the assignments in the editors' order, then the pieces without one."""
    now = now or timezone.now()
    assignments, running = _budget_querysets(user, day, filters)
    makers = _budget_urls()
    return [_assignment_row(a, now, makers) for a in assignments] + [_running_row(x, makers) for x in running]


class BudgetRows:
    """The day's budget as one sequence a `Paginator` can page: only the page's rows are read.

    The assignments come first, then the pieces running without one; a page may end in the first and
    start in the second. Two counts and at most two reads, however many rows the day has.
    """

    def __init__(self, user, day: datetime.date, *, filters: PlanningFilters | None = None, now=None) -> None:
        self.now = now or timezone.now()
        self.assignments, self.running = _budget_querysets(user, day, filters)
        self.makers = _budget_urls()
        self._planned: int | None = None
        self._count: int | None = None

    @property
    def planned(self) -> int:
        if self._planned is None:
            self._planned = self.assignments.count()
        return self._planned

    def count(self) -> int:
        if self._count is None:
            self._count = self.planned + self.running.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[BudgetRow]:
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        rows = []
        if start < self.planned:
            rows = [_assignment_row(a, self.now, self.makers) for a in self.assignments[start:stop]]
        if stop > self.planned:
            first = max(0, start - self.planned)
            rows += [_running_row(article, self.makers) for article in self.running[first : stop - self.planned]]
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

# The most urgent cards of each column; the rest are counted and a link leads to the filtered list.
BOARD_CARDS_PER_COLUMN = 20
# Moves that need a time are made on the review page (it has the picker); the board links there.
BOARD_SKIPS = {"schedule", "schedule_revision", "correct"}


@dataclass(frozen=True)
class BoardColumn:
    key: str
    label: str
    assignments: list[Assignment]
    articles: list[Article]
    # How many cards the column holds in all (None: not counted, see `has_more`), and where the rest are.
    total: int | None = None
    has_more: bool = False
    more_url: str = ""

    @property
    def count(self) -> int:
        return len(self.assignments) + len(self.articles)

    @property
    def more(self) -> int:
        """Cards not shown, when counted."""
        return max(0, self.total - self.count) if self.total is not None else 0


def board_columns(
    user, *, filters: PlanningFilters | None = None, limit: int = BOARD_CARDS_PER_COLUMN
) -> list[BoardColumn]:
    """Planned, writing, in review, changes requested, scheduled and live: the `limit` most urgent cards each.

    The working columns say how many cards they hold in all (one counting query for the pieces, one for
    the plans); the live column, which grows with the archive, only says that there are more. The bylines
    of all cards come in one query. Each piece's card carries `moves`: what this user may do with it now,
    from one set of facts fetched for the whole board (`workflow.facts_for`), so the queries do not grow
    with the cards.
    """
    from django.db.models import Count, F, OuterRef, Subquery
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from articles import workflow
    from articles.models import WorkflowEvent

    filters = filters or PlanningFilters()
    open_plans = filters.assignments(Assignment.objects.visible_to(user)).filter(
        article__isnull=True, dropped_at__isnull=True
    )
    # A plan's card shows its own fields and its writers' names (below): nothing to join or prefetch.
    planned = list(open_plans.order_by("deadline", "pk")[:limit])
    scoped = filters.articles(Article.objects.visible_to(user))
    # A card needs only its latest event's move and time (not the list pages' comment, actor and
    # publication state: fewer sub-selects to build and run). Cards show words: the body is read.
    latest = WorkflowEvent.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
    scoped = scoped.annotate(
        last_transition=Subquery(latest.values("transition")[:1]),
        last_event_at=Subquery(latest.values("created_at")[:1]),
    )
    # A card shows its plan's deadline, nothing else of the plan or the section: one column, not two objects.
    base = scoped.defer("teaser").annotate(plan_deadline=F("assignment__deadline"))
    drafts = base.filter(status="draft")
    returned = Q(last_transition="request_changes")
    writing = Q(last_transition__isnull=True) | ~returned
    columns = [
        ("writing", _("Writing"), drafts.filter(writing).order_by("-updated_at")),
        ("in_review", _("In review"), base.filter(status="in_review").order_by("updated_at")),
        ("changes_requested", _("Changes requested"), drafts.filter(returned).order_by("-last_event_at")),
        ("scheduled", _("Scheduled"), base.filter(status="scheduled").order_by("publish_at")),
        ("live", _("Live"), base.filter(status="published").order_by("-published_at", "-pk")),
    ]
    # The pieces under way are the newsroom's current work, not its archive: counting them stays cheap.
    totals = (
        scoped.order_by()
        .filter(status__in=["draft", "in_review", "scheduled"])
        .aggregate(
            writing=Count("pk", filter=Q(status="draft") & writing),
            in_review=Count("pk", filter=Q(status="in_review")),
            changes_requested=Count("pk", filter=Q(status="draft") & returned),
            scheduled=Count("pk", filter=Q(status="scheduled")),
        )
    )
    totals["planned"] = open_plans.count()
    # "More" leads to the desk's article list in that state (and section, when one is chosen).
    list_url = reverse("desk:article-list")
    in_section = f"&section={filters.section.pk}" if filters.section else ""
    more_urls = {
        key: f"{list_url}?status={state}{in_section}"
        for key, state in [
            ("writing", "draft"),
            ("in_review", "in_review"),
            ("changes_requested", "draft"),
            ("scheduled", "scheduled"),
            ("live", "published"),
        ]
    }
    more_urls["planned"] = f"{reverse('desk:planning-budget')}?{filters.query()}"
    board = [BoardColumn("planned", _("Planned"), planned, [], totals["planned"], more_url=more_urls["planned"])]
    for key, label, queryset in columns:
        cards = list(queryset[: limit + 1]) if key == "live" else list(queryset[:limit])
        board.append(
            BoardColumn(
                key,
                label,
                [],
                cards[:limit],
                totals.get(key),
                has_more=len(cards) > limit,
                more_url=more_urls[key],
            )
        )
    cards = [article for column in board for article in column.articles]
    # The names the cards show, each kind in one query; names rather than objects (Byline, Author and
    # User instances for a hundred cards cost more than the queries).
    writers: dict[int, list[str]] = defaultdict(list)
    assignees = Assignment.assignees.through.objects.filter(assignment__in=planned).order_by("pk")
    for plan, first, last, username in assignees.values_list(
        "assignment_id", "user__first_name", "user__last_name", "user__username"
    ):
        writers[plan].append(shown_name(first, last, username))
    bylines: dict[int, list[str]] = defaultdict(list)
    authors = Byline.objects.filter(article__in=cards).order_by("position", "pk")
    for article, name in authors.values_list("article_id", "author__name"):
        bylines[article].append(name)
    facts = workflow.facts_for(cards, user)
    move_url, review_url = url_maker("desk:board-move"), url_maker("desk:article-review")
    start_url = url_maker("desk:assignment-start")
    # The board's filters ride along in the move forms' address, so the editor comes back to the same board.
    query = filters.query()
    # A card's labels are written here, not in the template: per card, a tag there costs more than a call here.
    for assignment in planned:
        assignment.deadline_label = _deadline_label(assignment.deadline)
        assignment.words_label = _words_label(assignment.planned_words) if assignment.planned_words else ""
        assignment.assignee_names = ", ".join(writers.get(assignment.pk, ()))
        assignment.start_url = start_url(assignment.pk)
    # Each move's button label once per board, not once per card.
    labels: dict[str, str] = {}
    for article in cards:
        article.words = _words(article)
        article.words_label = _words_label(article.words)
        article.move_url, article.review_url = f"{move_url(article.pk)}?{query}", review_url(article.pk)
        article.deadline_label = _deadline_label(article.plan_deadline) if article.plan_deadline else ""
        article.byline_names = ", ".join(bylines.get(article.pk, ()))
        moves = [
            spec
            for spec in workflow.available_transitions(article, user, facts=facts[article.pk])
            if spec.name not in BOARD_SKIPS
        ]
        for spec in moves:
            if spec.name not in labels:
                labels[spec.name] = _("Move: %(action)s") % {"action": spec.label}
        article.moves = moves
        article.plain_moves = [(spec, labels[spec.name]) for spec in moves if not spec.needs_comment]
        # (move, label, id of its comment field)
        article.comment_moves = [
            (spec, labels[spec.name], f"comment-{article.pk}-{spec.name}") for spec in moves if spec.needs_comment
        ]
    return board


def _deadline_label(deadline: datetime.datetime) -> str:
    """ "deadline …" as the template's `date:"SHORT_DATETIME_FORMAT"` wrote it (current language and zone)."""
    return gettext("deadline %(deadline)s") % {
        "deadline": date_format(timezone.localtime(deadline), "SHORT_DATETIME_FORMAT")
    }


def _words_label(words: int) -> str:
    return ngettext("%(words)s word", "%(words)s words", words) % {"words": words}
