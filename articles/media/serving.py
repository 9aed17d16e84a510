"""Serving pictures from local disk when no proxy does it (one host, `DEBUG` off, `SERVE_MEDIA` on).

Rendition names change whenever their content could change (new original, new focal point), so
they are cached for a year as immutable; originals get a short lifetime. With S3 the bucket serves
the files and this view is not routed.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from articles.media.renditions import RENDITIONS_PREFIX

YEAR = 365 * 24 * 3600
ORIGINAL_MAX_AGE = 3600


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """A file under MEDIA_ROOT (path traversal refused by Django's `serve`), with cache headers."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith(RENDITIONS_PREFIX):
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=ORIGINAL_MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response
