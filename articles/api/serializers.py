"""Our JSON for published versions, sections and authors. Reads only the version's own fields and JSON."""

from __future__ import annotations

import datetime
import functools
from typing import Any, NamedTuple

from django.urls import get_script_prefix, reverse
from rest_framework import serializers

from articles.exchange import ninjs
from articles.exchange.ninjs import absolute, item_uri, timestamp
from articles.models import Author, PublishedVersion, Section


class SectionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["slug", "name", "parent", "description", "web_url"]

    def get_web_url(self, section: Section) -> str:
        return absolute(section.get_absolute_url())


class AuthorSerializer(serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Author
        fields = ["slug", "name", "sign_off", "bio", "web_url"]

    def get_web_url(self, author: Author) -> str:
        return absolute(author.get_absolute_url())


class BylineSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    sign_off = serializers.CharField()


class PictureSerializer(serializers.Serializer):
    role = serializers.CharField()
    position = serializers.IntegerField()
    url = serializers.CharField(
        help_text="Absolute address of the picture's crop at 1280 px (a rendition, never the original); signed and"
        " expiring while the piece is under embargo; empty while it has no renditions."
    )
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt_text = serializers.CharField()
    caption = serializers.CharField()
    credit_line = serializers.CharField()
    is_archive = serializers.BooleanField()


PICTURE_KEYS = tuple(PictureSerializer().fields)


class SectionRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ArticleSerializer(serializers.Serializer):
    """A live piece in a list: everything but the body."""

    id = serializers.IntegerField(source="article_id", help_text="The article's id, stable across versions.")
    version = serializers.IntegerField(source="pk", help_text="The published version; grows with every publication.")
    url = serializers.URLField(help_text="This piece in the API; also its ninjs `uri`.")
    ninjs_url = serializers.URLField(help_text="This piece as IPTC ninjs 3.1.")
    web_url = serializers.URLField(help_text="The piece on the public site (once any embargo has passed).")
    kicker = serializers.CharField()
    headline = serializers.CharField()
    teaser = serializers.CharField()
    dateline = serializers.CharField()
    date = serializers.DateField()
    section = SectionRefSerializer()
    bylines = BylineSerializer(many=True)
    pictures = PictureSerializer(many=True)
    first_published_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    embargoed_until = serializers.DateTimeField(
        allow_null=True, help_text="Set and in the future: do not show the piece to readers before this time."
    )
    expire_at = serializers.DateTimeField(allow_null=True)

    # The declared fields above document the output (OpenAPI); `to_representation` builds it
    # directly, because DRF's field-by-field machinery costs more than the whole request
    # should (see bench/bench_api.py). Addresses come from templates reversed once.

    def picture(self, piece: PublishedVersion, placement: dict) -> dict[str, Any]:
        """A placed picture with the address of its frozen crop (the list view passes `pictures` for all pieces)."""
        found = self.context.get("pictures")
        if found is None:
            found = ninjs.pictures_for([piece]).renditions
        url, width, height = ninjs.shared_picture(piece, placement, found.get(placement.get("image_id")))
        return {**{key: placement.get(key) for key in PICTURE_KEYS}, "url": url, "width": width, "height": height}

    def to_representation(self, piece: PublishedVersion) -> dict[str, Any]:
        urls = _url_templates(get_script_prefix())
        article_id = str(piece.article_id)
        return {
            "id": piece.article_id,
            "version": piece.pk,
            "url": urls.api.replace(PLACEHOLDER_ID, article_id),
            "ninjs_url": urls.ninjs.replace(PLACEHOLDER_ID, article_id),
            "web_url": urls.web.replace(PLACEHOLDER_SECTION, piece.section_slug).replace(PLACEHOLDER_SLUG, piece.slug),
            "kicker": piece.kicker,
            "headline": piece.headline,
            "teaser": piece.teaser,
            "dateline": piece.dateline,
            "date": piece.date.isoformat(),
            "section": {"slug": piece.section_slug, "name": piece.section.name},
            "bylines": [
                {"name": byline["name"], "slug": byline["slug"], "sign_off": byline.get("sign_off", "")}
                for byline in piece.bylines
            ],
            "pictures": [self.picture(piece, placement) for placement in piece.placements],
            "first_published_at": _time(piece.first_published_at),
            "published_at": _time(piece.published_at),
            "updated_at": _time(piece.updated_at),
            "embargoed_until": _time(piece.embargoed_until),
            "expire_at": _time(piece.expire_at),
        }


PLACEHOLDER_ID = "987654321"
PLACEHOLDER_SECTION = "section-placeholder-0"
PLACEHOLDER_SLUG = "slug-placeholder-0"


class _UrlTemplates(NamedTuple):
    api: str
    ninjs: str
    web: str


@functools.lru_cache(maxsize=8)
def _url_templates(script_prefix: str) -> _UrlTemplates:
    """Absolute addresses with placeholders, reversed once per script prefix."""
    return _UrlTemplates(
        api=item_uri(int(PLACEHOLDER_ID)),
        ninjs=absolute(reverse("api:article-ninjs", kwargs={"pk": int(PLACEHOLDER_ID)})),
        web=absolute(reverse("site:article", kwargs={"section": PLACEHOLDER_SECTION, "slug": PLACEHOLDER_SLUG})),
    )


def _time(moment: datetime.datetime | None) -> str | None:
    """ISO 8601 in UTC (`…Z`), or None."""
    return timestamp(moment) if moment is not None else None


class ArticleDetailSerializer(ArticleSerializer):
    """A live piece with its body (sanitised HTML) and correction note."""

    body_html = serializers.CharField()
    correction_note = serializers.CharField()

    def to_representation(self, piece: PublishedVersion) -> dict[str, Any]:
        return {
            **super().to_representation(piece),
            "body_html": piece.body_html,
            "correction_note": piece.correction_note,
        }
