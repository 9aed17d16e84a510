"""The desk's picture files: originals and every rendition (published or not), for `view_image` only.

Readers never reach these: originals have no public address, and a rendition is public only
through the gate (`articles/media/serving.py`) while a public version shows it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.media import serving
from articles.media.renditions import RENDITIONS_PREFIX
from articles.models import Image, Rendition


def _private(response: HttpResponse) -> HttpResponse:
    # Desk users' browsers may keep a file a while; shared caches never.
    patch_cache_control(response, private=True, max_age=serving.REDIRECT_MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@permission_required("articles.view_image", raise_exception=True)
@require_safe
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded original (bytes, a proxy's header, or a signed S3 address valid five minutes)."""
    image = get_object_or_404(Image.objects.only("pk", "file"), pk=pk)
    if not image.file:
        raise Http404
    response = serving.file_response(request, "default", image.file.name)
    response["Content-Disposition"] = "inline"
    return _private(response)


@login_required
@permission_required("articles.view_image", raise_exception=True)
@require_safe
def rendition(request: HttpRequest, pk: int, key: str, filename: str) -> HttpResponse:
    """Any rendition of a picture, published or not (the editor, review and library pages show them)."""
    name = f"{RENDITIONS_PREFIX}{pk}/{key}/{filename}"
    get_object_or_404(Rendition.objects.only("pk"), image_id=pk, file=name)
    return _private(serving.file_response(request, "renditions", name))
