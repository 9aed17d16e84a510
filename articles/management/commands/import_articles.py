"""Import a JSON file written by `export_articles`, with nothing lost.

Restores articles in the state they had, with their bylines, placements,
images' metadata, workflow events, review comments and published versions.
Sections are matched by slug and authors by sign-off (created when missing);
images by their media path. The whole file is one transaction: a malformed
entry stops the import with an error naming it, and nothing is written. The file is read a part
at a time (`json_import.import_file`): an archive of any size never sits in memory whole.
`--dry-run` runs the whole import and rolls it back.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.exchange.json_fields import ExchangeError
from articles.exchange.json_import import ImportSummary, import_file


class Command(BaseCommand):
    help = _("Import articles from a JSON file written by export_articles (“-” reads standard input).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE", help=_("The export file, or “-” for standard input."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Run the whole import, report, and write nothing.")
        )
        parser.add_argument(
            "--create-users",
            action="store_true",
            help=_("Create user accounts the file names but this database lacks (inactive, without a password)."),
        )

    def handle(self, *args, file: str, dry_run: bool, create_users: bool, **options) -> None:
        try:
            with self.open(file) as stream:
                summary = import_file(stream, dry_run=dry_run, create_users=create_users)
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": file, "error": error}) from error
        except ExchangeError as error:
            raise CommandError(_("Nothing was imported. %(error)s") % {"error": error}) from error
        self.report(summary, verbosity=options["verbosity"])

    @staticmethod
    def open(file: str) -> BinaryIO:
        """The file, read a part at a time; standard input is kept aside first (on disk beyond 16 MB)."""
        if file != "-":
            return Path(file).open("rb")
        spooled = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 (the caller closes it)
        shutil.copyfileobj(sys.stdin.buffer, spooled)
        return spooled

    def report(self, summary: ImportSummary, *, verbosity: int) -> None:
        if verbosity < 1:
            return
        line = _(
            "%(articles)d articles; sections: %(sections_created)d new, %(sections_matched)d existing; "
            "authors: %(authors_created)d new, %(authors_matched)d existing; "
            "images: %(images_created)d new, %(images_matched)d existing."
        ) % vars(summary)
        if summary.dry_run:
            self.stdout.write(_("Dry run, nothing written: %(summary)s") % {"summary": line})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported %(summary)s") % {"summary": line}))
        if summary.users_created:
            self.stdout.write(
                self.style.WARNING(
                    _("Created inactive accounts: %(names)s") % {"names": ", ".join(summary.users_created)}
                )
            )
        for path in summary.missing_files:
            self.stdout.write(
                self.style.WARNING(_("Image file not in the media folder yet: %(path)s") % {"path": path})
            )
