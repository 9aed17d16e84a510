"""ETag, Last-Modified and 304 for API responses, so partners can poll cheaply."""

from __future__ import annotations

import datetime
import hashlib

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from rest_framework.request import Request
from rest_framework.response import Response


class ConditionalMixin:
    """Validators on every successful GET: an ETag digesting the body, Last-Modified from `self.last_modified`.

    The digest covers exactly the bytes sent, so a withdrawn, updated or newly
    released piece always changes it; a matching If-None-Match (or an unchanged
    If-Modified-Since) answers 304 without a body. Answers depend on the token,
    so they are private to the partner's cache.
    """

    last_modified: datetime.datetime | None = None

    def finalize_response(self, request: Request, response: Response, *args, **kwargs) -> HttpResponse:
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization"])
        patch_cache_control(response, private=True, no_cache=True)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        etag = response.get("ETag") or content_etag(response.content)  # a kept answer brings its own
        stamp = int(self.last_modified.timestamp()) if self.last_modified else None
        response["ETag"] = etag
        if stamp is not None:
            response["Last-Modified"] = http_date(stamp)
        not_modified = get_conditional_response(request, etag=etag, last_modified=stamp, response=response)
        return not_modified if not_modified is not None else response


def content_etag(content: bytes) -> str:
    """A strong ETag digesting exactly these bytes."""
    return quote_etag(hashlib.blake2b(content, digest_size=12).hexdigest())
