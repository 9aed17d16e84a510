"""Who may do what: editors, a piece's own writers, and the transitions a user may start now."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Byline, Image, Placement, PublishedPicture, PublishedVersion, Revision, State
from articles.workflow.table import CHANGE_PERM, REVIEW_PERM, TRANSITIONS, Transition


def is_active_user(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_editor(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.has_perm(REVIEW_PERM))


def is_writer_of(user, article: Article) -> bool:
    """The user wrote the piece: bylined through their author record, or created it."""
    if not is_active_user(user) or not user.has_perm(CHANGE_PERM):
        return False
    if article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


@dataclass(frozen=True)
class PieceFacts:
    """What the transition rules read beyond the piece's own row, fetched once for many pieces."""

    is_writer: bool
    has_live_version: bool
    ahead_of_schedule: bool


def facts_for(articles: Iterable[Article], user) -> dict[int, PieceFacts]:
    """The facts of every piece in `articles` for `user`, in three queries however many pieces there are."""
    articles = list(articles)
    ids = [article.pk for article in articles]
    may_write = is_active_user(user) and user.has_perm(CHANGE_PERM)
    bylined = (
        set(Byline.objects.filter(article__in=ids, author__user=user).values_list("article_id", flat=True))
        if may_write and ids
        else set()
    )
    live = (
        set(PublishedVersion.objects.filter(article__in=ids, is_live=True).values_list("article_id", flat=True))
        if ids
        else set()
    )
    scheduled = [article.scheduled_revision_id for article in articles if article.scheduled_revision_id]
    numbers = dict(Revision.objects.filter(pk__in=scheduled).values_list("pk", "number")) if scheduled else {}
    return {
        article.pk: PieceFacts(
            is_writer=may_write and (article.created_by_id == user.pk or article.pk in bylined),
            has_live_version=article.pk in live,
            ahead_of_schedule=(
                article.scheduled_revision_id in numbers and article.version > numbers[article.scheduled_revision_id]
            ),
        )
        for article in articles
    }


def may(spec: Transition, user, article: Article, facts: PieceFacts | None = None) -> bool:
    """The "who" column: the editor's permission (superusers hold all), or the piece's own writer."""
    if spec.system or not is_active_user(user):
        return False

    def writer() -> bool:
        return facts.is_writer if facts is not None else is_writer_of(user, article)

    if spec.writers_only:
        return writer()
    return user.has_perm(spec.permission) or (spec.writer_may and writer())


def can_edit(user, article: Article) -> bool:
    """Editors: any piece (superusers: all); writers: their own pieces, in any state.

    A writer's save to a piece in review, scheduled or live is a proposed change, never public by itself:
    it is a newer revision than the one under review (an approval acts on the revision the editor saw),
    than the scheduled one (that one still goes live; the desk says "newer edits not scheduled"), or than
    the live one ("changes pending" until an editor publishes it). Expiry too follows the approved
    version, not the working copy (`ArticleQuerySet.due_for_expiry`).
    """
    if is_editor(user):
        return True
    return is_writer_of(user, article)


def can_view_history(user, article: Article) -> bool:
    """Whoever may edit the piece in general (a writer's own piece in any state, editors any piece)."""
    return is_editor(user) or is_writer_of(user, article)


def _has_live_version(article: Article) -> bool:
    return PublishedVersion.objects.filter(article=article, is_live=True).exists()


def state_allows(spec: Transition, article: Article, facts: PieceFacts | None = None) -> bool:
    if article.status not in spec.source:
        return False

    def live() -> bool:
        return facts.has_live_version if facts is not None else _has_live_version(article)

    if spec.needs_newer_revision and not (facts.ahead_of_schedule if facts else _ahead_of_schedule(article)):
        return False
    if spec.needs_no_live_version and live():
        return False
    if spec.needs_due and (article.publish_at is None or article.publish_at > timezone.now()):
        return False
    return not spec.needs_live_version or live()


def _ahead_of_schedule(article: Article) -> bool:
    """The working copy was saved after the scheduled revision was fixed."""
    if article.scheduled_revision_id is None:
        return False
    number = Revision.objects.filter(pk=article.scheduled_revision_id).values_list("number", flat=True).first()
    return number is not None and article.version > number


def available_transitions(article: Article, user, *, facts: PieceFacts | None = None) -> list[Transition]:
    """The transitions this user may start now (preconditions such as fields are checked when tried).

    Pass `facts` (from `facts_for`) to answer for many pieces without a query per piece.
    """
    return [
        spec
        for spec in TRANSITIONS.values()
        if not spec.system and article.status in spec.source and may(spec, user, article, facts)
        if state_allows(spec, article, facts)
    ]


def can_change_picture(user, image: Image) -> bool:
    """Editors: any picture; writers: those they uploaded, or placed only in pieces they may edit (their drafts).

    A picture a live piece shows counts as placed in that piece, even once its working copy dropped it;
    a picture no piece uses reaches no reader, so any writer may complete its credit or alt text.
    """
    if is_editor(user):
        return True
    if not is_active_user(user) or not user.has_perm("articles.change_image"):
        return False
    if image.uploaded_by_id is not None and image.uploaded_by_id == user.pk:
        return True
    if not user.has_perm(CHANGE_PERM):
        return False
    placed = Placement.objects.filter(image=image).values("article_id")
    shown = PublishedPicture.objects.filter(image=image, version__is_live=True).values("version__article_id")
    using = Article.objects.filter(Q(pk__in=placed) | Q(pk__in=shown))
    editable = using.filter(status=State.DRAFT).filter(Q(created_by=user) | Q(bylines__author__user=user))
    return not using.exclude(pk__in=editable.values("pk")).exists()
