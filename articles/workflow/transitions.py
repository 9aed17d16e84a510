"""The editorial workflow: the one place where an article's state changes.

Desk views, admin actions and the `publish_scheduled` command all call these
functions. Each one locks the article row, checks the actor's permission and
the transition's preconditions on the locked row, changes the state with
django-fsm-2's transition machinery, records a `WorkflowEvent` and queues the
notifications to be sent after commit — all inside one transaction, so a
refused or failed transition changes nothing.

Publication is a snapshot (see DESIGN.md): publishing stores a new live
`PublishedVersion` built by `articles.workflow.snapshots.build_version` and retires the
previous one (kept, not live, so old slugs can still redirect). Starting an
update leaves the live version online; withdrawing and expiry take it off.

Editing is conflict-safe: `editing()` refuses a save based on an older
`version` than the stored one, so nothing stored is ever overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed
from django_fsm import transition as fsm_transition

from articles.models import Article, Author, Byline, Placement, PublishedVersion, State, WorkflowEvent
from articles.review.checks import Finding, blocking_findings, run_checks
from articles.workflow import notifications
from articles.workflow.snapshots import build_version

REVIEW_PERM = "articles.review_article"
PUBLISH_PERM = "articles.publish_article"
CHANGE_PERM = "articles.change_article"

# Fields only this module writes; an edit never saves them (a stale form would
# otherwise write back an old state or publication time).
WORKFLOW_FIELDS = frozenset({"status", "publish_at", "published_at"})
# What an edit may save: the content, never the bookkeeping.
EDITABLE_FIELDS = tuple(
    field.name
    for field in Article._meta.concrete_fields
    if field.name not in WORKFLOW_FIELDS | {"id", "version", "created_at", "updated_at", "import_key", "created_by"}
)

STATUS_FIELD = Article._meta.get_field("status")


# --------------------------------------------------------------------------- errors


class WorkflowError(Exception):
    """A transition or edit that is not allowed; `str(error)` is a translated message for the user."""

    default_message: Promise | str = _("This action is not possible.")

    def __init__(self, message: Promise | str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class NotPermitted(WorkflowError):
    default_message = _("You are not allowed to do this with this piece.")


class WrongState(WorkflowError):
    default_message = _("This is not possible in the piece's current state.")


class NotDue(WrongState):
    """The system tried to publish a scheduled piece before its time."""

    default_message = _("This piece is not due for publication yet.")


class Claimed(WorkflowError):
    """Another process holds the row lock (scheduled publishing on several hosts); it will do the work."""

    default_message = _("Another process is handling this piece right now.")


class CommentRequired(WorkflowError):
    default_message = _("Please write a comment: it is shown to the writer.")


class PublishTimeNotInFuture(WorkflowError):
    default_message = _("Choose a publication time in the future.")


class ExpiryBeforePublication(WorkflowError):
    default_message = _("The withdrawal time must come after the publication time.")


class SlugTaken(WorkflowError):
    default_message = _("Another live piece already uses this address (slug). Change the slug and try again.")


class UnknownTransition(WorkflowError):
    default_message = _("Unknown action.")


class MissingFields(WorkflowError):
    default_message = _("Fill in the required fields first.")

    def __init__(self, findings: Sequence[Finding], message: Promise | str | None = None) -> None:
        self.findings = list(findings)
        fields = ", ".join(sorted({finding.field for finding in self.findings}))
        super().__init__(message or _("Fill in the required fields first: %(fields)s.") % {"fields": fields})


class BlockingFindings(WorkflowError):
    default_message = _("Blocking check findings stop this piece; resolve them first.")

    def __init__(self, findings: Sequence[Finding], message: Promise | str | None = None) -> None:
        self.findings = list(findings)
        super().__init__(
            message
            or _("%(count)d blocking check finding(s) stop this piece; resolve them first.")
            % {"count": len(self.findings)}
        )


class StaleVersion(WorkflowError):
    default_message = _("Someone saved this piece after you opened it.")

    def __init__(self, current_version: int, message: Promise | str | None = None) -> None:
        self.current_version = current_version
        super().__init__(
            message
            or _(
                "Someone saved this piece after you opened it (now version %(version)d). "
                "Nothing was overwritten: your text is shown below — copy what you need, then reload the piece."
            )
            % {"version": current_version}
        )


# --------------------------------------------------------------------------- transitions


@dataclass(frozen=True)
class Transition:
    """One row of the workflow table in DESIGN.md."""

    name: str
    label: Promise
    source: tuple[str, ...]
    target: str
    # The permission an editor needs ("who" in the table); None: only the system (publish_scheduled).
    permission: str | None = None
    # The piece's own writer may do it too, without the permission.
    writer_may: bool = False
    needs_comment: bool = False
    needs_time: bool = False
    # Only while the piece has a live version (withdraw, correct).
    needs_live_version: bool = False

    @property
    def system(self) -> bool:
        return self.permission is None


_WITH_LIVE_VERSION = (State.PUBLISHED, State.DRAFT, State.IN_REVIEW, State.SCHEDULED)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", _("Submit for review"), (State.DRAFT,), State.IN_REVIEW, REVIEW_PERM, writer_may=True),
        Transition(
            "request_changes", _("Request changes"), (State.IN_REVIEW,), State.DRAFT, REVIEW_PERM, needs_comment=True
        ),
        Transition("publish", _("Publish now"), (State.IN_REVIEW,), State.PUBLISHED, PUBLISH_PERM),
        Transition("schedule", _("Schedule"), (State.IN_REVIEW,), State.SCHEDULED, PUBLISH_PERM, needs_time=True),
        Transition("unschedule", _("Unschedule"), (State.SCHEDULED,), State.IN_REVIEW, PUBLISH_PERM),
        Transition("publish_due", _("Publish on schedule"), (State.SCHEDULED,), State.PUBLISHED),
        Transition("start_update", _("Start an update"), (State.PUBLISHED,), State.DRAFT, REVIEW_PERM, writer_may=True),
        Transition(
            "withdraw",
            _("Withdraw"),
            _WITH_LIVE_VERSION,
            State.UNPUBLISHED,
            PUBLISH_PERM,
            needs_comment=True,
            needs_live_version=True,
        ),
        Transition("expire", _("Expire"), (State.PUBLISHED,), State.UNPUBLISHED),
        Transition("reopen", _("Reopen"), (State.UNPUBLISHED,), State.DRAFT, REVIEW_PERM),
        Transition(
            "correct",
            _("Correct the live version now"),
            _WITH_LIVE_VERSION,
            State.PUBLISHED,
            PUBLISH_PERM,
            needs_live_version=True,
        ),
    )
}


def _fsm_method(spec: Transition) -> Callable[[Article], Any]:
    """A django-fsm-2 transition for `spec`: checks the source state, sets the target, sends its signals."""

    def change(article: Article) -> None:
        """The state change itself; side effects are the service's, after the checks."""

    change.__name__ = change.__qualname__ = spec.name
    return fsm_transition(field=STATUS_FIELD, source=list(spec.source), target=spec.target)(change)


_FSM = {name: _fsm_method(spec) for name, spec in TRANSITIONS.items()}


# --------------------------------------------------------------------------- who may do what


def _is_active_user(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_editor(user) -> bool:
    return _is_active_user(user) and (user.is_superuser or user.has_perm(REVIEW_PERM))


def is_writer_of(user, article: Article) -> bool:
    """The user wrote the piece: bylined through their author record, or created it."""
    if not _is_active_user(user) or not user.has_perm(CHANGE_PERM):
        return False
    if article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def _may(spec: Transition, user, article: Article) -> bool:
    """The "who" column: the editor's permission (superusers hold all), or the piece's own writer."""
    if spec.system or not _is_active_user(user):
        return False
    return user.has_perm(spec.permission) or (spec.writer_may and is_writer_of(user, article))


def can_edit(user, article: Article) -> bool:
    """Writers: their own pieces, in draft only; editors: any piece; superusers: all."""
    if is_editor(user):
        return True
    return article.status == State.DRAFT and is_writer_of(user, article)


def can_view_history(user, article: Article) -> bool:
    """Whoever may edit the piece in general (a writer's own piece in any state, editors any piece)."""
    return is_editor(user) or is_writer_of(user, article)


def _has_live_version(article: Article) -> bool:
    return PublishedVersion.objects.filter(article=article, is_live=True).exists()


def _state_allows(spec: Transition, article: Article) -> bool:
    if article.status not in spec.source:
        return False
    return not spec.needs_live_version or _has_live_version(article)


def available_transitions(article: Article, user) -> list[Transition]:
    """The transitions this user may start now (preconditions such as fields are checked when tried)."""
    return [
        spec
        for spec in TRANSITIONS.values()
        if not spec.system and article.status in spec.source and _may(spec, user, article)
        if _state_allows(spec, article)
    ]


# --------------------------------------------------------------------------- the machinery


def related_prefetches() -> list[Prefetch]:
    """What a snapshot and the notifications read, in two queries."""
    return [
        Prefetch("bylines", queryset=Byline.objects.select_related("author__user").order_by("position", "pk")),
        Prefetch("placements", queryset=Placement.objects.select_related("image").order_by("position", "pk")),
    ]


def _lock(article: Article, *, skip_locked: bool = False, reuse: bool = False) -> Article:
    """The article's row, locked for this transaction (`of=self`: its section stays unlocked).

    With `reuse`, only the row's bookkeeping is read under the lock and, when the
    stored version is the one `article` was loaded at (every content save raises
    it), `article` itself is brought up to date and used: the system's batch
    path loads pieces with their bylines and placements once, not once per piece.
    """
    queryset = Article.objects.select_for_update(skip_locked=skip_locked, of=("self",)).filter(pk=article.pk)
    if reuse:
        row = next(iter(queryset.values_list(*_ROW_FIELDS)), None)
        if row is not None and row[0] == article.version:
            values = dict(zip(_ROW_FIELDS, row, strict=True))
            STATUS_FIELD.set_state(article, values.pop("status"))
            for name, value in values.items():
                setattr(article, name, value)
            return article
        if row is not None:  # changed since it was loaded: read it whole (the row is ours already)
            return Article.objects.select_related("section").get(pk=article.pk)
        locked = None
    else:
        locked = queryset.select_related("section").first()
    if locked is None:
        if skip_locked:
            raise Claimed()
        raise WrongState(_("This piece no longer exists."))
    return locked


_ROW_FIELDS = ("version", "status", "publish_at", "published_at", "expire_at")


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
    for name in ("publish_at", "published_at", "updated_at", "version"):
        setattr(target, name, getattr(source, name))


def _run(
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
) -> Article:
    """Lock, check, change the state, record the event, queue notifications: all or nothing."""
    spec = TRANSITIONS[name]
    now = now or timezone.now()
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(article, skip_locked=skip_locked, reuse=reuse)
        if not spec.system and not _may(spec, by, locked):
            raise NotPermitted()
        if not _state_allows(spec, locked):
            raise _wrong_state(spec, locked)
        if spec.needs_comment and not comment:
            raise CommentRequired()
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
        _FSM[name](locked)
    except TransitionNotAllowed as error:  # the table and the fsm disagree: a programming error
        raise _wrong_state(spec, locked) from error
    changed = ["status", "updated_at"]
    if apply:
        changed += apply(locked, now)
    # A state change is not a content revision: the event below is its record.
    locked.skip_history_when_saving = True
    try:
        locked.save(update_fields=changed)
    finally:
        del locked.skip_history_when_saving
    WorkflowEvent.objects.create(
        article=locked,
        transition=name,
        from_state=from_state,
        to_state=locked.status,
        actor=by if _is_active_user(by) else None,
        created_at=now,
        comment=comment,
    )


def _require_fields(article: Article) -> None:
    missing = [finding for finding in run_checks(article) if finding.code == "required"]
    if missing:
        raise MissingFields(missing)


def _require_no_blocking(article: Article) -> None:
    findings = blocking_findings(article)
    if findings:
        raise BlockingFindings(findings)


def _load_related(article: Article) -> None:
    prefetch_related_objects([article], *related_prefetches())


def _go_live(article: Article, *, by, now: datetime, correction_note: str = "", check_slug: bool = True) -> list[str]:
    """Replace the live version with a snapshot of the working copy; returns the article fields changed."""
    changed = []
    if article.published_at is None:
        article.published_at = now
        changed.append("published_at")
    version = build_version(article, at=now, by=by if _is_active_user(by) else None, correction_note=correction_note)
    if check_slug and (
        PublishedVersion.objects.filter(is_live=True, slug=version.slug).exclude(article=article).exists()
    ):
        raise SlugTaken()
    if "published_at" not in changed:  # never published before: there is no live version to retire
        PublishedVersion.objects.filter(article=article, is_live=True).update(is_live=False, updated_at=now)
    version.save(force_insert=True)
    author_ids = [byline.author_id for byline in article.bylines.all()]
    if author_ids:
        through = PublishedVersion.authors.through
        through.objects.bulk_create(
            [through(publishedversion_id=version.pk, author_id=author_id) for author_id in author_ids]
        )
    return changed


def _take_offline(article: Article, now: datetime) -> list[str]:
    """The live version leaves the site (kept, not live); a withdrawn piece keeps no schedule."""
    PublishedVersion.objects.filter(article=article, is_live=True).update(is_live=False, updated_at=now)
    if article.publish_at is None:
        return []
    article.publish_at = None
    return ["publish_at"]


# --------------------------------------------------------------------------- the services


def submit(article: Article, *, by, comment: str = "") -> Article:
    """draft → in_review; needs the required fields; mails the editors."""
    return _run(
        "submit",
        article,
        by=by,
        comment=comment,
        check=_require_fields,
        notify=lambda locked: notifications.submitted(locked, by=by, comment=comment),
    )


def request_changes(article: Article, *, by, comment: str) -> Article:
    """in_review → draft with a comment for the writer; mails the bylined writers."""
    return _run(
        "request_changes",
        article,
        by=by,
        comment=comment,
        notify=lambda locked: notifications.changes_requested(locked, by=by, comment=comment),
    )


def publish(article: Article, *, by, comment: str = "") -> Article:
    """in_review → published now; the snapshot replaces the live version."""
    now = timezone.now()

    def check(locked: Article) -> None:
        if locked.expire_at is not None and locked.expire_at <= now:
            raise ExpiryBeforePublication(_("The withdrawal time has passed already; change or clear it first."))
        _load_related(locked)
        _require_no_blocking(locked)

    return _run(
        "publish",
        article,
        by=by,
        now=now,
        comment=comment,
        check=check,
        apply=lambda locked, now: _go_live(locked, by=by, now=now),
        notify=lambda locked: notifications.published(locked, by=by),
    )


def schedule(article: Article, *, by, publish_at: datetime | None, comment: str = "") -> Article:
    """in_review → scheduled for a future time; `publish_scheduled` publishes it then."""
    now = timezone.now()

    def check(locked: Article) -> None:
        if publish_at is None or publish_at <= now:
            raise PublishTimeNotInFuture()
        if locked.expire_at is not None and locked.expire_at <= publish_at:
            raise ExpiryBeforePublication()
        _require_no_blocking(locked)

    def apply(locked: Article, _now: datetime) -> list[str]:
        locked.publish_at = publish_at
        return ["publish_at"]

    return _run(
        "schedule",
        article,
        by=by,
        now=now,
        comment=comment,
        check=check,
        apply=apply,
        notify=lambda locked: notifications.scheduled(locked, by=by),
    )


def unschedule(article: Article, *, by, comment: str = "") -> Article:
    """scheduled → in_review; the publication time is cleared so nothing publishes it."""

    def apply(locked: Article, _now: datetime) -> list[str]:
        locked.publish_at = None
        return ["publish_at"]

    return _run("unschedule", article, by=by, comment=comment, apply=apply)


def publish_due(article: Article, *, now: datetime | None = None, skip_locked: bool = False) -> Article:
    """scheduled → published by the system once `publish_at` ≤ now.

    With `skip_locked` (PostgreSQL) a row another process holds raises `Claimed`
    instead of waiting. `article` is updated in place and, when the stored version
    is unchanged, its prefetched bylines and placements (`related_prefetches`)
    are used for the snapshot.
    """
    now = now or timezone.now()

    def check(locked: Article) -> None:
        if locked.publish_at is None or locked.publish_at > now:
            raise NotDue()
        if not {"bylines", "placements"} <= getattr(locked, "_prefetched_objects_cache", {}).keys():
            _load_related(locked)
        # The full checks ran when it was scheduled; what a snapshot cannot do without is checked again.
        missing = [field for field in ("headline", "body", "section_id") if not getattr(locked, field)]
        if missing or not locked.bylines.all():
            findings = [finding for finding in run_checks(locked) if finding.code == "required"]
            raise MissingFields(findings)

    return _run(
        "publish_due",
        article,
        by=None,
        now=now,
        check=check,
        # The live-slug constraint still guards the database; the command reports a clash as a failure.
        apply=lambda locked, at: _go_live(locked, by=None, now=at, check_slug=False),
        notify=lambda locked: notifications.published(locked, by=None),
        skip_locked=skip_locked,
        reuse=True,
    )


def start_update(article: Article, *, by, comment: str = "") -> Article:
    """published → draft; the live version stays online until the update is published."""
    return _run("start_update", article, by=by, comment=comment)


def withdraw(article: Article, *, by, comment: str) -> Article:
    """published (or any state with a live version) → unpublished; the piece leaves the site."""
    return _run(
        "withdraw",
        article,
        by=by,
        comment=comment,
        apply=lambda locked, now: _take_offline(locked, now),
    )


def expire(article: Article, *, now: datetime | None = None, skip_locked: bool = False) -> Article:
    """published → unpublished by the system once `expire_at` ≤ now (options as for `publish_due`)."""
    now = now or timezone.now()

    def check(locked: Article) -> None:
        if locked.expire_at is None or locked.expire_at > now:
            raise NotDue(_("This piece is not due for withdrawal yet."))

    return _run(
        "expire",
        article,
        by=None,
        now=now,
        check=check,
        apply=lambda locked, at: _take_offline(locked, at),
        skip_locked=skip_locked,
        reuse=True,
    )


def reopen(article: Article, *, by, comment: str = "") -> Article:
    """unpublished → draft, to be reworked and published again."""
    return _run("reopen", article, by=by, comment=comment)


def correct(article: Article, *, by, correction_note: str = "") -> Article:
    """Editors: the working copy goes live at once, with an optional public correction note."""

    def check(locked: Article) -> None:
        _load_related(locked)
        _require_no_blocking(locked)

    return _run(
        "correct",
        article,
        by=by,
        comment=correction_note,
        check=check,
        apply=lambda locked, now: _go_live(locked, by=by, now=now, correction_note=(correction_note or "").strip()),
    )


def perform(name: str, article: Article, *, by, comment: str = "", publish_at: datetime | None = None) -> Article:
    """Run the user transition `name` (views and admin actions dispatch through here)."""
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise UnknownTransition()
    if spec.system:
        raise NotPermitted()
    if name == "schedule":
        return schedule(article, by=by, publish_at=publish_at, comment=comment)
    if name == "correct":
        return correct(article, by=by, correction_note=comment)
    service = {
        "submit": submit,
        "request_changes": request_changes,
        "publish": publish,
        "unschedule": unschedule,
        "start_update": start_update,
        "withdraw": withdraw,
        "reopen": reopen,
    }[name]
    return service(article, by=by, comment=comment)


# --------------------------------------------------------------------------- editing


@contextmanager
def editing(article: Article, *, by, base_version: int) -> Iterator[Article]:
    """Save `article`'s content only if nobody saved since `base_version`; the row is locked meanwhile.

    Yields the caller's own instance (with its unsaved changes) after refreshing
    its workflow fields from the locked row; on a clean exit the version is raised
    and the content saved (the history records `by`). Formsets for bylines and
    placements belong inside the block.
    """
    with transaction.atomic():
        current = (
            Article.objects.select_for_update(of=("self",))
            .only("pk", "version", "status", "publish_at", "published_at", "created_by")
            .filter(pk=article.pk)
            .first()
        )
        if current is None:
            raise WrongState(_("This piece no longer exists."))
        STATUS_FIELD.set_state(article, current.status)
        article.publish_at = current.publish_at
        article.published_at = current.published_at
        article.created_by_id = current.created_by_id
        if not can_edit(by, article):
            raise NotPermitted(_("You may not edit this piece now."))
        if current.version != int(base_version):
            raise StaleVersion(current.version)
        yield article
        if article.publish_at and article.expire_at and article.expire_at <= article.publish_at:
            raise ExpiryBeforePublication()
        article.version = current.version + 1
        if _is_active_user(by):
            article._history_user = by
        article.save(update_fields=[*EDITABLE_FIELDS, "version", "updated_at"])


def save_article(
    article: Article,
    *,
    by,
    base_version: int,
    fields: dict[str, Any],
    authors: list[Author] | None = None,
) -> Article:
    """Set content `fields` (and the ordered bylines) conflict-safely; see `editing`."""
    refused = set(fields) - set(EDITABLE_FIELDS) - {"section_id"}
    if refused:
        raise ValueError(f"not editable here: {', '.join(sorted(refused))}")
    with editing(article, by=by, base_version=base_version) as locked:
        for name, value in fields.items():
            setattr(locked, name, value)
        if authors is not None:
            locked.bylines.all().delete()
            Byline.objects.bulk_create(
                [Byline(article=locked, author=author, position=position) for position, author in enumerate(authors)]
            )
    return locked
