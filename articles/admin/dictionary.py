"""The newsroom dictionary in the admin: words editors added from spelling findings, to review or remove."""

from __future__ import annotations

from django.contrib import admin

from articles.models import DictionaryWord


@admin.register(DictionaryWord)
class DictionaryWordAdmin(admin.ModelAdmin):
    list_display = ["word", "language", "added_by", "added_at"]
    list_filter = ["language"]
    list_select_related = ["added_by"]
    search_fields = ["word"]
    readonly_fields = ["added_by", "added_at"]

    def save_model(self, request, obj: DictionaryWord, form, change: bool) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
