from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("articles.desk.urls")),
    path("api/v1/", include("articles.api.urls")),
    # The public site last: its section and article patterns are catch-alls.
    path("", include("articles.site.urls")),
]

# Not-found pages must never be cached (a piece published a moment later must show).
handler404 = "articles.site.views.page_not_found"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
