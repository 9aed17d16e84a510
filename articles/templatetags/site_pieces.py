"""Template filters that lay out a published piece (public page and desk preview alike)."""

from __future__ import annotations

from django import template

from articles.models import PublishedVersion
from articles.site import public

register = template.Library()


@register.filter
def body_blocks(piece: PublishedVersion) -> list[public.Block]:
    """The body's blocks with dateline, inline figures and sign-off in place."""
    return public.body_blocks(piece)


@register.filter
def lead_image(piece: PublishedVersion) -> dict | None:
    return public.lead_image(piece)


@register.filter
def teaser_image(piece: PublishedVersion) -> dict | None:
    return public.teaser_image(piece)
