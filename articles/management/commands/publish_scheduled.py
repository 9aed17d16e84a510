"""Publish scheduled pieces whose time has come, then withdraw published pieces past their expiry.

Why it exists: a newsroom promises pieces for a set time (an embargo lifts at
09:00), and nobody should have to be at a desk to press the button. Cron (or a
systemd timer) runs this every minute on one or more hosts. Each piece goes
through the workflow service (`publish_due`, `expire`) in its own transaction:
the row is claimed with a lock — `SKIP LOCKED` on PostgreSQL, so a copy running
on another host simply takes the next piece — and its state and time are checked
again under the lock, so no piece is published twice and none is missed. A piece
that fails is reported and the run goes on; the exit status is then non-zero.
Every run prints a summary so cron logs show it ran; `--dry-run` rehearses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import workflow
from articles.media import rights
from articles.models import Article
from articles.workflow import notifications


class Command(BaseCommand):
    help = gettext_lazy(
        "Publish every scheduled piece whose time has come, then withdraw every published piece past its "
        "expiry. Safe to run on several hosts at once."
    )

    batch_size = 500

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List what would be published and withdrawn; change nothing.")
        )
        parser.add_argument(
            "--now",
            metavar="ISO-8601",
            help=_(
                "Act as if it were this time, such as 2026-07-01T09:00+02:00 (without an offset: the newsroom's "
                "time zone). Default: now."
            ),
        )

    def handle(self, *args, dry_run: bool, now: str | None, **options) -> None:
        self.verbosity = options["verbosity"]
        moment = self.parse_now(now)
        if dry_run:
            self.rehearse(moment)
            return
        # On PostgreSQL a copy on another host holding a row makes us skip it, not wait for it.
        skip_locked = connection.features.has_select_for_update_skip_locked
        system = {"now": moment, "skip_locked": skip_locked}
        counts = {"published": 0, "expired": 0, "skipped": 0, "failed": 0}
        with self.commits_without_flush_wait():
            self.run_phase(
                Article.objects.due_for_publishing(moment).order_by("publish_at", "pk"),
                lambda article: workflow.publish_due(article, **system),
                done="published",
                counts=counts,
                prefetch=True,
            )
            # After publishing, so a piece whose publication and expiry both passed is withdrawn in this run.
            self.run_phase(
                Article.objects.due_for_expiry(moment).order_by("expire_at", "pk"),
                lambda article: workflow.expire(article, **system),
                done="expired",
                counts=counts,
                prefetch=False,
            )
        self.remove_expired_pictures(moment)
        summary = _(
            "publish_scheduled at %(now)s: %(published)d published, %(expired)d withdrawn (expired), "
            "%(skipped)d skipped (handled elsewhere), %(failed)d failed."
        ) % {"now": timezone.localtime(moment).isoformat(timespec="seconds"), **counts}
        if counts["failed"]:
            self.stderr.write(self.style.ERROR(summary))
            raise CommandError(_("%(failed)d piece(s) failed; see above.") % counts)
        if self.verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary) if counts["published"] + counts["expired"] else summary)

    # --- pictures whose usage rights ran out (articles/media/rights.py) --------------------------
    def remove_expired_pictures(self, moment: datetime, *, dry_run: bool = False) -> None:
        """Live pieces lose pictures whose rights have expired (a new live version without them)."""
        today = timezone.localdate(moment)
        for removal in rights.remove_expired_pictures(today=today, dry_run=dry_run):
            pictures = ", ".join(f"#{image.pk}" for image in removal.images)
            template = (
                _("would remove picture(s) %(pictures)s from “%(headline)s” (rights expired)")
                if dry_run
                else (_("removed picture(s) %(pictures)s from “%(headline)s” (rights expired)"))
            )
            if dry_run or self.verbosity >= 1:
                self.stdout.write(template % {"pictures": pictures, "headline": removal.version.headline})

    # ---------------------------------------------------------------------------------------------
    @contextmanager
    def commits_without_flush_wait(self) -> Iterator[None]:
        """PostgreSQL: this session's commits do not wait for the WAL to reach the disk.

        Each piece is still its own transaction. A crash could lose only whole, recent
        publications — the piece is then still scheduled and the next run publishes it:
        never half, never twice. It spares one disk flush per piece.
        """
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")

    def parse_now(self, value: str | None) -> datetime:
        if not value:
            return timezone.now()
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None:
            raise CommandError(_("--now needs an ISO-8601 date and time, such as 2026-07-01T09:00+02:00."))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def batches(self, queryset, *, prefetch: bool) -> Iterator[list[Article]]:
        """The candidates, a batch at a time, with what a snapshot reads prefetched (a few queries per batch)."""
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), self.batch_size):
            chunk = ids[start : start + self.batch_size]
            articles = Article.objects.filter(pk__in=chunk)
            if prefetch:
                articles = articles.select_related("section").prefetch_related(*workflow.related_prefetches())
            else:
                articles = articles.only("pk", "headline", "version")
            by_pk = {article.pk: article for article in articles}
            yield [by_pk[pk] for pk in chunk if pk in by_pk]

    def run_phase(
        self,
        queryset,
        action: Callable[[Article], Article],
        *,
        done: str,
        counts: dict[str, int],
        prefetch: bool,
    ) -> None:
        verb = {"published": _("published"), "expired": _("withdrawn (expired)")}[done]
        for batch in self.batches(queryset, prefetch=prefetch):
            # The mails of a batch's committed pieces go out together, over one connection.
            with notifications.sending_together():
                self.run_batch(batch, action, verb=verb, done=done, counts=counts)

    def run_batch(
        self, batch: list[Article], action: Callable[[Article], Article], *, verb: str, done: str, counts: dict
    ) -> None:
        """Each piece in its own transaction; a failure is reported and the next piece goes on."""
        for article in batch:
            try:
                action(article)
            except (workflow.Claimed, workflow.WrongState) as error:
                # Another copy took it, or someone unscheduled it meanwhile: nothing to do here.
                counts["skipped"] += 1
                if self.verbosity >= 2:
                    self.stdout.write(
                        _("skipped #%(pk)d “%(headline)s”: %(reason)s")
                        % {"pk": article.pk, "headline": article, "reason": error}
                    )
            except Exception as error:  # one piece's failure must not stop the others
                counts["failed"] += 1
                self.stderr.write(
                    self.style.ERROR(
                        _("failed #%(pk)d “%(headline)s”: %(error)s")
                        % {"pk": article.pk, "headline": article, "error": f"{type(error).__name__}: {error}"}
                    )
                )
            else:
                counts[done] += 1
                if self.verbosity >= 2:
                    self.stdout.write(
                        _("%(verb)s #%(pk)d “%(headline)s”") % {"verb": verb, "pk": article.pk, "headline": article}
                    )

    def rehearse(self, moment: datetime) -> None:
        """--dry-run: what a real run would do now; reads only."""
        to_publish = list(Article.objects.due_for_publishing(moment).order_by("publish_at", "pk"))
        to_expire = list(Article.objects.due_for_expiry(moment).order_by("expire_at", "pk"))
        # Published in this run and already past expiry: withdrawn in the same run.
        to_expire += [article for article in to_publish if article.expire_at and article.expire_at <= moment]
        for article in to_publish:
            when = date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT")
            self.stdout.write(
                _("would publish #%(pk)d “%(headline)s” (due %(when)s)")
                % {"pk": article.pk, "headline": article, "when": when}
            )
        for article in to_expire:
            when = date_format(timezone.localtime(article.expire_at), "DATETIME_FORMAT")
            self.stdout.write(
                _("would withdraw #%(pk)d “%(headline)s” (expired %(when)s)")
                % {"pk": article.pk, "headline": article, "when": when}
            )
        self.remove_expired_pictures(moment, dry_run=True)
        self.stdout.write(
            _("Dry run at %(now)s: %(publish)d to publish, %(expire)d to withdraw; nothing was changed.")
            % {
                "now": timezone.localtime(moment).isoformat(timespec="seconds"),
                "publish": len(to_publish),
                "expire": len(to_expire),
            }
        )
