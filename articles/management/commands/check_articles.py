"""Run the editorial checks over the newsroom's pieces from the shell, cron or CI.

The desk shows findings one piece at a time; this command answers "what would stop
publication right now?" for all of them — for example before a publishing slot, or
as a CI step over imported copy. It only reads: nothing is changed or dismissed.

The exit status is 1 when any piece has a blocking finding, so a script can stop on it.
`--format json` prints one document for machines (ids, spans, severities). `--stats` adds,
per check, how many findings it made, how often editors dismissed them and how sure the check is
(its confidence): a noisy rule shows, and the admin's check settings turn it off.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article, State
from articles.review.checks import CHECK_PREFETCH, Checker, Finding
from articles.review.stats import RuleStats, rule_stats

CONFIDENCE = {
    "high": gettext_lazy("high confidence"),
    "medium": gettext_lazy("medium confidence"),
    "low": gettext_lazy("low confidence"),
}
# A rule is called noisy when editors dismiss at least half of its findings (and it has made a few).
NOISY_SHARE = 0.5
NOISY_MIN = 5


class Command(BaseCommand):
    help = (
        "Check pieces for what an editor would catch (missing fields, credits, house style, run-together "
        "sentences, web debris, …). Exits with status 1 when any piece has a blocking finding."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--state", choices=State.values, help="Only pieces in this state (default: all).")
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="Output for people (text) or machines (json)."
        )
        parser.add_argument(
            "--include-dismissed", action="store_true", help="Also list warnings an editor has dismissed."
        )
        parser.add_argument(
            "--stats",
            action="store_true",
            help=str(_("Print, per check, its findings and how often editors dismissed them (noisy rules show).")),
        )

    def handle(
        self, *args, state: str | None, format: str, include_dismissed: bool, stats: bool = False, **options
    ) -> None:
        verbosity = options["verbosity"]
        articles = Article.objects.select_related("section").prefetch_related(*CHECK_PREFETCH).order_by("pk")
        if state:
            articles = articles.filter(status=state)
        # Settings and style rules are read once for the whole run, not per piece.
        checker = Checker.load()
        # Statistics need the dismissed findings too; the listing shows them only when asked.
        everything = [
            (article, checker.run(article, include_dismissed=include_dismissed or stats))
            for article in articles.iterator(chunk_size=200)
        ]
        results = (
            everything
            if include_dismissed
            else [
                (article, [finding for finding in findings if not finding.dismissed])
                for article, findings in everything
            ]
        )
        blocked = sum(1 for _article, findings in results if any(finding.is_blocking for finding in findings))

        per_rule = rule_stats(everything) if stats else []
        if format == "json":
            document = self.as_json(results, blocked)
            if stats:
                document["stats"] = [{**asdict(row), "dismissed_share": row.dismissed_share} for row in per_rule]
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        elif verbosity:
            self.write_text(results, blocked, verbosity)
            if stats:
                self.write_stats(per_rule)

        if blocked:
            raise CommandError(
                ngettext("%(count)s piece has blocking findings.", "%(count)s pieces have blocking findings.", blocked)
                % {"count": blocked}
            )

    def as_json(self, results: list[tuple[Article, list[Finding]]], blocked: int) -> dict:
        return {
            "checked": len(results),
            "blocked": blocked,
            "articles": [
                {
                    "id": article.pk,
                    "headline": article.headline,
                    "status": article.status,
                    "findings": [finding.as_dict() for finding in findings],
                }
                for article, findings in results
            ],
        }

    def write_stats(self, rows: list[RuleStats]) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(_("Findings per check (dismissed by editors):")))
        width = max(len(row.code) for row in rows)
        for row in rows:
            share = "" if row.dismissed_share is None else f" ({row.dismissed_share:.0%})"
            line = _("%(code)s  %(findings)5d findings in %(pieces)d piece(s), %(dismissed)d dismissed%(share)s") % {
                "code": row.code.ljust(width),
                "findings": row.findings,
                "pieces": row.pieces,
                "dismissed": row.dismissed,
                "share": share,
            }
            line += "  " + str(CONFIDENCE[row.confidence])
            noisy = row.dismissed_share is not None and row.findings >= NOISY_MIN and row.dismissed_share >= NOISY_SHARE
            self.stdout.write(self.style.WARNING(line + "  " + _("noisy")) if noisy else line)

    def write_text(self, results: list[tuple[Article, list[Finding]]], blocked: int, verbosity: int) -> None:
        for article, findings in results:
            if not findings and verbosity < 2:
                continue
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    _("#%(pk)s %(article)s (%(state)s)")
                    % {"pk": article.pk, "article": article, "state": article.get_status_display()}
                )
            )
            if not findings:
                self.stdout.write("  " + self.style.SUCCESS(_("no findings")))
            for finding in findings:
                if finding.is_blocking:
                    label = self.style.ERROR(_("blocking"))
                else:
                    label = self.style.WARNING(_("dismissed") if finding.dismissed else _("warning"))
                where = finding.field
                if finding.start is not None:
                    where += f"[{finding.start}:{finding.end}] “{finding.text}”"
                self.stdout.write(f"  {label} {where}: {finding.message}")
        summary = _("%(checked)s checked, %(blocked)s with blocking findings.") % {
            "checked": len(results),
            "blocked": blocked,
        }
        self.stdout.write(self.style.ERROR(summary) if blocked else self.style.SUCCESS(summary))
