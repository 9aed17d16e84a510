from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import health
from articles.desk import guest_previews
from articles.media import serving

urlpatterns = [
    # Renditions only through the gate (public while a public version shows them); originals never here.
    path(
        f"{settings.MEDIA_URL.strip('/')}/renditions/<int:image_id>/<str:token>/<str:key>/<str:filename>",
        serving.rendition,
        name="rendition",
    ),
    # Partners poll the API: first, so resolving its addresses tries nothing else.
    path("api/v1/", include("articles.api.urls")),
    # For monitors: counts only, no content (200 healthy, 503 not).
    path("health/publishing/", health.publishing, name="health-publishing"),
    path("health/cache/", health.cache, name="health-cache"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("articles.desk.urls")),
    # Preview links for guests without an account (signed, expiring, revocable; never cached).
    path("preview/<str:token>/", guest_previews.guest_page, name="guest-preview"),
    path(
        "preview/<str:token>/pictures/<int:image_id>/<str:key>/<str:filename>",
        guest_previews.guest_picture,
        name="guest-preview-picture",
    ),
    # The public site last: its section and article patterns are catch-alls.
    path("", include("articles.site.urls")),
]

# Not-found pages must never be cached (a piece published a moment later must show).
handler404 = "articles.site.views.page_not_found"
