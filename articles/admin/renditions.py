"""Renditions in the admin: read-only (they are made from the original and the focal point, never by hand)."""

from __future__ import annotations

from django.contrib import admin

from articles.admin.common import ReadOnlyAdminMixin
from articles.models import Rendition


@admin.register(Rendition)
class RenditionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["image", "crop", "fmt", "width", "height", "size", "created_at"]
    list_filter = ["crop", "fmt"]
    list_select_related = ["image"]
    search_fields = ["file"]
    ordering = ["-created_at", "pk"]
