"""The workflow table of DESIGN.md: each transition's source and target states, who may start it, and its fsm method."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import transition as fsm_transition

from articles.models import Article, State

REVIEW_PERM = "articles.review_article"
PUBLISH_PERM = "articles.publish_article"
CHANGE_PERM = "articles.change_article"

STATUS_FIELD = Article._meta.get_field("status")


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
    # Only while the working copy is ahead of the scheduled revision (schedule_revision).
    needs_newer_revision: bool = False
    # Only the piece's own writers, whatever their permissions (taking a submission back).
    writers_only: bool = False
    # Not while a live version is online (a live piece's update is not spiked: withdraw it first).
    needs_no_live_version: bool = False
    # Only once the scheduled time has passed (an editor publishing what publish_scheduled has not).
    needs_due: bool = False

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
        Transition(
            "schedule_revision",
            _("Schedule this revision instead"),
            (State.SCHEDULED,),
            State.SCHEDULED,
            PUBLISH_PERM,
            needs_newer_revision=True,
        ),
        Transition("unschedule", _("Unschedule"), (State.SCHEDULED,), State.IN_REVIEW, PUBLISH_PERM),
        Transition("publish_due", _("Publish on schedule"), (State.SCHEDULED,), State.PUBLISHED),
        Transition(
            "publish_overdue", _("Publish now"), (State.SCHEDULED,), State.PUBLISHED, PUBLISH_PERM, needs_due=True
        ),
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
            "take_back",
            _("Take back my submission"),
            (State.IN_REVIEW,),
            State.DRAFT,
            REVIEW_PERM,
            writer_may=True,
            writers_only=True,
        ),
        Transition(
            "spike", _("Spike"), (State.DRAFT,), State.SPIKED, REVIEW_PERM, writer_may=True, needs_no_live_version=True
        ),
        Transition("unspike", _("Restore from the spike"), (State.SPIKED,), State.DRAFT, REVIEW_PERM, writer_may=True),
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


def change_state(name: str, article: Article) -> None:
    """Move `article` (in memory) along transition `name` through django-fsm; `TransitionNotAllowed` if it may not."""
    _FSM[name](article)
