"""Piece templates in the admin, beside the desk's own pages (/desk/templates/).

Their changes are recorded with django-simple-history (`PieceTemplate.history`), like assignments.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin.accessibility import AccessibleAdminMixin
from articles.models import PieceTemplate
from articles.review.registry import check_choices


class PieceTemplateAdminForm(forms.ModelForm):
    """The checks are picked from the checks the review knows, not typed as JSON."""

    checks = forms.MultipleChoiceField(
        label=_("checks to heed"), choices=check_choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PieceTemplate
        fields = [
            "name",
            "description",
            "section",
            "planned_words",
            "kicker",
            "headline",
            "teaser",
            "dateline",
            "body",
            "checks",
            "position",
        ]


@admin.register(PieceTemplate)
class PieceTemplateAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = PieceTemplateAdminForm
    list_display = ["name", "section", "planned_words", "position", "updated_at"]
    list_select_related = ["section"]
    list_filter = ["section"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["section"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
