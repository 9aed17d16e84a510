"""Only the public site, for running the site tests while the desk is mid-change."""

from django.urls import include, path

urlpatterns = [path("", include("articles.urls_site"))]
