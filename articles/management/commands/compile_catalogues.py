"""Compile the translation catalogues with polib, and list what is still untranslated.

Django's own `compilemessages` needs GNU gettext's msgfmt, which a plain Python
installation lacks; `make install` runs this command instead, so the German desk works
after a bare `pip install`. `--check` is for translators and CI: it lists every empty or
fuzzy entry (with where the string comes from) and exits with status 1 when there is one.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.i18n.catalogues import catalogues, compile_all, gaps, is_stale


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to .mo without gettext tools; --check lists untranslated strings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Compile every catalogue, even up-to-date ones.")
        parser.add_argument("--dry-run", action="store_true", help="Only say which catalogues would be compiled.")
        parser.add_argument(
            "--check", action="store_true", help="List untranslated and fuzzy entries; exit 1 when there are any."
        )

    def handle(self, *args, force: bool, dry_run: bool, check: bool, **options) -> None:
        verbosity = options["verbosity"]
        found = catalogues()
        if not found:
            raise CommandError(_("No catalogues found under LOCALE_PATHS."))
        if dry_run:
            for po_path in found:
                if force or is_stale(po_path):
                    self.stdout.write(_("Would compile %(path)s") % {"path": po_path})
        else:
            written = compile_all(force=force)
            if verbosity >= 2:
                for mo_path in written:
                    self.stdout.write(_("Compiled %(path)s") % {"path": mo_path})
            if verbosity:
                self.stdout.write(
                    self.style.SUCCESS(
                        ngettext("%(count)s catalogue compiled.", "%(count)s catalogues compiled.", len(written))
                        % {"count": len(written)}
                    )
                )
        if check:
            missing = [gap for po_path in found for gap in gaps(po_path)]
            for gap in missing:
                self.stdout.write(f"{gap.catalogue}: {gap.reason}: {gap.where}: {gap.msgid!r}")
            if missing:
                raise CommandError(
                    ngettext(
                        "%(count)s string has no usable translation.",
                        "%(count)s strings have no usable translation.",
                        len(missing),
                    )
                    % {"count": len(missing)}
                )
