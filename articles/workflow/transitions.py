"""The editorial workflow: the one place where an article's state changes.

Desk views, admin actions and the `publish_scheduled` command all call these
functions. Each one locks the article row, checks the actor's permission and
the transition's preconditions on the locked row, changes the state with
django-fsm-2's transition machinery, records a `WorkflowEvent` and queues the
notifications to be sent after commit — all inside one transaction, so a
refused or failed transition changes nothing.

Publication is a snapshot (see DESIGN.md): publishing stores a new live
`PublishedVersion` built from the approved revision (`snapshots.build_from_revision`)
and retires the previous one (kept, not live, so old slugs can still redirect), through
the one publishing path every publisher shares (`going_live`, docs/publishing.md).
Starting an update leaves the live version online; withdrawing and expiry take it off.

Editing is conflict-safe: `editing()` refuses a save based on an older
`version` than the stored one, so nothing stored is ever overwritten unseen.

The pieces live beside this module: the table (`table`), who may do what
(`permissions`), the refusals (`errors`), how a transition runs (`machinery`),
the publishing steps (`going_live`) and conflict-safe editing (`editing`).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Revision
from articles.review.checks import run_checks
from articles.workflow import notifications, retractions, suggestion_reading

# `editing` and `can_edit` are re-exported (`as` themselves): `articles.admin` imports them from here.
from articles.workflow.editing import editing as editing
from articles.workflow.errors import (
    ExpiryBeforePublication,
    MissingFields,
    NotDue,
    NotPermitted,
    PublishTimeNotInFuture,
    UnknownTransition,
)
from articles.workflow.machinery import (
    load_related,
    put_article_live,
    require_fields,
    require_no_blocking,
    run_transition,
    take_offline,
)
from articles.workflow.permissions import can_edit as can_edit
from articles.workflow.revisions import ensure_revision
from articles.workflow.table import TRANSITIONS


def submit(article: Article, *, by, comment: str = "", revision: int | None = None) -> Article:
    """draft → in_review; needs the required fields; mails the editors. Submits the current revision."""
    return run_transition(
        "submit",
        article,
        by=by,
        comment=comment,
        revision=revision,
        check=require_fields,
        notify=lambda locked: notifications.submitted(locked, by=by, comment=comment),
    )


def request_changes(article: Article, *, by, comment: str) -> Article:
    """in_review → draft with a comment for the writer; mails the bylined writers."""
    return run_transition(
        "request_changes",
        article,
        by=by,
        comment=comment,
        notify=lambda locked: notifications.changes_requested(locked, by=by, comment=comment),
    )


def publish(article: Article, *, by, comment: str = "", revision: int | None = None) -> Article:
    """in_review → published now: the current revision (the one the editor saw) replaces the live version."""
    now = timezone.now()

    def check(locked: Article) -> None:
        if locked.expire_at is not None and locked.expire_at <= now:
            raise ExpiryBeforePublication(_("The withdrawal time has passed already; change or clear it first."))
        load_related(locked)
        require_no_blocking(locked)

    return run_transition(
        "publish",
        article,
        by=by,
        now=now,
        comment=comment,
        revision=revision,
        check=check,
        apply=lambda locked, now: put_article_live(locked, by=by, now=now),
        notify=lambda locked: notifications.published(locked, by=by),
    )


def schedule(
    article: Article, *, by, publish_at: datetime | None, comment: str = "", revision: int | None = None
) -> Article:
    """in_review → scheduled for a future time; `publish_scheduled` publishes exactly this revision then."""
    now = timezone.now()

    def check(locked: Article) -> None:
        if publish_at is None or publish_at <= now:
            raise PublishTimeNotInFuture()
        if locked.expire_at is not None and locked.expire_at <= publish_at:
            raise ExpiryBeforePublication()
        require_no_blocking(locked)

    def apply(locked: Article, _now: datetime) -> list[str]:
        locked.publish_at = publish_at
        locked.scheduled_revision = locked.acting_revision
        return ["publish_at", "scheduled_revision"]

    return run_transition(
        "schedule",
        article,
        by=by,
        now=now,
        comment=comment,
        revision=revision,
        check=check,
        apply=apply,
        notify=lambda locked: notifications.scheduled(locked, by=by),
    )


def unschedule(article: Article, *, by, comment: str = "") -> Article:
    """scheduled → in_review; the publication time is cleared so nothing publishes it."""

    def apply(locked: Article, _now: datetime) -> list[str]:
        locked.publish_at = None
        return ["publish_at"]

    return run_transition("unschedule", article, by=by, comment=comment, apply=apply)


def publish_due(article: Article, *, now: datetime | None = None, skip_locked: bool = False) -> Article:
    """scheduled → published by the system once `publish_at` ≤ now.

    With `skip_locked` (PostgreSQL) a row another process holds raises `Claimed`
    instead of waiting. `article` is updated in place and, when the stored version
    is unchanged, its prefetched bylines and placements (`related_prefetches`)
    are used for the snapshot. A `now` in the future counts as the real now: no
    piece is published ahead of its time or dated later than the moment it went live.
    """
    now = _not_after_now(now)

    def scheduled(locked: Article) -> Revision:
        # The revision fixed when it was scheduled: edits made since stay pending, unreviewed.
        if locked.scheduled_revision_id is not None:
            return locked.scheduled_revision
        if not {"bylines", "placements"} <= getattr(locked, "_prefetched_objects_cache", {}).keys():
            load_related(locked)
        return ensure_revision(locked)  # scheduled before revisions existed

    def check(locked: Article) -> None:
        if locked.publish_at is None or locked.publish_at > now:
            raise NotDue()
        # The full checks ran when it was scheduled; what a snapshot cannot do without is checked again.
        revision = locked.acting_revision
        if not (revision.headline and revision.body and revision.section_id and revision.bylines):
            load_related(locked)
            findings = [finding for finding in run_checks(locked) if finding.code == "required"]
            raise MissingFields(findings, _("The scheduled revision lacks a headline, body, section or byline."))

    return run_transition(
        "publish_due",
        article,
        by=None,
        now=now,
        check=check,
        binds=scheduled,
        # The live-slug constraint still guards the database; the command reports a clash as a failure.
        apply=lambda locked, at: put_article_live(locked, by=None, now=at, check_slug=False),
        notify=lambda locked: notifications.published(locked, by=None),
        skip_locked=skip_locked,
        reuse=True,
    )


def publish_overdue(article: Article, *, by, comment: str = "") -> Article:
    """scheduled → published by an editor once `publish_at` has passed and publishing has not run.

    The same path as `publish_due` (the scheduled revision goes live, the writers are mailed), started
    by a person: the event and the version name the editor.
    """

    def scheduled(locked: Article) -> Revision:
        if locked.scheduled_revision_id is not None:
            return locked.scheduled_revision
        load_related(locked)
        return ensure_revision(locked)

    def check(locked: Article) -> None:
        if locked.publish_at is None or locked.publish_at > timezone.now():
            raise NotDue()

    return run_transition(
        "publish_overdue",
        article,
        by=by,
        comment=comment,
        check=check,
        binds=scheduled,
        apply=lambda locked, at: put_article_live(locked, by=by, now=at),
        notify=lambda locked: notifications.published(locked, by=by),
    )


def _not_after_now(now: datetime | None) -> datetime:
    """The system's moment: the given one if it has passed, else the real now (never the future)."""
    real = timezone.now()
    return real if now is None or now > real else now


def start_update(article: Article, *, by, comment: str = "") -> Article:
    """published → draft; the live version stays online until the update is published."""
    return run_transition("start_update", article, by=by, comment=comment)


def withdraw(article: Article, *, by, comment: str, public_note: str = "") -> Article:
    """published (or any state with a live version) → unpublished; the piece leaves the site.

    `comment` is internal (the history); `public_note` is shown to readers at the piece's address.
    """
    return run_transition(
        "withdraw",
        article,
        by=by,
        comment=comment,
        apply=lambda locked, now: take_offline(locked, now, public_note=public_note.strip()),
    )


def expire(article: Article, *, now: datetime | None = None, skip_locked: bool = False) -> Article:
    """published → unpublished by the system once `expire_at` ≤ now (options as for `publish_due`)."""
    now = _not_after_now(now)

    def check(locked: Article) -> None:
        if locked.expire_at is None or locked.expire_at > now:
            raise NotDue(_("This piece is not due for withdrawal yet."))

    return run_transition(
        "expire",
        article,
        by=None,
        now=now,
        check=check,
        apply=lambda locked, at: take_offline(locked, at),
        skip_locked=skip_locked,
        reuse=True,
    )


def reopen(article: Article, *, by, comment: str = "") -> Article:
    """unpublished → draft, to be reworked and published again."""
    return run_transition("reopen", article, by=by, comment=comment)


def correct(article: Article, *, by, correction_note: str = "", revision: int | None = None) -> Article:
    """Editors: the current revision (the one the editor saw) goes live at once, with an optional public note."""

    def check(locked: Article) -> None:
        load_related(locked)
        require_no_blocking(locked)

    return run_transition(
        "correct",
        article,
        by=by,
        comment=correction_note,
        revision=revision,
        check=check,
        apply=lambda locked, now: put_article_live(
            locked, by=by, now=now, correction_note=(correction_note or "").strip()
        ),
    )


def schedule_revision(article: Article, *, by, comment: str = "", revision: int | None = None) -> Article:
    """scheduled → scheduled: the current revision replaces the scheduled one, at the same time."""

    def check(locked: Article) -> None:
        load_related(locked)
        require_no_blocking(locked)

    def apply(locked: Article, _now: datetime) -> list[str]:
        locked.scheduled_revision = locked.acting_revision
        return ["scheduled_revision"]

    return run_transition(
        "schedule_revision", article, by=by, comment=comment, check=check, apply=apply, revision=revision
    )


def perform(
    name: str,
    article: Article,
    *,
    by,
    comment: str = "",
    publish_at: datetime | None = None,
    revision: int | None = None,
    public_note: str = "",
) -> Article:
    """Run the user transition `name` (views and admin actions dispatch through here).

    `revision`: the number the user saw; where a transition binds to a revision, a newer one refuses it.
    `public_note`: a withdrawal's note to readers.
    """
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise UnknownTransition()
    if spec.system:
        raise NotPermitted()
    suggestion_reading.check_not_blocked(name, article)
    if name == "schedule":
        return schedule(article, by=by, publish_at=publish_at, comment=comment, revision=revision)
    if name == "correct":
        return correct(article, by=by, correction_note=comment, revision=revision)
    if name in {"submit", "publish", "schedule_revision"}:
        bound = {"submit": submit, "publish": publish, "schedule_revision": schedule_revision}[name]
        return bound(article, by=by, comment=comment, revision=revision)
    if name == "withdraw":
        return withdraw(article, by=by, comment=comment, public_note=public_note)
    service = {
        "request_changes": request_changes,
        "unschedule": unschedule,
        "publish_overdue": publish_overdue,
        "start_update": start_update,
        "reopen": reopen,
        "take_back": retractions.take_back,
        "spike": retractions.spike,
        "unspike": retractions.unspike,
    }[name]
    return service(article, by=by, comment=comment)
