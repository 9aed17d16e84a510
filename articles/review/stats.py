"""How each check fares across the newsroom: findings per rule and how often editors dismissed them.

A rule whose warnings editors keep dismissing is noisy: `check_articles --stats` shows it, so the
desk can tune it or set it to "off" (CheckSetting) instead of training everyone to ignore it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from articles.review.findings import Finding
from articles.review.registry import CHECKS


@dataclass(frozen=True)
class RuleStats:
    code: str
    label: str
    findings: int  # on the pieces checked, dismissed ones included
    dismissed: int  # of those, dismissed by an editor
    pieces: int  # pieces with at least one finding of this rule
    confidence: str = "high"  # the check's confidence (findings.Confidence)

    @property
    def dismissed_share(self) -> float | None:
        return self.dismissed / self.findings if self.findings else None


def rule_stats(results: Iterable[tuple[object, list[Finding]]]) -> list[RuleStats]:
    """Per check, in registry order: findings, dismissed findings and pieces affected.

    `results` must come from runs with include_dismissed=True, or nothing counts as dismissed.
    """
    findings: Counter[str] = Counter()
    dismissed: Counter[str] = Counter()
    pieces: Counter[str] = Counter()
    for _article, found in results:
        for finding in found:
            findings[finding.code] += 1
            dismissed[finding.code] += finding.dismissed
        pieces.update({finding.code for finding in found})
    return [
        RuleStats(
            check.code,
            str(check.label),
            findings[check.code],
            dismissed[check.code],
            pieces[check.code],
            check.confidence,
        )
        for check in CHECKS
    ]
