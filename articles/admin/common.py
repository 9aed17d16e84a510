"""What several admin pages share: the workflow permissions and the read-only record mixin."""

from __future__ import annotations

from django.http import HttpRequest

REVIEW_PERM = "articles.review_article"
PUBLISH_PERM = "articles.publish_article"


class ReadOnlyAdminMixin:
    """Records nobody edits by hand: what was published, what happened."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
