"""Revisions as the unit of review: recording them, finding the one a transition acts on, restoring one.

Every conflict-safe save records a revision of the whole piece (`record`, called by
`workflow.editing`). A transition that binds to a revision and finds none for the
current version — an imported or demo piece — freezes the working copy under the
row lock (`ensure_revision`). "Changes pending" is derived: the working copy's version
is ahead of the revision behind the live (or scheduled) version.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils.translation import gettext as _

from articles.models import Article, PublishedVersion, Revision, State
from articles.workflow.errors import NoSuchRevision
from articles.workflow.permissions import is_active_user
from articles.workflow.snapshots import related_prefetches, revision_of


def record(article: Article, *, by=None, note: str | tuple[str, dict] = "") -> Revision:
    """Freeze the article as stored now (bylines and placements read afresh) as revision `article.version`.

    `note` is free text, or a system note as (key of `REVISION_NOTES`, parameters), worded when shown."""
    # Formsets saved inside the editing block changed the rows behind any prefetched bylines and placements.
    cache = getattr(article, "_prefetched_objects_cache", {})
    cache.pop("bylines", None)
    cache.pop("placements", None)
    prefetch_related_objects([article], *related_prefetches())
    free_text = note if isinstance(note, str) else ""
    revision = revision_of(article, by=by if is_active_user(by) else None, note=free_text)
    if not isinstance(note, str):
        revision.note_key, revision.note_params = note
    revision.save(force_insert=True)
    return revision


def ensure_revision(locked: Article) -> Revision:
    """The revision of the locked article's current version, frozen now by the system if there is none."""
    existing = Revision.objects.select_related("section").filter(article=locked, number=locked.version).first()
    if existing is not None:
        return existing
    if not {"bylines", "placements"} <= getattr(locked, "_prefetched_objects_cache", {}).keys():
        prefetch_related_objects([locked], *related_prefetches())
    revision = revision_of(locked)
    revision.save(force_insert=True)
    return revision


def get_revision(article: Article, number: int) -> Revision:
    revision = Revision.objects.select_related("created_by", "section").filter(article=article, number=number).first()
    if revision is None:
        raise NoSuchRevision()
    return revision


# --- what the desk shows: live, scheduled and pending, derived -----------------------------


def with_publication_state(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate `has_live` and `live_revision_number`, `scheduled_revision_number` (one query for any rows)."""
    if "has_live" in queryset.query.annotations:
        return queryset
    live = PublishedVersion.objects.live().filter(article=OuterRef("pk"))
    return queryset.annotate(
        has_live=Exists(live),
        live_revision_number=Subquery(live.values("revision__number")[:1]),
        scheduled_revision_number=Subquery(
            Revision.objects.filter(pk=OuterRef("scheduled_revision_id")).values("number")[:1]
        ),
    )


def pending_filter() -> Q:
    """On a `with_publication_state` queryset: live, with the working copy ahead of the live revision.

    A live version from before revisions existed (no revision) counts as not pending: nothing says otherwise.
    """
    return Q(has_live=True, live_revision_number__lt=F("version"))


def has_pending_changes(article: Article) -> bool:
    """The piece is live and its working copy is ahead of the revision readers see."""
    live = _live_number(article)
    return live is not None and live is not False and article.version > live


def _live_number(article: Article):
    """The live version's revision number; None when live without a known revision; False when not live."""
    if hasattr(article, "has_live"):
        return article.live_revision_number if article.has_live else False
    row = PublishedVersion.objects.live().filter(article=article).values_list("revision__number", flat=True).first()
    exists = row is not None or PublishedVersion.objects.live().filter(article=article).exists()
    return row if exists else False


def scheduled_number(article: Article) -> int | None:
    if hasattr(article, "scheduled_revision_number"):
        return article.scheduled_revision_number
    if not article.scheduled_revision_id:
        return None
    return Revision.objects.filter(pk=article.scheduled_revision_id).values_list("number", flat=True).first()


def scheduled_behind(article: Article) -> bool:
    """Scheduled, and edited since: the edits are not what will be published."""
    number = scheduled_number(article) if article.status == State.SCHEDULED else None
    return number is not None and article.version > number


def publication_state(article: Article) -> tuple[str, str]:
    """(css class, label) saying what the desk must never hide: is it live, and is what readers see current?

    Reads the annotations of `with_publication_state` when present (lists), else asks the database.
    """
    live = _live_number(article)
    is_live = live is not False
    pending = is_live and live is not None and article.version > live
    status = article.status
    if status == State.PUBLISHED:
        if pending:
            return "state-live-pending", _("Live · changes pending")
        return "state-published", str(State.PUBLISHED.label)
    if is_live and status in (State.DRAFT, State.IN_REVIEW, State.SCHEDULED):
        label = {
            State.DRAFT: _("Live · update in draft"),
            State.IN_REVIEW: _("Live · update in review"),
            State.SCHEDULED: _("Live · update scheduled"),
        }[status]
        return "state-live-pending", label
    if status == State.SCHEDULED and scheduled_behind(article):
        return "state-scheduled", _("Scheduled · newer edits not scheduled")
    return f"state-{status}", str(State(status).label)
