"""Read queries for the desk's overview pages: dashboard, article list, calendar, image library.

Every query starts from `Article.objects.visible_to(user)`, and every one fetches what its page shows
in a fixed number of queries however many articles there are (select_related / prefetch / subqueries).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from articles.models import Article, Byline, Image, Placement, State, WorkflowEvent
from articles.models import desk_counts as kept_counts
from articles.workflow.revisions import pending_filter, with_publication_state

DASHBOARD_LIMIT = 8
WEEK_DAY_PREVIEW = 12  # pieces shown per day in the week view; the day view lists them all
RIGHTS_WARNING_DAYS = 30


def with_list_data(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """What an article row on the desk shows: section and ordered bylines, without a query per row.

    The body (and teaser) stay in the database: rows never show them, and sorting thousands of rows
    with their full text is what made deep list pages slow.
    """
    return (
        with_publication_state(queryset)
        .defer("body", "teaser")
        .select_related("section")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk"))
        )
    )


def with_last_event(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate the latest workflow event: its transition, comment, time and actor's name."""
    latest = WorkflowEvent.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
    return queryset.annotate(
        last_transition=Subquery(latest.values("transition")[:1]),
        last_comment=Subquery(latest.values("comment")[:1]),
        last_event_at=Subquery(latest.values("created_at")[:1]),
        last_actor_first=Subquery(latest.values("actor__first_name")[:1]),
        last_actor_last=Subquery(latest.values("actor__last_name")[:1]),
        last_actor_username=Subquery(latest.values("actor__username")[:1]),
    )


@dataclass
class Dashboard:
    returned: list[Article]
    drafts: list[Article]
    review_queue: list[Article] | None
    scheduled: list[Article]
    published: list[Article]
    counts: dict[str, int]
    # "live" counts pieces readers can see, whatever their workflow state; "pending": live with newer edits.
    reach: dict[str, int] = field(default_factory=dict)
    states: list[tuple[str, str, int]] = field(default_factory=list)


def state_counts(queryset: QuerySet[Article]) -> dict[str, int]:
    """Number of pieces per state (every state present, zero when none)."""
    counts = dict.fromkeys(State.values, 0)
    for row in queryset.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def live_counts(queryset: QuerySet[Article]) -> dict[str, int]:
    """How many pieces readers can see (whatever their workflow state), and how many of those have edits pending."""
    return with_publication_state(queryset.order_by()).aggregate(
        live=Count("pk", filter=Q(has_live=True)),
        pending=Count("pk", filter=pending_filter()),
    )


def desk_counts(visible: QuerySet[Article], *, scope: str) -> tuple[dict[str, int], dict[str, int]]:
    """`state_counts` and `live_counts` of the pieces the dashboard's user sees, kept in Django's cache under
    `scope` ("all" for those who see every piece, shared by them; a writer's own otherwise) until a state
    changes or a piece is added (`articles.models.desk_counts`), at most NEWSROOM_DESK_COUNTS_SECONDS. In an
    archive of a million pieces counting costs more than the rest of the page.
    """
    return cache.get_or_set(
        f"newsroom:desk-counts:{kept_counts.stamp()}:{scope}",
        lambda: (state_counts(visible), live_counts(visible)),
        timeout=settings.NEWSROOM_DESK_COUNTS_SECONDS,
    )


def dashboard_for(user, *, limit: int = DASHBOARD_LIMIT) -> Dashboard:
    """Everything the dashboard shows for this user."""
    visible = Article.objects.visible_to(user)
    mine_drafts = with_last_event(with_list_data(visible.by_author_user(user).drafts()))
    # A draft whose latest event is "request_changes" came back from an editor: it leads the page.
    returned = list(mine_drafts.filter(last_transition="request_changes").order_by("-last_event_at")[:limit])
    drafts = list(
        mine_drafts.filter(Q(last_transition__isnull=True) | ~Q(last_transition="request_changes")).order_by(
            "-updated_at"
        )[:limit]
    )
    review_queue = None
    reviewer = user.is_superuser or user.has_perm("articles.review_article")
    if reviewer:
        # Oldest first: the queue is worked through in the order pieces arrived.
        review_queue = list(with_last_event(with_list_data(visible.in_review())).order_by("updated_at")[:limit])
    scheduled = list(with_list_data(visible.scheduled()).order_by("publish_at")[:limit])
    # "Published" on the dashboard means "readers can see it": a live piece under update stays in the list.
    published = list(with_list_data(visible).filter(has_live=True).order_by("-published_at", "-pk")[:limit])
    counts, reach = desk_counts(visible, scope="all" if reviewer else f"user-{user.pk}")
    return Dashboard(
        returned=returned,
        drafts=drafts,
        review_queue=review_queue,
        scheduled=scheduled,
        published=published,
        counts=counts,
        reach=reach,
        states=[(value, label, counts[value]) for value, label in State.choices],
    )


# --- search ---------------------------------------------------------------------------------


def search_articles(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """Headline, teaser and body: PostgreSQL full-text search, or a plain substring match elsewhere."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # The vector is kept per piece by a trigger (migration 0016, same configuration), GIN-indexed.
        config = "english"
        query = SearchQuery(text, search_type="websearch", config=config)
        # Ranked on the stored vector (headline weighted A, teaser B, body C): no text is parsed again to
        # order the hits, so the index finds the matches and only they are ranked.
        rank = SearchRank(F("search_document__vector"), query)
        return queryset.annotate(search_rank=rank).filter(search_document__vector=query)
    condition = Q()
    for word in text.split()[:10]:
        condition &= Q(headline__icontains=word) | Q(teaser__icontains=word) | Q(body__icontains=word)
    return queryset.filter(condition)


# --- calendar -------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    date: datetime.date
    items: list[Article]
    is_today: bool

    @property
    def preview(self) -> list[Article]:
        return self.items[:WEEK_DAY_PREVIEW]

    @property
    def more(self) -> int:
        return max(0, len(self.items) - WEEK_DAY_PREVIEW)


def local_day_bounds(first: datetime.date, days: int) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end (exclusive) of a run of days in the newsroom's time zone, as aware datetimes."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(first + datetime.timedelta(days=days), datetime.time.min, tzinfo=zone)
    return start, end


def calendar_time(article: Article) -> datetime.datetime | None:
    """When a piece sits on the budget: its scheduled time, or when it was first published."""
    return article.publish_at if article.status == State.SCHEDULED else article.published_at


def calendar_days(user, first: datetime.date, days: int) -> list[CalendarDay]:
    """Scheduled and published pieces per local day, in time order, from `first` for `days` days."""
    start, end = local_day_bounds(first, days)
    articles = with_list_data(
        Article.objects.visible_to(user).filter(
            Q(status=State.SCHEDULED, publish_at__gte=start, publish_at__lt=end)
            | Q(status=State.PUBLISHED, published_at__gte=start, published_at__lt=end)
        )
    )
    by_day: dict[datetime.date, list[Article]] = {first + datetime.timedelta(days=n): [] for n in range(days)}
    for article in articles:
        moment = calendar_time(article)
        article.calendar_at = moment
        by_day.setdefault(timezone.localtime(moment).date(), []).append(article)
    today = timezone.localdate()
    return [
        CalendarDay(date=day, items=sorted(items, key=lambda a: a.calendar_at), is_today=day == today)
        for day, items in sorted(by_day.items())
        if first <= day < first + datetime.timedelta(days=days)
    ]


# --- images ---------------------------------------------------------------------------------


def image_library(user=None) -> QuerySet[Image]:
    """Library images with how often each is placed (one query for the page).

    With a `user`, the count is of the pieces that user may open: the library tells no one about
    pieces they cannot see, not even how many there are.
    """
    if user is None:
        counted = Count("placements", distinct=True)
    else:
        visible = Article.objects.visible_to(user).values("pk")
        counted = Count("placements", filter=Q(placements__article__in=visible), distinct=True)
    return Image.objects.select_related("uploaded_by").annotate(use_count=counted)


def search_images(queryset: QuerySet[Image], text: str) -> QuerySet[Image]:
    condition = Q()
    for word in text.split()[:10]:
        condition &= (
            Q(caption__icontains=word)
            | Q(alt_text__icontains=word)
            | Q(creator__icontains=word)
            | Q(organisation__icontains=word)
            | Q(agencies__icontains=word)
            | Q(source__icontains=word)
            | Q(copyright_notice__icontains=word)
            | Q(file__icontains=word)
        )
    return queryset.filter(condition)


def image_placements(image: Image, user) -> list[Placement]:
    """Where this image is used, among the pieces this user may see (each article's live state included)."""
    placements = list(
        Placement.objects.filter(image=image, article__in=Article.objects.visible_to(user))
        .select_related("article", "article__section")
        .order_by("-article__updated_at")
    )
    states = {
        article.pk: article
        for article in with_publication_state(
            Article.objects.filter(pk__in={p.article_id for p in placements}).only("pk", "scheduled_revision_id")
        )
    }
    for placement in placements:
        # The badge reads these annotations; copying them spares a query per row.
        state = states[placement.article_id]
        for name in ("has_live", "live_revision_number", "scheduled_revision_number"):
            setattr(placement.article, name, getattr(state, name))
    return placements


def author_list() -> QuerySet:
    from articles.models import Author

    return Author.objects.select_related("user").annotate(piece_count=Count("bylines", distinct=True))
