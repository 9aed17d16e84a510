"""Template helpers for placed pictures: their desk names ("Picture 1 · lead") and their renditions."""

from __future__ import annotations

from django import template

from articles.media.naming import picture_name as _picture_name
from articles.media.rendition_sets import Picture, RenditionSet

register = template.Library()

# `sizes` say how wide each picture is drawn (site.css), so the browser picks the smallest rendition
# that fills it; tests/browser/test_picture_sizes_browser.py measures them at 1280 and 390 px.
# The page is at most 72rem wide with 1rem padding: its content is min(100vw, 72rem) - 2rem.
# The article column is 40rem wide (--site-measure) with 1rem padding on small screens.
FIGURE_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
# Teaser cards: a grid of columns at least 17rem wide with 2rem gaps (1 column below 38rem, 2 below
# 57rem, then 3); on phones (36rem and less) the picture is a 6.5rem thumbnail beside the text.
TEASER_SIZES = (
    "(max-width: 36rem) 6.5rem, (max-width: 38rem) calc(100vw - 2rem), (max-width: 57rem) calc(50vw - 2rem), "
    "(max-width: 72rem) calc(33.33vw - 2rem), 22rem"
)
# The front page's top story: the full content width on phones, 3/5 of it (less a 1.5rem gap) from 48rem.
FEATURED_SIZES = "(min-width: 72rem) 41.1rem, (min-width: 48rem) calc(60vw - 2.1rem), calc(100vw - 2rem)"
SIZES = {"figure": FIGURE_SIZES, "teaser": TEASER_SIZES, "featured": FEATURED_SIZES}


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


@register.simple_tag
def picture_sizes(use: str) -> str:
    """The `sizes` of a picture drawn as `use` ("figure", "teaser", "featured"): see articles/site/pictures.py."""
    return SIZES[use]
