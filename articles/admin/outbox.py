"""The outbox and the publishing runs in the admin: which mails went out, which wait and why; when publishing ran.

Both read-only: mails are written by transitions, runs by `publish_scheduled`.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from articles.admin.common import ReadOnlyAdminMixin
from articles.models import OutboxMessage, SchedulerRun
from articles.workflow.outbox import MAX_ATTEMPTS


class SentFilter(admin.SimpleListFilter):
    """The mail's state in words (the parameter keeps its old name, so saved links still work)."""

    title = _("state")
    parameter_name = "sent"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [
            ("yes", _("Sent")),
            ("no", _("Waiting (retried by the next publish_scheduled run)")),
            ("failing", _("Failed at least once, still retried")),
            ("given_up", _("Given up (too many failed attempts)")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.pending()
        if self.value() == "failing":
            return queryset.pending().filter(attempts__gt=0, attempts__lt=MAX_ATTEMPTS)
        if self.value() == "given_up":
            return queryset.pending().filter(attempts__gte=MAX_ATTEMPTS)
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [
            ("submitted", _("Submitted for review")),
            ("changes_requested", _("Changes requested")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "sent_at", "attempts", "last_error"]
    list_filter = [SentFilter, KindFilter]
    list_select_related = ["article"]
    search_fields = ["recipient", "subject", "message_id"]
    date_hierarchy = "created_at"
    # Newest first: tonight's mails, not last year's, are what someone looks for.
    ordering = ["-created_at", "-pk"]


@admin.register(SchedulerRun)
class SchedulerRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "host", "published", "expired", "failed", "mails_not_delivered"]
    list_filter = ["host"]
    date_hierarchy = "started_at"
    ordering = ["-started_at", "-pk"]
