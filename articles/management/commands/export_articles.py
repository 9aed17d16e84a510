"""Export articles to JSON: every field, bylines, placements with image metadata, events, comments, versions.

For moving pieces between installations and as a readable backup beside the
database dump: `import_articles` reads the file back with nothing lost. Image
files are referred to by their name in the originals' storage (`PRIVATE_MEDIA_ROOT`, or the
bucket's `private/` prefix); copy that folder too.

`--format ninjs` writes instead what partners receive: a JSON array of IPTC ninjs
3.1 objects, one per live piece (embargoed ones included, marked `embargoedUntil`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.exchange.json_export import ExportCounts, write_export
from articles.exchange.ninjs import ninjs_items
from articles.models import Article, PublishedVersion


class Command(BaseCommand):
    help = _("Export all articles (or some, by state) as JSON to standard output or a file.")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", "-o", type=Path, metavar="FILE", help=_("Write to this file instead of standard output.")
        )
        parser.add_argument(
            "--status", action="append", metavar="STATE", help=_("Only articles in this state (repeatable).")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Count what would be exported and write nothing."))
        parser.add_argument("--compact", action="store_true", help=_("No indentation (smaller file)."))
        parser.add_argument(
            "--format",
            choices=["json", "ninjs"],
            default="json",
            help=_("json: every article, for import_articles (default); ninjs: the live pieces as IPTC ninjs."),
        )

    def handle(self, *args, output: Path | None, status: list[str] | None, dry_run: bool, compact: bool, **options):
        verbosity = options["verbosity"]
        if options["format"] == "ninjs":
            if status:
                raise CommandError(_("--status applies to the JSON format only: ninjs holds the live pieces."))
            self._export_ninjs(output, dry_run=dry_run, compact=compact, verbosity=verbosity)
            return
        queryset = Article.objects.all()
        if status:
            queryset = queryset.filter(status__in=status)
        if dry_run:
            with open(os.devnull, "w", encoding="utf-8") as nowhere:
                counts = write_export(nowhere, queryset, indent=None)
            if verbosity >= 1:
                self.stdout.write(self._summary(counts, _("Dry run, nothing written: would export")))
            return
        indent = None if compact else 2
        if output is None:
            # Written a piece at a time: an archive of any size never sits in memory whole.
            write_export(self.stdout, queryset, indent=indent)
            return
        try:
            with output.open("w", encoding="utf-8") as stream:
                counts = write_export(stream, queryset, indent=indent)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": output, "error": error}) from error
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(self._summary(counts, _("Exported to %(path)s:") % {"path": output})))

    def _export_ninjs(self, output: Path | None, *, dry_run: bool, compact: bool, verbosity: int) -> None:
        pieces = PublishedVersion.objects.live().select_related("section").order_by("-published_at", "-pk")
        if dry_run:
            if verbosity >= 1:
                count = pieces.count()
                self.stdout.write(
                    _("Dry run, nothing written: would export %(count)d live pieces as ninjs.") % {"count": count}
                )
            return
        items = ninjs_items(pieces)
        text = json.dumps(items, ensure_ascii=False, indent=None if compact else 2)
        if output is None:
            self.stdout.write(text)
            return
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": output, "error": error}) from error
        if verbosity >= 1:
            message = _("Exported %(count)d live pieces as ninjs to %(path)s.") % {"count": len(items), "path": output}
            self.stdout.write(self.style.SUCCESS(message))

    @staticmethod
    def _summary(counts: ExportCounts, prefix: str) -> str:
        return _("%(prefix)s %(articles)d articles, %(images)d images, %(authors)d authors, %(sections)d sections.") % {
            "prefix": prefix,
            "articles": counts.articles,
            "images": counts.images,
            "authors": counts.authors,
            "sections": counts.sections,
        }
