"""Template helpers for placed pictures: their desk names ("Picture 1 · lead") and their renditions."""

from __future__ import annotations

from django import template

from articles.media.naming import picture_name as _picture_name
from articles.media.renditions import Picture, RenditionSet

register = template.Library()


@register.filter
def picture_name(number: int, role: str) -> str:
    """`{{ forloop.counter|picture_name:placement.role }}`"""
    return _picture_name(int(number), role)


@register.simple_tag
def picture(
    pictures: dict[int, RenditionSet] | None, figure: dict | None, crop: str, width: int = 640
) -> Picture | None:
    """The crop's sources and fallback, or None (the template then shows no picture: never the original)."""
    if not pictures or not figure:
        return None
    found = pictures.get(figure.get("image_id"))
    return found.picture(crop, width) if found else None


@register.simple_tag
def rendition_url(pictures: dict[int, RenditionSet] | None, image_id: int | None, crop: str, width: int) -> str:
    found = (pictures or {}).get(image_id)
    return found.best_url(crop, width, "webp") or found.best_url(crop, width) if found else ""
