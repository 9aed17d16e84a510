"""Records of what happened, seen in the admin: published versions, revisions, events, comments, locks."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from articles.admin.common import ReadOnlyAdminMixin
from articles.models import EditLock, Notice, PreviewLink, PublishedVersion, ReviewComment, Revision, WorkflowEvent


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["headline", "article", "section", "is_live", "published_at", "published_by", "expire_at"]
    list_filter = ["is_live", "section", "published_at"]
    list_select_related = ["article", "section", "published_by"]
    search_fields = ["headline", "slug", "teaser"]
    date_hierarchy = "published_at"


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Frozen copies of whole pieces: what was reviewed, scheduled and published. Never edited."""

    list_display = ["article", "number", "headline", "created_at", "created_by", "note"]
    list_select_related = ["article", "created_by"]
    search_fields = ["headline", "article__headline", "note"]
    date_hierarchy = "created_at"


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "article",
        "section",
        "transition",
        "from_state",
        "to_state",
        "actor",
        "revision",
        "comment",
    ]
    list_filter = ["transition", "to_state", "section", "created_at"]
    list_select_related = ["article", "section", "actor", "revision"]
    search_fields = ["article__headline", "comment", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["article", "author", "guest_name", "short_body", "created_at"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__headline", "author__username"]
    autocomplete_fields = ["article"]
    readonly_fields = ["author", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description=_("comment"))
    def short_body(self, obj: ReviewComment) -> str:
        return obj.body if len(obj.body) <= 80 else obj.body[:79] + "…"

    def save_model(self, request: HttpRequest, obj: ReviewComment, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new comment goes through the comments service: its permission rule and @mention mails.
        from articles.review.comments import add_comment

        created = add_comment(obj.article, by=request.user, body=obj.body)
        obj.pk, obj.author, obj.created_at = created.pk, created.author, created.created_at
        obj._state.adding = False


@admin.register(EditLock)
class EditLockAdmin(admin.ModelAdmin):
    """Soft locks are taken by opening the desk editor; here an editor can only see and clear them."""

    list_display = ["article", "user", "since", "seen_at"]
    list_select_related = ["article", "user"]
    search_fields = ["article__headline", "user__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PreviewLink)
class PreviewLinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Guests' preview links: made and revoked on the piece's review page; here only seen."""

    list_display = ["article", "label", "revision", "created_by", "created_at", "expires_at", "revoked_at"]
    list_filter = ["allow_comments", "created_at"]
    list_select_related = ["article", "revision", "created_by"]
    search_fields = ["label", "article__headline"]
    exclude = ["key"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What the desk's bell told each person, and whether they read it."""

    list_display = ["created_at", "recipient", "kind", "headline", "actor", "read_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["recipient", "actor"]
    search_fields = ["headline", "recipient__username"]
    date_hierarchy = "created_at"
