"""The image admin: credit and rights filters, and where each picture is used."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.admin.accessibility import AccessibleAdminMixin
from articles.media.images import ImageAdminForm
from articles.models import Article, Image, Placement
from articles.workflow import pictures as picture_rules


class MissingCreditFilter(admin.SimpleListFilter):
    title = _("credit")
    parameter_name = "credit"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("missing", _("Missing credit")), ("present", _("Has a credit"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        missing = Image.objects.missing_credit()
        if self.value() == "missing":
            return queryset.filter(pk__in=missing.values("pk"))
        if self.value() == "present":
            return queryset.exclude(pk__in=missing.values("pk"))
        return queryset


class RightsFilter(admin.SimpleListFilter):
    title = _("usage rights")
    parameter_name = "rights"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("expired", _("Expired")), ("expiring", _("Expiring within 30 days"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "expired":
            return queryset.filter(pk__in=Image.objects.rights_expired().values("pk"))
        if self.value() == "expiring":
            return queryset.filter(pk__in=Image.objects.rights_expiring().values("pk"))
        return queryset


class ImagePlacementInline(admin.TabularInline):
    """Where the picture is used (read-only here; placements are edited on the article)."""

    model = Placement
    extra = 0
    max_num = 0
    can_delete = False
    fields = readonly_fields = ["article", "role", "position", "caption"]
    verbose_name_plural = _("used in")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Only pieces this user may open: the admin names no one else's headline either.
        visible = Article.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(article__in=visible).select_related("article")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Image)
class ImageAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    # The desk's upload path: the file is checked and fills empty caption, creator, credit from IPTC/XMP.
    form = ImageAdminForm
    list_display = [
        "thumbnail",
        "__str__",
        "credit_line_display",
        "is_archive",
        "has_alt_text",
        "rights_expire_on",
        "placement_count",
        "created_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["is_archive", MissingCreditFilter, RightsFilter, "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["caption", "alt_text", "creator", "organisation", "agencies", "copyright_notice", "source"]
    autocomplete_fields = ["uploaded_by"]
    readonly_fields = ["preview", "width", "height", "credit_line_display", "created_at", "updated_at"]
    inlines = [ImagePlacementInline]
    fieldsets = [
        (None, {"fields": ["file", "preview", "width", "height", "alt_text", "caption"]}),
        (
            _("Credit and rights"),
            {
                "fields": [
                    "creator",
                    "organisation",
                    "agencies",
                    "credit_line_display",
                    "copyright_notice",
                    "source",
                    "is_archive",
                    "usage_terms",
                    "rights_expire_on",
                ]
            },
        ),
        (_("Record"), {"fields": ["uploaded_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(placement_total=Count("placements"))

    def has_change_permission(self, request: HttpRequest, obj: Image | None = None) -> bool:
        """Editors any picture; a writer only one they uploaded or placed only in their own drafts."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_change_picture(request.user, obj))

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        # A read-only page says why, and what to do instead, rather than just showing no "Save".
        obj = self.get_object(request, object_id)
        may_change = obj is not None and super().has_change_permission(request, obj)
        if may_change and (reason := picture_rules.refusal(request.user, obj)):
            messages.warning(request, reason)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Image, form, change: bool) -> None:
        if not change and obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if change:  # the pieces placing it get the change as a pending revision, as from the desk
            picture_rules.follow_library(obj, by=request.user)

    @admin.display(description=_("picture"))
    def thumbnail(self, obj: Image) -> str:
        if not obj.file:
            return gettext("no file")
        return format_html(
            '<img src="{}" alt="{}" width="80">', reverse("desk:image-original", kwargs={"pk": obj.pk}), obj.alt_text
        )

    @admin.display(description=_("preview"))
    def preview(self, obj: Image) -> str:
        if not obj.file:
            return gettext("No file uploaded yet.")
        return format_html(
            '<img src="{}" alt="{}" width="320">', reverse("desk:image-original", kwargs={"pk": obj.pk}), obj.alt_text
        )

    @admin.display(description=_("credit line"))
    def credit_line_display(self, obj: Image) -> str:
        return obj.credit_line or "—"

    @admin.display(description=_("alt text"), boolean=True)
    def has_alt_text(self, obj: Image) -> bool:
        return bool(obj.alt_text)

    @admin.display(description=_("used"), ordering="placement_total")
    def placement_count(self, obj: Image) -> int:
        return obj.placement_total
