"""Desk pages for writing and reviewing one piece (namespace "desk", set in articles/desk/urls.py)."""

from django.urls import path

from articles.desk import (
    autosave,
    comment_threads,
    editing,
    fixing,
    guest_previews,
    picture_details,
    picture_search,
    preview,
    reviewing,
    revisions,
    suggesting,
)

urlpatterns = [
    path("articles/new/", editing.article_create, name="article-create"),
    path("articles/<int:pk>/edit/", editing.article_edit, name="article-edit"),
    path("articles/<int:pk>/", reviewing.article_review, name="article-review"),
    path("articles/<int:pk>/transition/", reviewing.article_transition, name="article-transition"),
    path("articles/<int:pk>/comment/", reviewing.article_comment, name="article-comment"),
    path("articles/<int:pk>/comments/", comment_threads.comment_thread, name="comment-thread"),
    path("articles/<int:pk>/comments/resolve/", comment_threads.comment_resolve, name="comment-resolve"),
    path("articles/<int:pk>/suggest/", suggesting.article_suggest, name="article-suggest"),
    path("articles/<int:pk>/suggestions/", suggesting.article_suggestions, name="article-suggestions"),
    path("articles/<int:pk>/history/", revisions.article_history, name="article-history"),
    path("articles/<int:pk>/diff/", revisions.article_diff, name="article-diff"),
    path("articles/<int:pk>/restore/", revisions.article_restore, name="article-restore"),
    path("articles/<int:pk>/autosave/", autosave.autosave, name="article-autosave"),
    path("articles/<int:pk>/autosave/discard/", autosave.autosave_discard, name="article-autosave-discard"),
    path("articles/<int:pk>/preview/", preview.article_preview, name="article-preview"),
    path("articles/new/preview/", preview.article_preview, name="article-preview-new"),
    path("articles/<int:pk>/lock/", editing.article_lock, name="article-lock"),
    path("articles/<int:pk>/preview-links/", guest_previews.link_create, name="preview-link-create"),
    path(
        "articles/<int:pk>/preview-links/<int:link_pk>/revoke/",
        guest_previews.link_revoke,
        name="preview-link-revoke",
    ),
    path("articles/<int:pk>/dismiss/", reviewing.finding_dismiss, name="finding-dismiss"),
    path("articles/<int:pk>/apply/", fixing.finding_apply, name="finding-apply"),
    path("articles/<int:pk>/dictionary/", fixing.dictionary_add, name="dictionary-add"),
    path("editor/images/metadata/", editing.image_metadata, name="editor-image-metadata"),
    path("editor/images/<int:pk>/details/", picture_details.picture_details, name="editor-picture-details"),
    path("editor/images/upload/", editing.image_upload, name="editor-image-upload"),
    path("editor/pictures/", picture_search.picture_search, name="picture-search"),
]
