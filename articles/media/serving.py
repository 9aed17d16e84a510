"""Handing out picture files: the readers' gate for renditions, and the file responses the desk uses.

`/media/renditions/<image>/<token>/<source key>/<file>` answers only while a public version shows
that crop (`articles/media/gate.py`); then with a year's `immutable` caching (names never change
content), else 404, or 410 once it was public and no longer is, with `private, no-store`. A partner's
signed address (`?signature=`) also opens it while the piece is live but embargoed. Originals have
no public address at all (`desk:image-original`).

The bytes come from the app, or from a proxy told by a header (`NEWSROOM_SENDFILE`:
`x-accel-redirect` for nginx, `x-sendfile` for Apache/lighttpd); on S3 the answer is a redirect
to an address signed for five minutes (`storage.SIGNED_URL_SECONDS`).
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.media import gate

YEAR = 365 * 24 * 3600
# What a proxy's internal location is called for each storage (docs/pictures.md shows nginx's).
INTERNAL_PREFIX = {"renditions": "/_protected/media/", "default": "/_protected/private/"}
# A redirect to a signed S3 address may be reused a little, never past the signature's life.
REDIRECT_MAX_AGE = 60
FILENAME = re.compile(r"[a-z0-9-]+-\d+x\d+\.(?:avif|webp|jpg)")
SOURCE_KEY = re.compile(r"[0-9a-f]{1,20}")


class Gone(Exception):
    """The file was public once and no longer is."""


def file_response(request: HttpRequest, alias: str, name: str) -> HttpResponse:
    """The stored file `name` of storage `alias`: its bytes, a proxy's header, or a signed redirect."""
    storage: Storage = storages[alias]
    if not isinstance(storage, FileSystemStorage):
        return HttpResponseRedirect(storage.url(name))
    path = Path(storage.path(name))  # refuses names outside the storage's folder
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    sendfile = settings.NEWSROOM_SENDFILE
    if sendfile in {"x-accel-redirect", "x-sendfile"}:
        response = HttpResponse(content_type=content_type)
        if sendfile == "x-accel-redirect":
            response["X-Accel-Redirect"] = INTERNAL_PREFIX[alias] + quote(name)
        else:
            response["X-Sendfile"] = str(path)
        return response
    try:
        return FileResponse(path.open("rb"), content_type=content_type)
    except OSError as error:
        raise Http404 from error


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def rendition(request: HttpRequest, image_id: int, token: str, key: str, filename: str) -> HttpResponse:
    """A rendition for readers (while public) or partners (signed, while live): one query or a cache hit."""
    if not (SOURCE_KEY.fullmatch(key) and FILENAME.fullmatch(filename) and gate.token_matches(image_id, key, token)):
        return private(HttpResponse(status=404))
    answer = gate.answer(image_id, key)
    signature = request.GET.get("signature")
    partner = bool(signature) and answer.live and gate.partner_signature_valid(request.path, signature)
    if not (answer.public or partner):
        return private(HttpResponse(status=410 if answer.ever and not answer.live else 404))
    name = f"{gate.RENDITIONS_PREFIX}{image_id}/{key}/{filename}"
    try:
        response = file_response(request, "renditions", name)
    except Http404:
        return private(HttpResponse(status=404))
    if isinstance(response, HttpResponseRedirect):
        patch_cache_control(response, private=partner, public=not partner, max_age=REDIRECT_MAX_AGE)
    elif answer.public and not partner:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:  # a partner's early copy: not for shared caches, not past the embargo's check
        patch_cache_control(response, private=True, max_age=REDIRECT_MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response
