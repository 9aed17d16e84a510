"""Editorial checks. (Contract only: the review-assistant issue fills in the rules.)"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import Article, CheckSetting


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # CheckSetting.Severity value: "warning" or "blocking"
    field: str  # "headline", "teaser", "body", "section", "bylines", "placements", ...
    message: str
    start: int | None = None  # span in the field's text, when the finding points at text
    end: int | None = None
    text: str = ""

    @property
    def is_blocking(self) -> bool:
        return self.severity == CheckSetting.Severity.BLOCKING


REQUIRED_FIELDS = ("headline", "teaser", "body", "section")


def run_checks(article: Article) -> list[Finding]:
    findings = []
    for field in REQUIRED_FIELDS:
        if not getattr(article, field if field != "section" else "section_id"):
            findings.append(Finding("required", CheckSetting.Severity.BLOCKING, field, f"{field} is missing"))
    if not article.bylines.exists():
        findings.append(Finding("required", CheckSetting.Severity.BLOCKING, "bylines", "no byline"))
    return findings


def blocking_findings(article: Article) -> list[Finding]:
    return [finding for finding in run_checks(article) if finding.is_blocking]
