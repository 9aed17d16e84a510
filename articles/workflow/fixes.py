"""Applying a review finding's correction: "apply" for one finding, "apply all" for one kind.

The checks run again on the piece as saved, so a correction is only ever applied to text that is
still there; the edit goes through the conflict-safe `save_article` on the version the editor saw,
and the history records who applied which correction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from articles.models import Article
from articles.review.checks import Finding, run_checks
from articles.review.findings import TEXT_FIELDS, Span
from articles.workflow.editing import save_article


@dataclass(frozen=True)
class Applied:
    article: Article
    count: int  # places corrected
    skipped: int  # places a correction could not be applied to (captions, overlaps)


class NothingToApply(ValueError):
    """No finding with a correction matches what the editor asked for."""


def _places(finding: Finding) -> list[Span]:
    main = [Span(finding.field, finding.start, finding.end, finding.placement_id)] if finding.start is not None else []
    return main + list(finding.more)


def can_apply(finding: Finding) -> bool:
    """Whether "apply" can correct at least one place of the finding (captions are edited with their picture)."""
    if finding.fix is None:
        return False
    return any(span.field in TEXT_FIELDS and span.placement_id is None for span in _places(finding))


def corrections(article: Article, *, code: str, target: str = "", every: bool = False) -> list[Finding]:
    """The piece's current findings of `code` that carry a correction: the one at `target`, or all."""
    found = [finding for finding in run_checks(article) if finding.code == code and can_apply(finding)]
    return found if every else [finding for finding in found if finding.target == target][:1]


def apply_fixes(
    article: Article, *, by, base_version: int, code: str, target: str = "", every: bool = False
) -> Applied:
    """Apply the correction of one finding (or of every finding of `code`) conflict-safely; raises
    NothingToApply when there is none, and the workflow's StaleVersion/NotPermitted like any edit."""
    chosen = corrections(article, code=code, target=target, every=every)
    if not chosen:
        raise NothingToApply(_("There is no correction to apply: the text may have changed."))
    edits: dict[str, list[tuple[int, int, str, str]]] = {}
    skipped = 0
    for finding in chosen:
        for span in _places(finding):
            if span.field not in TEXT_FIELDS or span.placement_id is not None:
                skipped += 1  # captions are edited with their picture
                continue
            text = getattr(article, span.field) or ""
            edits.setdefault(span.field, []).append((span.start, span.end, text[span.start : span.end], finding.fix))
    fields: dict[str, str] = {}
    count = 0
    for name, changes in edits.items():
        text = getattr(article, name) or ""
        cursor = len(text) + 1
        # From the end backwards, so earlier offsets stay valid; overlapping places are left alone.
        for start, end, written, fix in sorted(changes, reverse=True):
            if end > cursor or text[start:end] != written:
                skipped += 1
                continue
            text = text[:start] + fix + text[end:]
            cursor = start
            count += 1
        fields[name] = text
    if not count:
        raise NothingToApply(_("There is no correction to apply here: it is in a caption or overlaps another."))
    checks = ", ".join(sorted({finding.code for finding in chosen}))
    # Codes, not words: the history words the note in the language of whoever reads it.
    article._change_reason = f"fixes_applied: {checks}"[:100]
    article._revision_note = ("fixes_applied", {"count": count, "checks": checks})
    saved = save_article(article, by=by, base_version=base_version, fields=fields)
    return Applied(saved, count, skipped)
