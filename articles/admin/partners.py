"""Partner tokens of the read API: issued here (the key is shown once), revoked here, never stored in clear."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin.accessibility import AccessibleAdminMixin
from articles.models import PartnerToken


class ActiveFilter(admin.SimpleListFilter):
    """In words: an active token reads the API, a revoked one is refused."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("active", _("Active")), ("revoked", _("Revoked"))]

    def queryset(self, request: HttpRequest, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(PartnerToken)
class PartnerTokenAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["partner", "key_prefix", "created_at", "is_active_display", "revoked_at"]
    list_filter = [ActiveFilter]
    search_fields = ["partner", "key_prefix", "note"]
    fields = ["partner", "note", "key_prefix", "created_at", "revoked_at"]
    readonly_fields = ["key_prefix", "created_at"]
    actions = ["revoke"]

    @admin.display(description=_("active"), boolean=True)
    def is_active_display(self, obj: PartnerToken) -> bool:
        return obj.is_active

    def save_model(self, request: HttpRequest, obj: PartnerToken, form, change: bool) -> None:
        key = obj.issue_key() if not change else None
        super().save_model(request, obj, form, change)
        if key:
            # The only time the key exists in clear: only its hash is stored.
            messages.warning(
                request,
                gettext("Token for %(partner)s: %(key)s — copy it now, it cannot be shown again.")
                % {"partner": obj.partner, "key": key},
            )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            revoked += 1
        messages.success(
            request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked) % {"count": revoked}
        )
