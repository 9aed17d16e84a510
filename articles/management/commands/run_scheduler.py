"""Run `publish_scheduled` every 30 seconds until stopped: the scheduler `make run` starts beside the server.

Why it exists: in development nothing else runs `publish_scheduled`, so a piece scheduled two
minutes ahead would never go live and the demo would not behave like production. Production
keeps cron or a systemd timer (README, "Scheduled publishing"): one short process a minute,
nothing that has to stay up. A failing run is reported and the loop goes on; the loop ends
with the process that started it (`make run`'s shell), so no orphan keeps publishing.
"""

from __future__ import annotations

import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Run publish_scheduled every --interval seconds until stopped (development; production uses cron "
            "or a systemd timer)."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help=_("Seconds between runs (default 30)."))
        parser.add_argument(
            "--runs", type=int, default=0, help=_("Stop after this many runs (default: run until stopped).")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Rehearse each run (publish_scheduled --dry-run); change nothing.")
        )

    def handle(self, *args, interval: float, runs: int, dry_run: bool, **options) -> None:
        if interval <= 0 and runs <= 0:
            raise CommandError(_("--interval must be positive when --runs is not given."))
        parent = os.getppid()
        done = 0
        while True:
            self.run_once(dry_run=dry_run, verbosity=options["verbosity"])
            done += 1
            if runs and done >= runs:
                return
            time.sleep(interval)
            if os.getppid() != parent:  # the server's shell is gone: stop with it
                return

    def run_once(self, *, dry_run: bool, verbosity: int) -> None:
        """One publish_scheduled run; its failure is printed, never the end of the loop."""
        if not connection.in_atomic_block:  # between runs: drop a connection the database closed meanwhile
            close_old_connections()
        try:
            call_command(
                "publish_scheduled",
                *(["--dry-run"] if dry_run else []),
                verbosity=verbosity,
                stdout=self.stdout,
                stderr=self.stderr,
            )
        except CommandError as error:
            self.stderr.write(self.style.ERROR(str(error)))
        except Exception as error:  # a database that is briefly away must not stop the scheduler
            self.stderr.write(self.style.ERROR(f"publish_scheduled: {type(error).__name__}: {error}"))
