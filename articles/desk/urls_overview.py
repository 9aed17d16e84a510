"""The desk's overview pages (namespace "desk", included by articles/desk/urls.py)."""

from django.urls import path

from articles.desk import notices, picture_corrections, picture_files, pictures
from articles.desk import overview as desk

urlpatterns = [
    path("", desk.dashboard, name="dashboard"),
    path("articles/", desk.article_list, name="article-list"),
    path("calendar/", desk.calendar, name="calendar"),
    path("notifications/", notices.notices_page, name="notices"),
    path("images/", desk.image_list, name="image-list"),
    path("images/upload/", desk.image_upload, name="image-upload"),
    path("images/metadata/", desk.image_metadata, name="image-metadata"),
    path("images/<int:pk>/", desk.image_detail, name="image-detail"),
    path("images/<int:pk>/focal-point/", pictures.focal_point, name="image-focal-point"),
    path("images/<int:pk>/apply/", picture_corrections.image_apply, name="image-apply"),
    path("images/<int:pk>/original/", picture_files.original, name="image-original"),
    path("images/<int:pk>/renditions/<str:key>/<str:filename>", picture_files.rendition, name="image-rendition"),
    path("authors/", desk.author_list, name="author-list"),
    path("authors/new/", desk.author_edit, name="author-create"),
    path("authors/<int:pk>/", desk.author_edit, name="author-edit"),
]
