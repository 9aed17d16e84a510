"""Our JSON for published versions, sections and authors. Reads only the version's own fields and JSON."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.exchange.ninjs import absolute, item_uri
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
    url = serializers.CharField(help_text="Absolute address of the picture; empty while its file is missing.")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt_text = serializers.CharField()
    caption = serializers.CharField()
    credit_line = serializers.CharField()
    is_archive = serializers.BooleanField()


PICTURE_KEYS = tuple(PictureSerializer().fields)


class ArticleSerializer(serializers.Serializer):
    """A live piece in a list: everything but the body."""

    id = serializers.IntegerField(source="article_id", help_text="The article's id, stable across versions.")
    version = serializers.IntegerField(source="pk", help_text="The published version; grows with every publication.")
    url = serializers.SerializerMethodField()
    ninjs_url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    kicker = serializers.CharField()
    headline = serializers.CharField()
    teaser = serializers.CharField()
    dateline = serializers.CharField()
    date = serializers.DateField()
    section = serializers.SerializerMethodField()
    bylines = BylineSerializer(many=True)
    pictures = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    embargoed_until = serializers.DateTimeField(
        allow_null=True, help_text="Set and in the future: do not show the piece to readers before this time."
    )
    expire_at = serializers.DateTimeField(allow_null=True)

    def get_url(self, piece: PublishedVersion) -> str:
        return item_uri(piece.article_id)

    def get_ninjs_url(self, piece: PublishedVersion) -> str:
        return absolute(reverse("api:article-ninjs", kwargs={"pk": piece.article_id}))

    def get_web_url(self, piece: PublishedVersion) -> str:
        return absolute(piece.get_absolute_url())

    @extend_schema_field({"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}})
    def get_section(self, piece: PublishedVersion) -> dict[str, str]:
        return {"slug": piece.section_slug, "name": piece.section.name}

    @extend_schema_field(PictureSerializer(many=True))
    def get_pictures(self, piece: PublishedVersion) -> list[dict[str, Any]]:
        return [
            {
                **{key: placement.get(key) for key in PICTURE_KEYS},
                "url": absolute(placement["url"]) if placement.get("url") else "",
            }
            for placement in piece.placements
        ]


class ArticleDetailSerializer(ArticleSerializer):
    """A live piece with its body (sanitised HTML) and correction note."""

    body_html = serializers.CharField()
    correction_note = serializers.CharField()
