"""Which renditions a public page shows: `<picture>` sets for figures and teasers, social and search images.

Pages look their pictures up once (`pictures_for`, one query for all the pieces on a page) and pass
the result to the templates as `pictures`; the `{% picture %}` tag then picks a crop per figure.
Original files are never sent to readers; the renditions are those of the crop each version froze
when it was published (`PublishedPicture.source_key`), under the gate's keyed addresses.
"""

from __future__ import annotations

from collections.abc import Iterable

from articles.media import rendition_sets
from articles.media.rendition_sets import RenditionSet
from articles.models import PublishedVersion

# The crops search engines ask for, with their size at 1200 px wide.
SCHEMA_CROPS = {"schema-16x9": (1200, 675), "schema-4x3": (1200, 900), "schema-1x1": (1200, 1200)}


def image_ids(pieces: Iterable[PublishedVersion]) -> set[int]:
    return {placement.get("image_id") for piece in pieces for placement in piece.placements or []} - {None}


def pictures_for(pieces: Iterable[PublishedVersion]) -> dict[int, RenditionSet]:
    """Renditions of the frozen crop of every picture placed in these pieces (one query; first use makes them)."""
    return rendition_sets.for_versions(pieces)


def _lead(piece: PublishedVersion) -> dict | None:
    placements = [placement for placement in piece.placements or [] if placement.get("image_id")]
    return next((p for p in placements if p.get("role") == "lead"), placements[0] if placements else None)


def social_image(piece: PublishedVersion, pictures: dict[int, RenditionSet]) -> str:
    """The 1200 x 630 crop of the lead picture for Open Graph, or ""."""
    lead = _lead(piece)
    found = pictures.get(lead["image_id"]) if lead else None
    return found.best_url("social", 1200) if found else ""


def schema_images(piece: PublishedVersion, pictures: dict[int, RenditionSet]) -> list[dict]:
    """The lead picture at 1200 px in 16:9, 4:3 and 1:1, as search engines ask for: the lead's placement
    data (caption, credit) with each crop's address and size."""
    lead = _lead(piece)
    found = pictures.get(lead["image_id"]) if lead else None
    if not found:
        return []
    return [
        {**lead, "url": url, "width": width, "height": height}
        for crop, (width, height) in SCHEMA_CROPS.items()
        if (url := found.best_url(crop, 1200))
    ]
