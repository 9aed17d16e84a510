"""Desk pages show unpublished work: no shared cache or browser history may keep them."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class DeskNeverCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and "desk" in match.namespaces:
            add_never_cache_headers(response)  # private, no-cache, no-store, must-revalidate
        return response
