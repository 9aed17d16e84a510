"""Publish scheduled pieces whose time has come, then withdraw published pieces past their expiry.

Why it exists: a newsroom promises pieces for a set time (an embargo lifts at
09:00), and nobody should have to be at a desk to press the button. Cron (or a
systemd timer) runs this every minute on one or more hosts, always at the real
time (`--now` only rehearses, with `--dry-run`).

Due pieces are published a batch at a time (`workflow.publish_due_batch`, the
steps of `publish_due` over many rows: docs/publishing.md): the batch's rows are
claimed in one transaction — `SKIP LOCKED` on PostgreSQL, so a copy running on
another host simply takes other pieces — with state and time checked again in the
claiming statement, so no piece is published twice and none is missed. What the
batch cannot vouch for (a piece edited since it was loaded, or a batch whose write
failed) goes through `publish_due`, one transaction per piece, so one failure never
stops the others. Expiry runs piece by piece. A piece that fails is reported and the
run goes on; the exit status is then non-zero. A database connection cut mid-run
fails only the batch or piece it hit (left scheduled, nothing half-written): the run
reconnects and goes on.

Mails announcing a publication are written to the outbox in the same transaction
and sent after it commits; the run then retries every mail still unsent from
before (a killed run, a mail server that was down). A mail that cannot be
delivered stays in the outbox for the next run, and this run exits non-zero
saying how many. Every run prints a summary so cron logs show it ran, and is recorded
(`SchedulerRun`): the desk names the last run beside an overdue piece.

`--check` changes nothing: it prints overdue pieces, the last run and the mails still
undelivered, and exits 1 when any of these needs a person (for monitoring; the same as the
`/health/publishing/` endpoint, articles/workflow/scheduling.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article, OutboxMessage
from articles.workflow import going_live, notifications, outbox, rights, scheduling


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # Translated when --help is shown; argparse cannot format a lazy string.
        return _(
            "Publish every scheduled piece whose time has come, then withdraw every published piece past its "
            "expiry. Safe to run on several hosts at once."
        )

    # Pieces loaded, claimed and written together; a failing batch is redone one piece at a time.
    batch_size = 200

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List what would be published and withdrawn; change nothing.")
        )
        parser.add_argument(
            "--now",
            metavar="ISO-8601",
            help=_(
                "With --dry-run only: list what a run at this time would do, such as 2026-07-01T09:00+02:00 "
                "(without an offset: the newsroom's time zone). A real run always uses the real time."
            ),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_(
                "Change nothing: print overdue pieces, the last run and undelivered mails; exit status 1 when "
                "something needs a person (for monitoring)."
            ),
        )

    def handle(self, *args, dry_run: bool, now: str | None, check: bool = False, **options) -> None:
        self.verbosity = options["verbosity"]
        if check:
            self.check_health()
            return
        if now and not dry_run:
            # A real run at a pretended time would publish pieces still under embargo, dated in the future.
            raise CommandError(
                _("--now only rehearses: add --dry-run. A real run always uses the real time; nothing was changed.")
            )
        moment = self.parse_now(now)
        if dry_run:
            self.rehearse(moment)
            return
        # On PostgreSQL a copy on another host holding a row makes us skip it, not wait for it.
        skip_locked = connection.features.has_select_for_update_skip_locked
        system = {"now": moment, "skip_locked": skip_locked}
        counts = {"published": 0, "expired": 0, "skipped": 0, "failed": 0}
        self.mail = outbox.Delivery()
        with scheduling.recorded_run() as run:
            try:
                self.publish_and_report(moment, system, counts)
            finally:  # also when the run ends in an error: the record says what it did
                run.published, run.expired, run.failed = counts["published"], counts["expired"], counts["failed"]
                run.mails_not_delivered = self.mail.failed

    def publish_and_report(self, moment: datetime, system: dict, counts: dict[str, int]) -> None:
        """One real run: publish, withdraw, retry mails, print the summary (CommandError when something failed)."""
        started = timezone.now()
        with self.commits_without_flush_wait():
            self.run_phase(
                Article.objects.due_for_publishing(moment).order_by("publish_at", "pk"),
                lambda article: workflow.publish_due(article, **system),
                done="published",
                counts=counts,
                prefetch=True,
                bulk=lambda batch: workflow.publish_due_batch(batch, **system),
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
        # Mails an earlier run (or a web request) could not send: a killed process, a mail server that was down.
        self.mail.add(outbox.deliver_pending(created_before=started))
        summary = _(
            "publish_scheduled at %(now)s: %(published)d published, %(expired)d withdrawn (expired), "
            "%(skipped)d skipped (handled elsewhere), %(failed)d failed; mails: %(sent)d sent, "
            "%(unsent)d not delivered."
        ) % {
            "now": timezone.localtime(moment).isoformat(timespec="seconds"),
            "sent": self.mail.sent,
            "unsent": self.mail.failed,
            **counts,
        }
        if counts["failed"] or self.mail.failed:
            self.stderr.write(self.style.ERROR(summary))
            for error in sorted(set(self.mail.errors))[:5]:
                self.stderr.write(self.style.ERROR(_("mail not delivered: %(error)s") % {"error": error}))
            raise CommandError(
                _("%(failed)d piece(s) failed, %(unsent)d mail(s) not delivered (kept; the next run retries them).")
                % {"failed": counts["failed"], "unsent": self.mail.failed}
            )
        if self.verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary) if counts["published"] + counts["expired"] else summary)

    def check_health(self) -> None:
        """--check: report, change nothing; CommandError (exit status 1) when something needs a person."""
        report = scheduling.health()
        run = report.last_run
        if run is None:
            self.stdout.write(_("Last run: none recorded."))
        else:
            self.stdout.write(
                _("Last run: finished %(finished)s on %(host)s — %(published)d published, %(failed)d failed.")
                % {
                    "finished": timezone.localtime(run.finished_at).isoformat(timespec="seconds"),
                    "host": run.host or "?",
                    "published": run.published,
                    "failed": run.failed,
                }
            )
        for article in report.overdue:
            when = date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT")
            self.stdout.write(
                _("overdue #%(pk)d “%(headline)s” (due %(when)s)")
                % {"pk": article.pk, "headline": article, "when": when}
            )
        self.stdout.write(
            _("%(overdue)d overdue piece(s), %(mails)d undelivered mail(s).")
            % {"overdue": len(report.overdue), "mails": report.undelivered_mails}
        )
        if not report.healthy:
            raise CommandError(
                _("Scheduled publishing needs attention: %(problems)s.") % {"problems": ", ".join(report.problems)}
            )
        if self.verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(_("Scheduled publishing is healthy.")))

    # --- pictures whose usage rights ran out (articles/workflow/rights.py) --------------------------
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

        Every transaction is still all or nothing. A server crash could lose only whole,
        recent publications — the pieces are then still scheduled and the next run
        publishes them: never half, never twice. The outbox's claim waits for the disk
        before any mail goes out, so no mail announces a publication that could be lost.
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
                # A batch publishes the scheduled revision, so the working copy's bylines are not read; the
                # mails go to the revision's writers. The one-piece path loads what it needs then.
                articles = articles.select_related("scheduled_revision__section")
            try:
                by_pk = {article.pk: article for article in articles}
            except DatabaseError:
                if not going_live.connection_lost():
                    raise
                by_pk = {article.pk: article for article in articles.all()}  # cut off: read it again, reconnected
            yield [by_pk[pk] for pk in chunk if pk in by_pk]

    def run_phase(
        self,
        queryset,
        action: Callable[[Article], Article],
        *,
        done: str,
        counts: dict[str, int],
        prefetch: bool,
        bulk: Callable[[list[Article]], workflow.BatchOutcome] | None = None,
    ) -> None:
        verb = {"published": _("published"), "expired": _("withdrawn (expired)")}[done]
        for batch in self.batches(queryset, prefetch=prefetch):
            # The mails of a batch's committed pieces go out together, over one connection.
            with notifications.sending_together() as delivery:
                if bulk is not None:
                    outcome = bulk(batch)
                    self.report(outcome.published, verb=verb, done=done, counts=counts)
                    self.report_skipped(outcome.skipped, reason=_("handled elsewhere, or no longer due"), counts=counts)
                    for article in outcome.lost:  # the connection was cut mid-batch; they stay scheduled
                        self.report_failed(article, outcome.error, counts=counts)
                    batch = outcome.one_by_one  # what the batch could not vouch for, one transaction each
                self.run_batch(batch, action, verb=verb, done=done, counts=counts)
            self.mail.add(delivery)

    def report(self, articles: list[Article], *, verb: str, done: str, counts: dict) -> None:
        counts[done] += len(articles)
        if self.verbosity >= 2:
            for article in articles:
                self.stdout.write(
                    _("%(verb)s #%(pk)d “%(headline)s”") % {"verb": verb, "pk": article.pk, "headline": article}
                )

    def report_skipped(self, articles: list[Article], *, reason: str, counts: dict) -> None:
        counts["skipped"] += len(articles)
        if self.verbosity >= 2:
            for article in articles:
                self.stdout.write(
                    _("skipped #%(pk)d “%(headline)s”: %(reason)s")
                    % {"pk": article.pk, "headline": article, "reason": reason}
                )

    def run_batch(
        self, batch: list[Article], action: Callable[[Article], Article], *, verb: str, done: str, counts: dict
    ) -> None:
        """Each piece in its own transaction; a failure is reported and the next piece goes on."""
        for article in batch:
            try:
                action(article)
            except (workflow.Claimed, workflow.WrongState, workflow.NotDue) as error:
                # Another copy took it, or someone unscheduled it meanwhile: nothing to do here.
                self.report_skipped([article], reason=str(error), counts=counts)
            except Exception as error:  # one piece's failure must not stop the others
                if isinstance(error, DatabaseError):
                    going_live.connection_lost()  # cut off? closed, so the next piece reconnects
                self.report_failed(article, error, counts=counts)
            else:
                self.report([article], verb=verb, done=done, counts=counts)

    def report_failed(self, article: Article, error: Exception | None, *, counts: dict) -> None:
        counts["failed"] += 1
        self.stderr.write(
            self.style.ERROR(
                _("failed #%(pk)d “%(headline)s”: %(error)s")
                % {"pk": article.pk, "headline": article, "error": f"{type(error).__name__}: {error}"}
            )
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
            _(
                "Dry run at %(now)s: %(publish)d to publish, %(expire)d to withdraw, %(mails)d mail(s) waiting "
                "to be sent; nothing was changed."
            )
            % {
                "now": timezone.localtime(moment).isoformat(timespec="seconds"),
                "publish": len(to_publish),
                "expire": len(to_expire),
                "mails": OutboxMessage.objects.pending().count(),
            }
        )
