"""How a transition runs: lock, check, change the state, record the event, notify; going live and offline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed

from articles.models import Article, PublishedVersion, Revision, State, WorkflowEvent
from articles.review.checks import blocking_findings, run_checks
from articles.workflow import going_live
from articles.workflow.errors import (
    BlockingFindings,
    Claimed,
    CommentRequired,
    MissingFields,
    NotPermitted,
    RevisionChanged,
    SlugTaken,
    WrongState,
)
from articles.workflow.permissions import is_active_user, may, state_allows
from articles.workflow.revisions import ensure_revision
from articles.workflow.snapshots import build_from_revision, related_prefetches
from articles.workflow.table import STATUS_FIELD, TRANSITIONS, Transition, change_state


def _lock(article: Article, *, skip_locked: bool = False, reuse: bool = False) -> Article:
    """The article's row, locked for this transaction (`of=self`: its section stays unlocked).

    With `reuse`, only the row's bookkeeping is read under the lock and, when the
    stored version is the one `article` was loaded at (every content save raises
    it), `article` itself is brought up to date and used: the system's batch
    path loads pieces with their bylines and placements once, not once per piece.
    """
    if reuse:
        row = going_live.claim([article.pk], skip_locked=skip_locked, fields=_ROW_FIELDS).get(article.pk)
        if row is not None and row["version"] == article.version:
            STATUS_FIELD.set_state(article, row.pop("status"))
            for name, value in row.items():
                setattr(article, name, value)
            return article
        if row is not None:  # changed since it was loaded: read it whole (the row is ours already)
            return Article.objects.select_related("section").get(pk=article.pk)
        locked = None
    else:
        locked = (
            Article.objects.select_for_update(skip_locked=skip_locked, of=("self",))
            .filter(pk=article.pk)
            .select_related("section")
            .first()
        )
    if locked is None:
        if skip_locked:
            raise Claimed()
        raise WrongState(_("This piece no longer exists."))
    return locked


_ROW_FIELDS = ("version", "status", "publish_at", "published_at", "expire_at", "scheduled_revision_id")


# Transitions that submit, approve or put live a revision: one must exist, frozen now if need be.
BINDING = frozenset({"submit", "publish", "schedule", "schedule_revision", "correct"})


def _revision_acted_on(name: str) -> Callable[[Article], Revision | None]:
    """What a transition's event names: the bound revision, the live one for taking offline, else the current one."""
    if name in BINDING:
        return ensure_revision
    if name in {"withdraw", "expire"}:
        return lambda locked: Revision.objects.filter(
            published_versions__article=locked, published_versions__is_live=True
        ).first()
    return lambda locked: Revision.objects.filter(article=locked, number=locked.version).first()


def _wrong_state(spec: Transition, article: Article) -> WrongState:
    last = WorkflowEvent.objects.filter(article=article).order_by("-created_at", "-pk").first()
    if last is not None and last.transition == spec.name and article.status == spec.target:
        # A repeated request (double click, resent form): say so plainly.
        return WrongState(
            _("“%(action)s” was already done: the piece is %(state)s.")
            % {"action": spec.label, "state": article.get_status_display().lower()}
        )
    return WrongState(
        _("“%(action)s” is not possible while the piece is %(state)s.")
        % {"action": spec.label, "state": article.get_status_display().lower()}
    )


def _sync(target: Article, source: Article) -> None:
    """Copy the workflow's fields to the caller's instance so it does not hold a stale state."""
    if target is source:
        return
    STATUS_FIELD.set_state(target, source.status)
    for name in ("publish_at", "published_at", "updated_at", "version", "scheduled_revision_id"):
        setattr(target, name, getattr(source, name))


def run_transition(
    name: str,
    article: Article,
    *,
    by,
    now: datetime | None = None,
    comment: str = "",
    check: Callable[[Article], None] | None = None,
    apply: Callable[[Article, datetime], list[str]] | None = None,
    notify: Callable[[Article], None] | None = None,
    skip_locked: bool = False,
    reuse: bool = False,
    revision: int | None = None,
    binds: Callable[[Article], Revision | None] | None = None,
) -> Article:
    """Lock, check, change the state, record the event, queue notifications: all or nothing.

    `binds` names the revision the transition acts on (set as `locked.acting_revision`
    before `check`); `revision` is the number the user saw: a piece saved since is refused.
    """
    spec = TRANSITIONS[name]
    now = now or timezone.now()
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(article, skip_locked=skip_locked, reuse=reuse)
        if not spec.system and not may(spec, by, locked):
            raise NotPermitted()
        if not state_allows(spec, locked):
            raise _wrong_state(spec, locked)
        if spec.needs_comment and not comment:
            raise CommentRequired()
        if revision is not None and int(revision) != locked.version:
            raise RevisionChanged(int(revision), locked.version)
        locked.acting_revision = (binds or _revision_acted_on(name))(locked)
        if check:
            check(locked)
        from_state = locked.status
        before = {field_name: getattr(locked, field_name) for field_name in ("publish_at", "published_at")}
        try:
            _change_state(name, spec, locked, by=by, now=now, comment=comment, apply=apply, from_state=from_state)
            if notify:
                notify(locked)
        except BaseException:
            if locked is article:  # updated in place (system path): leave no state the rollback undid
                STATUS_FIELD.set_state(article, from_state)
                for field_name, value in before.items():
                    setattr(article, field_name, value)
            raise
    _sync(article, locked)
    return locked


def _change_state(
    name: str,
    spec: Transition,
    locked: Article,
    *,
    by,
    now: datetime,
    comment: str,
    apply: Callable[[Article, datetime], list[str]] | None,
    from_state: str,
) -> None:
    """The writes of a transition on the locked row: state (through django-fsm), side effects, event."""
    try:
        change_state(name, locked)
    except TransitionNotAllowed as error:  # the table and the fsm disagree: a programming error
        raise _wrong_state(spec, locked) from error
    changed = ["status"]
    if apply:
        changed += apply(locked, now)
    if locked.status != State.SCHEDULED and locked.scheduled_revision_id is not None:
        locked.scheduled_revision = None  # only a scheduled piece has a revision waiting to go live
        changed.append("scheduled_revision")
    going_live.record(
        [locked],
        transition=name,
        from_states={locked.pk: from_state},
        fields=changed,
        by=by if is_active_user(by) else None,
        now=now,
        comment=comment,
        public=name in CHANGES_PUBLIC,
    )


# Transitions that put a version live or take it offline: what readers see changes.
CHANGES_PUBLIC = frozenset({"publish", "publish_due", "publish_overdue", "correct", "withdraw", "expire"})


def require_fields(article: Article) -> None:
    missing = [finding for finding in run_checks(article) if finding.code == "required"]
    if missing:
        raise MissingFields(missing)


def require_no_blocking(article: Article) -> None:
    findings = blocking_findings(article)
    if findings:
        raise BlockingFindings(findings)


def load_related(article: Article) -> None:
    prefetch_related_objects([article], *related_prefetches())


def put_article_live(
    article: Article, *, by, now: datetime, correction_note: str = "", check_slug: bool = True
) -> list[str]:
    """Replace the live version with one built from the revision the transition acts on; returns fields changed."""
    revision = article.acting_revision
    first_published_at = article.published_at
    changed = []
    if article.published_at is None:
        article.published_at = now
        changed.append("published_at")
    version = build_from_revision(
        revision,
        first_published_at=first_published_at,
        at=now,
        by=by if is_active_user(by) else None,
        correction_note=correction_note,
        embargoed_until=article.embargoed_until,
    )
    version.article = article
    if check_slug and (
        PublishedVersion.objects.filter(is_live=True, slug=version.slug).exclude(article=article).exists()
    ):
        raise SlugTaken()
    going_live.put_live([version], now=now)
    return changed


def take_offline(article: Article, now: datetime, *, public_note: str | None = None) -> list[str]:
    """The live version leaves the site (kept, not live); a withdrawn piece keeps no schedule."""
    going_live.retire(Q(article=article), now=now, public_note=public_note)
    if article.publish_at is None:
        return []
    article.publish_at = None
    return ["publish_at"]
