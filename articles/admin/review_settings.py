"""How the review behaves, set in the admin: check severities, style rules, dismissed findings."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import CheckDismissal, CheckSetting, StyleRule

CONFIDENCE_LABELS = {"high": _("high"), "medium": _("medium"), "low": _("low")}


def _check_choices() -> list[tuple[str, str]]:
    """Each check with how sure it is, so a newsroom sees which kinds are worth turning off."""
    from articles.review.checks import CHECKS

    return [
        (
            check.code,
            gettext("%(label)s (%(confidence)s confidence)")
            % {"label": check.label, "confidence": CONFIDENCE_LABELS[check.confidence]},
        )
        for check in CHECKS
    ]


def _codes_of_confidence(confidence: str) -> list[str]:
    from articles.review.checks import CHECKS

    return [check.code for check in CHECKS if check.confidence == confidence]


class ConfidenceFilter(admin.SimpleListFilter):
    title = _("confidence")
    parameter_name = "confidence"

    def lookups(self, request, model_admin):
        return list(CONFIDENCE_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in CONFIDENCE_LABELS:
            return queryset.filter(code__in=_codes_of_confidence(self.value()))
        return queryset


class CheckSettingForm(forms.ModelForm):
    """The check is picked from the checks the review knows, not typed."""

    code = forms.ChoiceField(label=_("check"), choices=_check_choices)

    class Meta:
        model = CheckSetting
        fields = ["code", "severity"]


@admin.register(CheckSetting)
class CheckSettingAdmin(admin.ModelAdmin):
    form = CheckSettingForm
    list_display = ["code", "check_label", "severity", "default_severity", "confidence"]
    list_editable = ["severity"]
    list_filter = ["severity", ConfidenceFilter]
    search_fields = ["code"]
    change_list_template = "admin/articles/checksetting/change_list.html"

    def get_urls(self):
        hide = self.admin_site.admin_view(self.hide_low_confidence)
        return [path("hide-low-confidence/", hide, name="articles_checksetting_hide_low"), *super().get_urls()]

    def hide_low_confidence(self, request: HttpRequest) -> HttpResponseRedirect:
        """Turn off every low-confidence check (blocking ones stay: they were set so on purpose).
        Only a POST changes anything; a GET goes back to the list."""
        changelist = reverse("admin:articles_checksetting_changelist")
        if request.method != "POST":
            return HttpResponseRedirect(changelist)
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            self.message_user(request, gettext("You may not change the check settings."), messages.ERROR)
            return HttpResponseRedirect(changelist)
        turned_off = 0
        for code in _codes_of_confidence("low"):
            setting, created = CheckSetting.objects.get_or_create(
                code=code, defaults={"severity": CheckSetting.Severity.OFF}
            )
            if created:
                turned_off += 1
            elif setting.severity == CheckSetting.Severity.WARNING:
                setting.severity = CheckSetting.Severity.OFF
                setting.save(update_fields=["severity"])
                turned_off += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d low-confidence check turned off.", "%(count)d low-confidence checks turned off.", turned_off
            )
            % {"count": turned_off},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(changelist)

    @admin.display(description=_("confidence"))
    def confidence(self, obj: CheckSetting) -> str:
        from articles.review.checks import CHECKS_BY_CODE

        check = CHECKS_BY_CODE.get(obj.code)
        return str(CONFIDENCE_LABELS[check.confidence]) if check else "—"

    @admin.display(description=_("what it finds"))
    def check_label(self, obj: CheckSetting) -> str:
        from articles.review.checks import CHECKS_BY_CODE

        check = CHECKS_BY_CODE.get(obj.code)
        return str(check.label) if check else gettext("(unknown check)")

    @admin.display(description=_("default"))
    def default_severity(self, obj: CheckSetting) -> str:
        from articles.review.checks import CHECKS_BY_CODE

        check = CHECKS_BY_CODE.get(obj.code)
        return CheckSetting.Severity(check.default).label if check else "—"


@admin.register(StyleRule)
class StyleRuleAdmin(admin.ModelAdmin):
    list_display = ["wrong", "right", "language", "note", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active", "language"]
    search_fields = ["wrong", "right", "note"]


@admin.register(CheckDismissal)
class CheckDismissalAdmin(admin.ModelAdmin):
    """Dismissals are made on the desk review page, where `checks.dismiss` applies its rules
    (blocking findings cannot be dismissed); here they are read, and deleted to bring a warning back."""

    list_display = ["article", "code", "target", "dismissed_by", "created_at"]
    list_filter = ["code"]
    list_select_related = ["article", "dismissed_by"]
    search_fields = ["code", "target", "reason", "article__headline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
