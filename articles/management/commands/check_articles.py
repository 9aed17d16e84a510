"""Run the editorial checks over the newsroom's pieces from the shell, cron or CI.

The desk shows findings one piece at a time; this command answers "what would stop
publication right now?" for all of them — for example before a publishing slot, or
as a CI step over imported copy. It only reads: nothing is changed or dismissed.

The exit status is 1 when any piece has a blocking finding, so a script can stop on it.
`--format json` prints one document for machines (ids, spans, severities).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article, State
from articles.review.checks import CHECK_PREFETCH, Checker, Finding


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

    def handle(self, *args, state: str | None, format: str, include_dismissed: bool, **options) -> None:
        verbosity = options["verbosity"]
        articles = Article.objects.select_related("section").prefetch_related(*CHECK_PREFETCH).order_by("pk")
        if state:
            articles = articles.filter(status=state)
        # Settings and style rules are read once for the whole run, not per piece.
        checker = Checker.load()
        results = [
            (article, checker.run(article, include_dismissed=include_dismissed))
            for article in articles.iterator(chunk_size=200)
        ]
        blocked = sum(1 for _article, findings in results if any(finding.is_blocking for finding in findings))

        if format == "json":
            self.stdout.write(json.dumps(self.as_json(results, blocked), ensure_ascii=False, indent=2))
        elif verbosity:
            self.write_text(results, blocked, verbosity)

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
