"""The production URLs plus one trivial view, for bench_article_page.py only (never in newsroom.urls)."""

import os

from django.http import HttpRequest, HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as production_urlpatterns

BODY = b"x" * int(os.environ.get("BENCH_TRIVIAL_BYTES", "1000"))


def trivial(request: HttpRequest) -> HttpResponse:
    """The floor: as many bytes as the article page, through the same middleware, no work."""
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


# Before the production patterns: the site's catch-alls would otherwise take the address.
urlpatterns = [path("bench-trivial/", trivial), *production_urlpatterns]
