"""API answers kept rendered in Django's cache (`articles.public_cache`): partners poll.

The key is the request's absolute address (a page's `next` link repeats scheme and host) and
media type, under the publication generation. No answer depends on which partner asks (every
token sees the same live set), so the token is not part of the key; authentication and the
rate limit still run on every request. An answer is kept no longer than the first expiry in
what partners see (embargoes do not change the API's answers: partners see embargoed pieces).
"""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.utils import timezone
from rest_framework.request import Request

from articles import public_cache
from articles.api import selectors
from articles.api.conditional import content_etag


class CachedAnswerMixin:
    """GET answers from the cache when the generation and the address match; else rendered and kept."""

    def valid_until(self, now: datetime.datetime) -> datetime.datetime | None:
        """The first time boundary the answer does not show yet: the live set's next expiry."""
        return selectors.next_expiry(now)

    def get(self, request: Request, *args, **kwargs) -> HttpResponse:
        key = public_cache.key("api", request.build_absolute_uri(), request.accepted_media_type)
        if (entry := public_cache.get(key)) is not None:
            self.last_modified = entry.last_modified
            response = HttpResponse(entry.content, content_type=entry.content_type)
            response["ETag"] = entry.etag  # ConditionalMixin answers 304 with it
            return response
        now = timezone.now()
        response = super().get(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        # Rendered here rather than by DRF after the view, so the bytes can be kept.
        response.accepted_renderer = request.accepted_renderer
        response.accepted_media_type = request.accepted_media_type
        response.renderer_context = self.get_renderer_context()
        content = response.render().content
        entry = public_cache.Entry(
            content, content_etag(content), self.last_modified, self.valid_until(now), response["Content-Type"]
        )
        public_cache.put(key, entry)
        return response
