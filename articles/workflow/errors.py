"""The workflow's refusals: `WorkflowError` and its subclasses, each carrying a translated message for the user."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from articles.review.checks import Finding


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


class RevisionChanged(WorkflowError):
    """The piece was saved again after the user looked at it: they approved an older revision."""

    default_message = _("The piece changed since you looked at it.")

    def __init__(self, seen: int, current: int) -> None:
        self.seen, self.current = seen, current
        super().__init__(
            _(
                "The piece changed since you looked at it (you saw revision %(seen)s, it is now at revision "
                "%(current)s). Nothing was done: review the changes first."
            )
            % {"seen": seen, "current": current}
        )


class NoSuchRevision(WorkflowError):
    default_message = _("There is no such revision of this piece.")
