"""Who may do what: editors, a piece's own writers, and the transitions a user may start now."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Image, Placement, PublishedPicture, PublishedVersion, Revision, State
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


def may(spec: Transition, user, article: Article) -> bool:
    """The "who" column: the editor's permission (superusers hold all), or the piece's own writer."""
    if spec.system or not is_active_user(user):
        return False
    if spec.writers_only:
        return is_writer_of(user, article)
    return user.has_perm(spec.permission) or (spec.writer_may and is_writer_of(user, article))


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


def state_allows(spec: Transition, article: Article) -> bool:
    if article.status not in spec.source:
        return False
    if spec.needs_newer_revision and not _ahead_of_schedule(article):
        return False
    if spec.needs_no_live_version and _has_live_version(article):
        return False
    if spec.needs_due and (article.publish_at is None or article.publish_at > timezone.now()):
        return False
    return not spec.needs_live_version or _has_live_version(article)


def _ahead_of_schedule(article: Article) -> bool:
    """The working copy was saved after the scheduled revision was fixed."""
    if article.scheduled_revision_id is None:
        return False
    number = Revision.objects.filter(pk=article.scheduled_revision_id).values_list("number", flat=True).first()
    return number is not None and article.version > number


def available_transitions(article: Article, user) -> list[Transition]:
    """The transitions this user may start now (preconditions such as fields are checked when tried)."""
    return [
        spec
        for spec in TRANSITIONS.values()
        if not spec.system and article.status in spec.source and may(spec, user, article)
        if state_allows(spec, article)
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
