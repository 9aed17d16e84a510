"""Editorial checks: what a good copy editor finds in a piece before it goes out.

Each check is a plain function over an article, its bylines and its image placements
that reports `Finding`s: a stable code, a severity, the field and the span of text it
points at. Severity comes from the code's default unless editors set a `CheckSetting`
for it (off, warning, blocking). Warnings can be dismissed for one piece with a reason
(`dismiss`); blocking findings cannot — they stop "publish now" and "schedule".

Everything a run needs from the database (settings, style rules, bylines, placements,
dismissals) is read once per run, never per rule or per match, so a long piece is checked
in a few milliseconds (bench/bench_checks.py).

Public API:
    run_checks(article, include_dismissed=False) -> list[Finding]
    blocking_findings(article) -> list[Finding]
    dismiss(article, *, by, code, target="", reason) -> CheckDismissal   (raises DismissalError)
    can_dismiss(user) -> bool
    Checker.load().run(article)       many pieces: prefetch CHECK_PREFETCH, settings read once
    CHECKS, check_choices()           codes, labels (for the admin) and default severities
Text findings point at `text[start:end]` of `field` ("kicker", "headline", "teaser",
"dateline", "body", or "caption" with `placement_id`); `more` lists further places.

This module is the entry point: the API above is imported from here. The run and its findings
live in `findings`, each family of rules in its own module (`required`, `lengths`, `images`,
`style`, `run_together`, `punctuation`, `slips`, `debris`, `sign_off`), the list of checks and
the runner in `registry`, dismissals in `dismissals`.
"""

from __future__ import annotations

from articles.review.debris import WEB_DEBRIS_RE
from articles.review.dismissals import DismissalError, can_dismiss, dismiss
from articles.review.findings import Check, Finding, Severity, Span
from articles.review.registry import (
    CHECK_PREFETCH,
    CHECKS,
    CHECKS_BY_CODE,
    Checker,
    blocking_findings,
    check_choices,
    run_checks,
)

__all__ = [
    "CHECKS",
    "CHECKS_BY_CODE",
    "CHECK_PREFETCH",
    "WEB_DEBRIS_RE",
    "Check",
    "Checker",
    "DismissalError",
    "Finding",
    "Severity",
    "Span",
    "blocking_findings",
    "can_dismiss",
    "check_choices",
    "dismiss",
    "run_checks",
]
