"""The runs of `publish_scheduled`: when publishing last ran, so a dead cron is noticed, not guessed at."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SchedulerRunQuerySet(models.QuerySet):
    def finished(self) -> SchedulerRunQuerySet:
        return self.filter(finished_at__isnull=False)

    def last_finished(self) -> SchedulerRun | None:
        """The run that finished last: what "publishing has not run since …" names."""
        return self.finished().order_by("-finished_at", "-pk").first()


class SchedulerRun(models.Model):
    """One real run of `publish_scheduled` (dry runs and checks are not recorded)."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(
        _("finished"), null=True, blank=True, help_text=_("Empty while it runs, or when the run was killed.")
    )
    published = models.PositiveIntegerField(_("published"), default=0)
    expired = models.PositiveIntegerField(_("withdrawn (expired)"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    mails_not_delivered = models.PositiveIntegerField(_("mails not delivered"), default=0)
    host = models.CharField(_("host"), max_length=200, blank=True)

    objects = SchedulerRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("publishing run")
        verbose_name_plural = _("publishing runs")
        indexes = [models.Index(fields=["finished_at"], name="scheduler_run_finished")]

    def __str__(self) -> str:
        return f"{self.host} {self.started_at:%Y-%m-%d %H:%M:%S}"
