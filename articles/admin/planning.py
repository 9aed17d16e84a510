"""Assignments in the admin: to look up; planning happens on the desk.

Their changes are recorded with django-simple-history (`Assignment.history`).

Read-only, so every change goes through `articles.workflow.planning` and its permission checks.
"""

from __future__ import annotations

from django.contrib import admin

from articles.admin.common import ReadOnlyAdminMixin
from articles.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["headline", "section", "desk", "deadline", "planned_words", "picture_by", "article", "dropped_at"]
    list_filter = ["desk", "section"]
    list_select_related = ["section", "desk", "article", "picture_by"]
    search_fields = ["headline"]
    date_hierarchy = "deadline"
