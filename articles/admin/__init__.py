"""The Django admin for the newsroom: every model, and the workflow as admin actions.

The admin respects the workflow (STYLE.md rule 7): the state is read-only
everywhere, transitions are actions that call `articles.workflow.transitions.perform` one
article at a time, and an article save goes through `workflow.editing`, so a
save built on an older version is refused exactly as on the desk. List pages
select and prefetch what their columns show: five rows or five hundred cost the
same number of queries.

Each page lives in the module named for what it shows; importing them here registers
them all when Django's autodiscovery imports `articles.admin`.
"""

from __future__ import annotations

from articles.admin.articles import (
    ADMIN_TRANSITIONS,
    ArticleAdmin,
    ArticleAdminForm,
    ArticleListFilterByAuthor,
    BylineInline,
    PlacementInline,
    TransitionForm,
    WorkflowEventInline,
)
from articles.admin.common import PUBLISH_PERM, REVIEW_PERM, ReadOnlyAdminMixin
from articles.admin.dictionary import DictionaryWordAdmin
from articles.admin.newsroom import AuthorAdmin, DeskAdmin, SectionAdmin
from articles.admin.outbox import OutboxMessageAdmin, SchedulerRunAdmin
from articles.admin.partners import PartnerTokenAdmin
from articles.admin.pictures import ImageAdmin, ImagePlacementInline, MissingCreditFilter, RightsFilter
from articles.admin.piece_templates import PieceTemplateAdmin
from articles.admin.planning import AssignmentAdmin
from articles.admin.profiles import DeskProfileAdmin
from articles.admin.records import (
    EditLockAdmin,
    NoticeAdmin,
    PreviewLinkAdmin,
    PublishedVersionAdmin,
    ReviewCommentAdmin,
    RevisionAdmin,
    WorkflowEventAdmin,
)
from articles.admin.renditions import RenditionAdmin
from articles.admin.review_settings import CheckDismissalAdmin, CheckSettingAdmin, CheckSettingForm, StyleRuleAdmin
from articles.admin.suggestions import SuggestionAdmin

__all__ = [
    "ADMIN_TRANSITIONS",
    "PUBLISH_PERM",
    "REVIEW_PERM",
    "ArticleAdmin",
    "ArticleAdminForm",
    "ArticleListFilterByAuthor",
    "AssignmentAdmin",
    "AuthorAdmin",
    "BylineInline",
    "CheckDismissalAdmin",
    "CheckSettingAdmin",
    "CheckSettingForm",
    "DeskAdmin",
    "DeskProfileAdmin",
    "DictionaryWordAdmin",
    "EditLockAdmin",
    "ImageAdmin",
    "ImagePlacementInline",
    "MissingCreditFilter",
    "NoticeAdmin",
    "OutboxMessageAdmin",
    "PartnerTokenAdmin",
    "PieceTemplateAdmin",
    "PlacementInline",
    "PreviewLinkAdmin",
    "PublishedVersionAdmin",
    "ReadOnlyAdminMixin",
    "RenditionAdmin",
    "ReviewCommentAdmin",
    "RevisionAdmin",
    "RightsFilter",
    "SchedulerRunAdmin",
    "SectionAdmin",
    "StyleRuleAdmin",
    "SuggestionAdmin",
    "TransitionForm",
    "WorkflowEventAdmin",
    "WorkflowEventInline",
]
