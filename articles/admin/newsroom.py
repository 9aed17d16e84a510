"""The newsroom's people and places in the admin: sections and authors."""

from __future__ import annotations

from django.contrib import admin

from articles.admin.accessibility import AccessibleAdminMixin
from articles.models import Author, Section


@admin.register(Section)
class SectionAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Author)
class AuthorAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sign_off", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "sign_off", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
