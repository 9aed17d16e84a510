"""ETag, Last-Modified and 304 for API responses, so partners can poll cheaply."""

from __future__ import annotations

import datetime
import functools
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
        # Partners poll: the usual case (neither header set yet) writes constants instead of parsing.
        if response.has_header("Vary"):
            patch_vary_headers(response, ["Authorization"])
        else:
            response["Vary"] = "Authorization"
        if response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            response["Cache-Control"] = _private_no_cache()
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        etag = response.get("ETag") or content_etag(response.content)  # a reused page brings its own
        stamp = int(self.last_modified.timestamp()) if self.last_modified else None
        response["ETag"] = etag
        if stamp is not None:
            response["Last-Modified"] = _http_date(stamp)
        if not any(name in request.META for name in VALIDATOR_HEADERS):
            return response  # nothing to compare: `get_conditional_response` would hand it back as it is
        not_modified = get_conditional_response(request, etag=etag, last_modified=stamp, response=response)
        return not_modified if not_modified is not None else response


VALIDATOR_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


@functools.cache
def _private_no_cache() -> str:
    """What `patch_cache_control(private=True, no_cache=True)` writes on a response without the header."""
    response = HttpResponse()
    patch_cache_control(response, private=True, no_cache=True)
    return response["Cache-Control"]


@functools.lru_cache(maxsize=256)
def _http_date(stamp: int) -> str:
    return http_date(stamp)


def content_etag(content: bytes) -> str:
    """A strong ETag digesting exactly these bytes."""
    return quote_etag(hashlib.blake2b(content, digest_size=12).hexdigest())
