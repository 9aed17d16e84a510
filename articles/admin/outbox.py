"""The outbox in the admin: which workflow mails went out, which wait, and why one failed. Read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from articles.admin.common import ReadOnlyAdminMixin
from articles.models import OutboxMessage


class SentFilter(admin.SimpleListFilter):
    title = _("sent")
    parameter_name = "sent"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", _("Sent")), ("no", _("Waiting (retried by the next publish_scheduled run)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.pending()
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "subject", "sent_at", "attempts", "last_error"]
    list_filter = [SentFilter, "kind"]
    list_select_related = ["article"]
    search_fields = ["recipient", "subject", "message_id"]
    date_hierarchy = "created_at"
