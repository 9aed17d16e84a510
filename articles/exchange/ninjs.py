"""Published versions as IPTC ninjs 3.1 (News in JSON), what apps, partners and aggregators take.

Used by the read API (`/api/v1/articles/<id>/ninjs`) and by `export_articles --format ninjs`.
It reads published versions only (their own fields and bylines/placements JSON) plus, in
one query for any number of pieces, the credit and rights of the pictures they show.
Tests validate the output against the official IPTC JSON Schema.

Identifiers: the item's `uri` is its address in the read API (stable across versions);
`version` is the published version's id, which grows with every publication.
"""

from __future__ import annotations

import datetime
import html
import mimetypes
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Image, PublishedVersion

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


def _rendition(placement: dict) -> dict[str, Any]:
    rendition: dict[str, Any] = {"name": "original", "href": absolute(placement["url"])}
    content_type = mimetypes.guess_type(placement["url"])[0]
    if content_type:
        rendition["contentType"] = content_type
    if placement.get("width"):
        rendition["width"] = placement["width"]
    if placement.get("height"):
        rendition["height"] = placement["height"]
    return rendition


def _picture(piece: PublishedVersion, placement: dict, index: int, image: Image | None) -> dict[str, Any]:
    """One placed picture as a ninjs association: caption, alt text, credit, rights, renditions."""
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
    if image is not None:
        if image.creator:
            picture["by"] = image.creator
        picture["copyrightNotice"] = image.copyright_notice or placement.get("credit_line", "")
        if image.usage_terms:
            picture["usageTerms"] = image.usage_terms
        sources = [{"name": image.organisation, "role": "originator"}] if image.organisation else []
        sources += [{"name": agency, "role": "distributor"} for agency in image.agencies.split("/") if agency.strip()]
        if sources:
            picture["infoSources"] = sources
    elif placement.get("credit_line"):
        picture["copyrightNotice"] = placement["credit_line"]
    if not picture.get("copyrightNotice"):
        picture.pop("copyrightNotice", None)
    if placement.get("url"):
        picture["renditions"] = [_rendition(placement)]
    return picture


def ninjs_item(piece: PublishedVersion, images: dict[int, Image] | None = None) -> dict[str, Any]:
    """One published version as a ninjs 3.1 object. `images` (by id) avoids a query per piece in a list."""
    if images is None:
        images = pictures_for([piece])
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
    pictures = [
        _picture(piece, placement, index, images.get(placement["image_id"]))
        for index, placement in enumerate(piece.placements, start=1)
    ]
    if pictures:
        item["associations"] = pictures
    return item


def pictures_for(pieces: Iterable[PublishedVersion]) -> dict[int, Image]:
    """The images the pieces show, by id, in one query (none when no piece has a picture)."""
    ids = {placement["image_id"] for piece in pieces for placement in piece.placements}
    return Image.objects.in_bulk(ids) if ids else {}


def ninjs_items(pieces: Iterable[PublishedVersion]) -> list[dict[str, Any]]:
    """Many published versions as ninjs, in a fixed number of queries (sections must be selected)."""
    pieces = list(pieces)
    images = pictures_for(pieces)
    return [ninjs_item(piece, images) for piece in pieces]
