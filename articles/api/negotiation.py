"""Content negotiation with a shortcut for what nearly every partner sends."""

from __future__ import annotations

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

# No Accept header, or one that takes anything: DRF would pick the first renderer too.
ANY = frozenset({"", "*/*"})


class FirstRendererForAnyNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, minus its parsing when the client accepts anything (or exactly the first renderer's type).

    The answer is the one DRF gives for those headers; any other Accept header or a
    `?format=` goes through DRF's rules (and may still get 406).
    """

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        accept = request.META.get("HTTP_ACCEPT", "").strip()
        first = renderers[0] if renderers else None
        if (
            first is not None
            and not format_suffix
            and (accept in ANY or accept == first.media_type)
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
        ):
            return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)
