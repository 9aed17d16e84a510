"""How the review behaves, set in the admin: check severities, style rules, dismissed findings."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import CheckDismissal, CheckSetting, StyleRule


def _check_choices() -> list[tuple[str, str]]:
    from articles.review.checks import check_choices

    return check_choices()


class CheckSettingForm(forms.ModelForm):
    """The check is picked from the checks the review knows, not typed."""

    code = forms.ChoiceField(label=_("check"), choices=_check_choices)

    class Meta:
        model = CheckSetting
        fields = ["code", "severity"]


@admin.register(CheckSetting)
class CheckSettingAdmin(admin.ModelAdmin):
    form = CheckSettingForm
    list_display = ["code", "check_label", "severity", "default_severity"]
    list_editable = ["severity"]
    list_filter = ["severity"]
    search_fields = ["code"]

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
