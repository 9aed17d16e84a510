import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path

from articles.media import serving
from articles.media.storage import uses_object_storage

urlpatterns = [
    # Partners poll the API: first, so resolving its addresses tries nothing else.
    path("api/v1/", include("articles.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("articles.desk.urls")),
    # The public site last: its section and article patterns are catch-alls.
    path("", include("articles.site.urls")),
]

# Not-found pages must never be cached (a piece published a moment later must show).
handler404 = "articles.site.views.page_not_found"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA and not uses_object_storage(settings.STORAGES):
    # One host without a proxy serving /media/: the app does it, renditions cached as immutable.
    urlpatterns.insert(0, re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serving.media))
