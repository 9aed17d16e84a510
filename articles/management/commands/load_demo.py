"""Load demo content and demo accounts for local use (`make run` calls it).

A fresh clone should show a working newsroom at once: pieces in every workflow
state, pictures with captions and credits, and accounts to sign in with. The
command only runs while DEBUG is on, creates only what is missing (running it
twice changes nothing), prints the passwords of the accounts it creates and
keeps the passwords of accounts that already exist.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles import demo


class Command(BaseCommand):
    help = _("Load demo articles, pictures and accounts (development only: needs DEBUG on).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=_("List what would be created; write nothing."))

    def handle(self, *args, dry_run: bool, verbosity: int, **options) -> None:
        from django.conf import settings

        if not settings.DEBUG:
            raise CommandError(_("Demo content and demo accounts are for development only: DEBUG is off."))
        if dry_run:
            self.rehearse(verbosity)
            return
        try:
            report = demo.load_demo()
        except demo.DemoRefused as error:
            raise CommandError(str(error)) from error

        if verbosity >= 1:
            if report.created:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Created %(count)s demo pieces and %(images)s pictures.")
                        % {"count": len(report.created), "images": report.images_created}
                    )
                )
            else:
                self.stdout.write(_("Demo content is already there; nothing to add."))
            if report.assignments_created:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Planned %(count)s assignments for today.") % {"count": report.assignments_created}
                    )
                )
            if verbosity >= 2:
                for headline in report.created:
                    self.stdout.write(f"  + {headline}")
                for headline in report.skipped:
                    self.stdout.write(f"  = {headline}")
        # Passwords always print (even with -v 0): they are shown exactly once.
        for account in report.accounts:
            if account.password:
                self.stdout.write(
                    self.style.WARNING(
                        _("Demo account %(username)s (%(role)s), password: %(password)s")
                        % {"username": account.username, "role": account.role, "password": account.password}
                    )
                )
            elif verbosity >= 1:
                self.stdout.write(
                    _("Demo account %(username)s (%(role)s) already exists: its password was kept.")
                    % {"username": account.username, "role": account.role}
                )

    def rehearse(self, verbosity: int) -> None:
        accounts = demo.missing_accounts()
        pieces = demo.missing_pieces()
        self.stdout.write(
            _("Dry run: would create %(pieces)s pieces and %(accounts)s accounts.")
            % {"pieces": len(pieces), "accounts": len(accounts)}
        )
        if verbosity >= 2:
            for account in accounts:
                self.stdout.write(f"  + {account.username}")
            for piece in pieces:
                self.stdout.write(f"  + {piece.headline} ({piece.state})")
