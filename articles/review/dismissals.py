"""Dismissing a warning: an editor records, with a reason, that it does not apply to one piece."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article, CheckDismissal
from articles.review.findings import quoted
from articles.review.registry import CHECKS_BY_CODE, run_checks


class DismissalError(ValueError):
    """The warning cannot be dismissed; `str(error)` is a translated message for the user."""


def can_dismiss(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("articles.review_article")))


@transaction.atomic
def dismiss(article: Article, *, by, code: str, target: str = "", reason: str) -> CheckDismissal:
    """Record an editor's decision that a warning does not apply to this piece (target "" = the whole check)."""
    if not can_dismiss(by):
        raise DismissalError(_("Only editors may dismiss a warning."))
    reason = (reason or "").strip()
    if not reason:
        raise DismissalError(_("Say why the warning does not apply."))
    if code not in CHECKS_BY_CODE:
        raise DismissalError(_("There is no check %(code)s.") % {"code": quoted(code)})
    matching = [
        finding
        for finding in run_checks(article, include_dismissed=True)
        if finding.code == code and (not target or finding.target == target)
    ]
    if not matching:
        raise DismissalError(_("This piece has no such finding to dismiss."))
    if any(finding.is_blocking for finding in matching):
        raise DismissalError(_("A blocking finding cannot be dismissed: it has to be fixed."))
    if all(finding.dismissed for finding in matching):
        raise DismissalError(_("This warning has already been dismissed."))
    return CheckDismissal.objects.create(article=article, code=code, target=target, reason=reason, dismissed_by=by)
