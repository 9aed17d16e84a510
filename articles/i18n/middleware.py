"""Activates the language of each request: the user's or the browser's on the desk, the site's elsewhere."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from articles.i18n.languages import is_desk_path, request_language


class LanguageMiddleware:
    """Replaces Django's LocaleMiddleware; must come after AuthenticationMiddleware (it reads the user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if is_desk_path(request.path_info):
            # Only desk pages depend on the browser's language; public pages are the same for every
            # reader, so a CDN keeps one copy of each.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
