"""The newsroom's people and places in the admin: desks, sections and authors."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext

from articles import generation
from articles.admin.accessibility import AccessibleAdminMixin
from articles.models import Author, Desk, Section


class ShownToReadersMixin:
    """Sections and authors appear on public pages and in the API: a change bumps the publication
    generation (in the admin's transaction), so cached pages show it within a second."""

    def save_model(self, request: HttpRequest, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        generation.bump()

    def delete_model(self, request: HttpRequest, obj) -> None:
        super().delete_model(request, obj)
        generation.bump()

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        super().delete_queryset(request, queryset)
        generation.bump()


@admin.register(Desk)
class DeskAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    """Desks are the newsroom's own organisation (readers never see them): no publication generation to bump."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(Section)
class SectionAdmin(ShownToReadersMixin, AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "desk", "position"]
    list_editable = ["position"]
    list_filter = ["desk"]
    list_select_related = ["parent", "desk"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Author)
class AuthorAdmin(ShownToReadersMixin, AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sign_off", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "sign_off", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_deleted_objects(self, objs, request: HttpRequest):
        """Django lists the published versions that protect an author; say what to do instead."""
        deleted = super().get_deleted_objects(objs, request)
        protected = deleted[3]
        if protected:
            messages.warning(
                request,
                gettext(
                    "An author named on a published version cannot be deleted: readers follow that byline. "
                    "Untick “active” instead."
                ),
            )
        return deleted
