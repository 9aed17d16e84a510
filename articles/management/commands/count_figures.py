"""Count the newsroom's figures ahead: every period the figures page offers, for all desks, each desk and each
section, kept in the shared cache for `NEWSROOM_FIGURES_MAX_AGE` seconds (articles.desk.figures_kept).

Run from cron more often than that age, e.g. `*/5 * * * * manage.py count_figures`, so editors never wait for a
quarter's figures. Safe on several hosts: one run counts at a time, the others say so and stop.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.desk import figures_kept
from newsroom.cache import reachable


class Command(BaseCommand):
    help = _("Count the newsroom's figures of every period the figures page offers ahead (run from cron).")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Only list the scopes that would be counted; count nothing.")
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if dry_run:
            for scope in figures_kept.offered_scopes(timezone.localdate()):
                self.stdout.write(figures_kept.describe(scope))
            return
        if isinstance(caches["default"], LocMemCache | DummyCache):
            # Loud, not fatal: the counting works, but a cache of this process's own reaches no server.
            self.stderr.write(
                _(
                    "The cache is this process's own (set CACHE_URL to a shared cache): the figures counted "
                    "here do not reach the servers."
                )
            )
        elif not reachable():
            raise CommandError(
                _(
                    "The shared cache (CACHE_URL) cannot be reached: figures counted now could not be kept; "
                    "nothing done."
                )
            )
        started = time.perf_counter()
        counted = figures_kept.count_ahead()
        if counted is None:
            self.stdout.write(_("Another run is counting the figures now; nothing done."))
            return
        self.stdout.write(
            _("Counted the figures of %(count)d scopes in %(seconds).1f s.")
            % {"count": counted, "seconds": time.perf_counter() - started}
        )
