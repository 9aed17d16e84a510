"""Desk profiles in the admin: an administrator can see and set a colleague's desk language."""

from __future__ import annotations

from django.contrib import admin

from articles.models import DeskProfile


@admin.register(DeskProfile)
class DeskProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
