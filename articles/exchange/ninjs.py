"""Published versions as IPTC ninjs 3.1 (News in JSON), what apps, partners and aggregators take.

Used by the read API (`/api/v1/articles/<id>/ninjs`) and by `export_articles --format ninjs`.
It reads published versions only (their own fields and bylines/placements JSON, pictures'
credit and rights as frozen at approval) plus, in one query for any number of pieces, the
renditions of the pictures they show (the original, the crops and their widths, as the public site has them).
Tests validate the output against the official IPTC JSON Schema.

Identifiers: the item's `uri` is its address in the read API (stable across versions);
`version` is the published version's id, which grows with every publication.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from articles.media import rendition_sets
from articles.media.rendition_sets import RenditionSet
from articles.media.renditions import MIME
from articles.models import PublishedVersion

NINJS_VERSION = "3.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"

# Block ends that become paragraph breaks in the plain-text body.
_BLOCK_END = re.compile(r"</(p|h[1-6]|blockquote|li|figure|figcaption)>|<br\s*/?>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n+")


def absolute(path: str) -> str:
    """An absolute address on SITE_URL (media URLs that are already absolute stay as they are)."""
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


def timestamp(moment: datetime.datetime) -> str:
    """RFC 3339 in UTC, to the second: `2026-11-25T09:00:00Z`."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def item_uri(article_id: int) -> str:
    return absolute(reverse("api:article-detail", kwargs={"pk": article_id}))


def plain_text(body_html: str) -> str:
    """The rendered body as plain text: one blank line between blocks, entities decoded."""
    text = strip_tags(_BLOCK_END.sub("\n\n", body_html))
    return _BLANK_LINES.sub("\n\n", html.unescape(text)).strip()


def language() -> str:
    return getattr(settings, "NEWSROOM_SITE_LANGUAGE", "") or settings.LANGUAGE_CODE


def copyright_notice(piece: PublishedVersion) -> str:
    return settings.NEWSROOM_COPYRIGHT_NOTICE.format(
        year=piece.first_published_at.year, site=settings.NEWSROOM_SITE_NAME
    )


# The crops partners get, with the shape ninjs states (`aspectRatio`); the pictures in the text keep theirs.
RENDITION_CROPS = {"lead": "16:9", "teaser": "4:3", "square": "1:1", "social": "40:21", "inline": None}
RENDITION_FORMATS = ("jpeg", "webp")


def partner_audience(piece: PublishedVersion) -> str:
    """Partners get a still-embargoed piece's pictures under signed, expiring addresses; readers' otherwise."""
    embargoed = piece.embargoed_until is not None and piece.embargoed_until > timezone.now()
    return rendition_sets.PARTNER if embargoed else rendition_sets.PUBLIC


def for_piece(piece: PublishedVersion, found: RenditionSet | None) -> RenditionSet | None:
    """The picture's renditions as addressed to partners for this piece (signed while under embargo)."""
    return dataclasses.replace(found, audience=partner_audience(piece)) if found else None


def shared_picture(piece: PublishedVersion, placement: dict, found: RenditionSet | None) -> tuple[str, int, int]:
    """The one address the API lists for a placed picture: its crop at 1280 px (JPEG), with its size."""
    found = for_piece(piece, found)
    crop = "lead" if placement.get("role") == "lead" else "inline"
    rendition = found.best(crop, 1280) if found else None
    if rendition is None:
        return "", placement.get("width"), placement.get("height")
    return absolute(found.url(rendition)), rendition.width, rendition.height


def _renditions(placement: dict, found: RenditionSet | None) -> list[dict[str, Any]]:
    """Every width of each crop in JPEG and WebP, named like `lead-640.jpeg` (never the original).

    Only renditions already made are listed (the site and the desk make them when they first
    show a picture, `make_renditions` for the archive): encoding a picture's forty files would
    hold up a partner's request for seconds. They are those of the crop the version froze.
    """
    listed: list[dict[str, Any]] = []
    for crop, aspect_ratio in RENDITION_CROPS.items():
        for fmt in RENDITION_FORMATS:
            for rendition in found.by_crop.get(crop, {}).get(fmt, []) if found else []:
                entry: dict[str, Any] = {
                    "name": f"{crop}-{rendition.width}.{fmt}",
                    "href": absolute(found.url(rendition)),
                    "contentType": MIME[fmt],
                    "width": rendition.width,
                    "height": rendition.height,
                }
                if aspect_ratio:
                    entry["aspectRatio"] = aspect_ratio
                listed.append(entry)
    return listed


def _picture(piece: PublishedVersion, placement: dict, index: int, found: RenditionSet | None) -> dict[str, Any]:
    """One placed picture as a ninjs association, as the version froze it: caption, alt text, credit, rights."""
    picture: dict[str, Any] = {
        "name": "lead" if placement["role"] == "lead" else f"inline-{index}",
        "rel": placement["role"],
        "uri": f"{item_uri(piece.article_id)}#image-{placement['image_id']}",
        "type": "picture",
    }
    descriptions = [
        {"role": role, "contentType": "text/plain", "value": placement[key]}
        for role, key in (("caption", "caption"), ("alt", "alt_text"), ("creditline", "credit_line"))
        if placement.get(key)
    ]
    if descriptions:
        picture["descriptions"] = descriptions
    if placement.get("creator"):
        picture["by"] = placement["creator"]
    if notice := placement.get("copyright_notice") or placement.get("credit_line"):
        picture["copyrightNotice"] = notice
    if placement.get("usage_terms"):
        picture["usageTerms"] = placement["usage_terms"]
    sources = [{"name": placement["organisation"], "role": "originator"}] if placement.get("organisation") else []
    sources += [
        {"name": agency, "role": "distributor"}
        for agency in (placement.get("agencies") or "").split("/")
        if agency.strip()
    ]
    if sources:
        picture["infoSources"] = sources
    # Empty while the picture's file is missing: then there is nothing to link.
    if placement.get("url") and (listed := _renditions(placement, for_piece(piece, found))):
        picture["renditions"] = listed
    return picture


def ninjs_item(piece: PublishedVersion, pictures: Pictures | None = None) -> dict[str, Any]:
    """One published version as a ninjs 3.1 object. `pictures` (`pictures_for`) avoids queries per piece in a list."""
    if pictures is None:
        pictures = pictures_for([piece])
    url = absolute(piece.get_absolute_url())
    item: dict[str, Any] = {
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "uri": item_uri(piece.article_id),
        "type": "text",
        "representationType": "full",
        "version": str(piece.pk),
        "firstCreated": timestamp(piece.first_published_at),
        "versionCreated": timestamp(piece.published_at),
        "pubStatus": "usable",
        "language": language(),
        "headlines": [{"role": "main", "contentType": "text/plain", "value": piece.headline}],
        "slugline": piece.slug,
        "copyrightHolder": settings.NEWSROOM_SITE_NAME,
        "copyrightNotice": copyright_notice(piece),
        "usageTerms": settings.NEWSROOM_USAGE_TERMS.format(site=settings.NEWSROOM_SITE_NAME),
        "altIds": [{"role": "canonical-url", "value": url}, {"role": "article-id", "value": str(piece.article_id)}],
    }
    if piece.kicker:
        item["headlines"].append({"role": "kicker", "contentType": "text/plain", "value": piece.kicker})
    descriptions = []
    if piece.teaser:
        descriptions.append({"role": "summary", "contentType": "text/plain", "value": piece.teaser})
    if piece.correction_note:
        descriptions.append({"role": "correction", "contentType": "text/plain", "value": piece.correction_note})
    if descriptions:
        item["descriptions"] = descriptions
    text = plain_text(piece.body_html)
    item["bodies"] = [
        {"role": "main", "contentType": "text/html", "value": piece.body_html},
        {
            "role": "main",
            "contentType": "text/plain",
            "value": text,
            "charCount": len(text),
            "wordCount": len(text.split()),
        },
    ]
    if piece.bylines:
        item["by"] = ", ".join(byline["name"] for byline in piece.bylines)
        item["people"] = [
            {
                "name": byline["name"],
                "rel": "author",
                "uri": absolute(reverse("site:author", kwargs={"slug": byline["slug"]})),
                "literal": byline.get("sign_off") or byline["slug"],
            }
            for byline in piece.bylines
        ]
    if piece.dateline:
        item["located"] = piece.dateline
    item["subjects"] = [
        {
            "name": piece.section.name,
            "rel": "section",
            "literal": piece.section_slug,
            "uri": absolute(reverse("site:section", kwargs={"section": piece.section_slug})),
        }
    ]
    if piece.embargoed_until:
        item["embargoedUntil"] = timestamp(piece.embargoed_until)
    if piece.expire_at:
        item["expires"] = timestamp(piece.expire_at)
    associations = [
        _picture(piece, placement, index, pictures.renditions.get(placement["image_id"]))
        for index, placement in enumerate(piece.placements, start=1)
    ]
    if associations:
        item["associations"] = associations
    return item


class Pictures(NamedTuple):
    renditions: dict[int, RenditionSet]  # by image id; pictures without renditions are missing


def pictures_for(pieces: Iterable[PublishedVersion]) -> Pictures:
    """The renditions of the crops the pieces froze, in one query (none when no piece has a picture).

    Credit and rights come from the versions' own placements, frozen when they were approved.
    """
    pieces = list(pieces)
    ids = {placement["image_id"] for piece in pieces for placement in piece.placements}
    if not ids:
        return Pictures({})
    return Pictures(rendition_sets.existing_for_versions(piece.pk for piece in pieces))


def ninjs_items(pieces: Iterable[PublishedVersion]) -> list[dict[str, Any]]:
    """Many published versions as ninjs, in a fixed number of queries (sections must be selected)."""
    pieces = list(pieces)
    pictures = pictures_for(pieces)
    return [ninjs_item(piece, pictures) for piece in pieces]
