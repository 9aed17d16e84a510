"""Helpers for the public-site tests: put pieces live and give images real files."""

from __future__ import annotations

import io

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage

from articles import generation
from articles.models import Article, Image, PublishedVersion
from articles.workflow import going_live
from articles.workflow.snapshots import build_version, snapshot_queryset
from tests import factories


def clear_site_caches() -> None:
    """Forget the masthead and the rendered pages (all in Django's cache), so a test sees only its own data."""
    cache.clear()


def go_live(article: Article, *, at=None, correction_note: str = "") -> PublishedVersion:
    """Store a live version of the article as it stands, through publication's own step (retiring the old one)."""
    article = snapshot_queryset().get(pk=article.pk)
    version = build_version(article, at=at, correction_note=correction_note)
    with transaction.atomic():
        going_live.put_live([version], now=version.published_at)
        generation.bump()
    return version


def jpeg(width: int = 1200, height: int = 800) -> ContentFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (120, 140, 160)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="harbour.jpg")


def image_with_file(**fields) -> Image:
    image = factories.ImageFactory.build(**fields)
    image.file.save("harbour.jpg", jpeg(), save=False)
    image.save()
    return image
