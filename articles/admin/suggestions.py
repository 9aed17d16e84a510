"""Suggestions in the admin: a read-only record of what was suggested, by whom, and who decided it."""

from __future__ import annotations

from django.contrib import admin

from articles.admin.common import ReadOnlyAdminMixin
from articles.models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["article", "field", "kind", "original", "proposed", "author", "created_at", "state", "decided_by"]
    list_filter = ["state", "field", "kind"]
    list_select_related = ["article", "author", "decided_by"]
    search_fields = ["original", "proposed", "article__headline"]
    date_hierarchy = "created_at"
