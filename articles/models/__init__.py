"""The newsroom's data: sections, authors, articles, images and what readers see.

The working copy (`Article`) and what readers see (`PublishedVersion`) are kept
apart: the public site reads only published versions, so a live piece can be
corrected through review while readers keep the version that was approved.

One module per aggregate: `newsroom` (sections, authors), `article` (the working
copy and its bylines), `media` (images and placements), `publishing` (published
versions, workflow events, edit locks), `published_bylines` and `published_pictures` (the
authors and pictures a published version shows), `review` (comments, checks, style rules) and `outbox`
(workflow mails waiting to be sent), `scheduler` (the runs of publish_scheduled) `planning`
(assignments) and `piece_templates` (how recurring kinds of pieces start).
Everything is re-exported here, so `from articles.models import Article` keeps working.
"""

from __future__ import annotations

from articles.models.article import Article, ArticleQuerySet, Byline
from articles.models.autosave import Autosave
from articles.models.generation import PublicationGeneration
from articles.models.media import Image, ImageQuerySet, Placement, image_upload_to
from articles.models.newsroom import Author, Desk, Section
from articles.models.notices import Notice
from articles.models.outbox import OutboxMessage, OutboxMessageQuerySet
from articles.models.partners import PartnerToken
from articles.models.piece_templates import PieceTemplate, PieceTemplateQuerySet
from articles.models.planning import Assignment, AssignmentQuerySet, AssignmentState
from articles.models.previews import PreviewLink, PreviewLinkQuerySet
from articles.models.profile import DeskProfile
from articles.models.published_bylines import PublishedByline
from articles.models.published_pictures import PublishedPicture, PublishedPictureQuerySet
from articles.models.publishing import EditLock, PublishedVersion, PublishedVersionQuerySet, WorkflowEvent
from articles.models.receipts import SaveReceipt
from articles.models.renditions import Rendition
from articles.models.review import CheckDismissal, CheckSetting, ReviewComment, StyleRule
from articles.models.revisions import Revision
from articles.models.scheduler import SchedulerRun, SchedulerRunQuerySet
from articles.models.search import SearchDocument
from articles.models.spelling import DictionaryWord
from articles.models.states import State
from articles.models.suggestions import Suggestion, SuggestionQuerySet

# django-simple-history attaches the historical model to the module that defines `Article` and,
# for a models package, names the app package as its module. Keep it where it lived before the
# split, so `articles.models.HistoricalArticle` resolves (the shell's auto-import relies on it).
HistoricalArticle = Article.history.model
HistoricalArticle.__module__ = __name__
HistoricalImage = Image.history.model
HistoricalImage.__module__ = __name__
HistoricalAssignment = Assignment.history.model
HistoricalAssignment.__module__ = __name__
HistoricalPieceTemplate = PieceTemplate.history.model
HistoricalPieceTemplate.__module__ = __name__

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Assignment",
    "AssignmentQuerySet",
    "AssignmentState",
    "Author",
    "Autosave",
    "Byline",
    "CheckDismissal",
    "CheckSetting",
    "Desk",
    "DeskProfile",
    "DictionaryWord",
    "EditLock",
    "HistoricalArticle",
    "HistoricalAssignment",
    "HistoricalImage",
    "HistoricalPieceTemplate",
    "Image",
    "ImageQuerySet",
    "Notice",
    "OutboxMessage",
    "OutboxMessageQuerySet",
    "PartnerToken",
    "PieceTemplate",
    "PieceTemplateQuerySet",
    "Placement",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "PublicationGeneration",
    "PublishedByline",
    "PublishedPicture",
    "PublishedPictureQuerySet",
    "PublishedVersion",
    "PublishedVersionQuerySet",
    "Rendition",
    "ReviewComment",
    "Revision",
    "SaveReceipt",
    "SchedulerRun",
    "SchedulerRunQuerySet",
    "SearchDocument",
    "Section",
    "State",
    "StyleRule",
    "Suggestion",
    "SuggestionQuerySet",
    "WorkflowEvent",
    "image_upload_to",
]
