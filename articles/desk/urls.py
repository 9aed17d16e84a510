"""The editors' desk under /desk/: overview pages and the editing pages, one namespace."""

from django.urls import include, path

from articles.desk import profile

app_name = "desk"

urlpatterns = [
    path("", include("articles.desk.urls_overview")),
    path("", include("articles.desk.urls_editing")),
    path("profile/", profile.desk_profile, name="profile"),
]
