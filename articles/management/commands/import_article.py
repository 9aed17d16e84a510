"""Import plain-text articles (the corpus format) as drafts.

Pieces arrive as text exported from web pages and wire feeds; this command turns
each file into a draft for the desk to review. Every file is imported in its own
transaction, so a broken file is reported and skipped while the others import;
a file imported before is recognised by its fingerprint and skipped. The exit
status is non-zero when any file failed. `--dry-run` reads and checks everything
and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.exchange.importer import ImportResult, import_file


class Command(BaseCommand):
    help = _("Import plain-text articles in the corpus format as draft articles.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("Text files to import."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Read and check the files, report, and write nothing.")
        )
        parser.add_argument(
            "--by", metavar="USERNAME", help=_("Record this user as the one who created the drafts (optional).")
        )

    def handle(self, *args, files: list[Path], dry_run: bool, by: str | None, verbosity: int, **options) -> None:
        created_by = None
        if by:
            try:
                created_by = get_user_model().objects.get_by_natural_key(by)
            except get_user_model().DoesNotExist as error:
                raise CommandError(_("There is no user “%(username)s”.") % {"username": by}) from error

        counts = {ImportResult.IMPORTED: 0, ImportResult.SKIPPED: 0, ImportResult.FAILED: 0}
        for path in files:
            result = import_file(path, dry_run=dry_run, created_by=created_by)
            counts[result.status] += 1
            self.report(result, dry_run=dry_run, verbosity=verbosity)

        if verbosity >= 1:
            numbers = {
                "imported": counts[ImportResult.IMPORTED],
                "skipped": counts[ImportResult.SKIPPED],
                "failed": counts[ImportResult.FAILED],
            }
            if dry_run:
                summary = (
                    _(
                        "Dry run, nothing written: %(imported)s would be imported, "
                        "%(skipped)s skipped, %(failed)s failed."
                    )
                    % numbers
                )
            else:
                summary = _("%(imported)s imported, %(skipped)s skipped, %(failed)s failed.") % numbers
            self.stdout.write(summary)
        if counts[ImportResult.FAILED]:
            raise CommandError(
                ngettext(
                    "%(count)s file could not be imported.", "%(count)s files could not be imported.", counts["failed"]
                )
                % {"count": counts[ImportResult.FAILED]}
            )

    def report(self, result: ImportResult, *, dry_run: bool, verbosity: int) -> None:
        # Errors always show (stderr); warnings are things an editor must act on, so they
        # show at the default verbosity; notes on what was done only with -v 2.
        if result.status == ImportResult.FAILED:
            where = f"{result.path}:{result.line}" if result.line else str(result.path)
            self.stderr.write(
                self.style.ERROR(_("%(where)s: error: %(message)s") % {"where": where, "message": result.message})
            )
            return
        if verbosity < 1:
            return
        if result.status == ImportResult.SKIPPED:
            self.stdout.write(
                self.style.NOTICE(
                    _("%(path)s: skipped, %(message)s") % {"path": result.path, "message": result.message}
                )
            )
            return
        if dry_run:
            line = _("%(path)s: would be imported as a draft") % {"path": result.path}
        else:
            line = _("%(path)s: imported as draft #%(pk)s") % {"path": result.path, "pk": result.article.pk}
        self.stdout.write(self.style.SUCCESS(line))
        for warning in result.warnings:
            self.stdout.write(
                self.style.WARNING(_("%(path)s: warning: %(warning)s") % {"path": result.path, "warning": warning})
            )
        # Nothing leaves a file silently: every line not imported is listed, at the default verbosity.
        for item in result.left_out:
            self.stdout.write(_("%(path)s: left out: %(item)s") % {"path": result.path, "item": item})
        if verbosity >= 2:
            for note in result.notes:
                self.stdout.write(f"  {note}")
