"""Test pictures: plain JPEGs for pages that only need a file, photo-like ones (gradients, shapes and grain)
where encoders should work as hard as on a photograph."""

from __future__ import annotations

import io
from functools import cache

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Image
from tests import factories


@cache
def photo_jpeg(width: int = 1600, height: int = 1200, quality: int = 88) -> bytes:
    """A JPEG that compresses like a photograph (same bytes for the same size, made once per run)."""
    red = PILImage.linear_gradient("L").resize((width, height))
    green = PILImage.linear_gradient("L").rotate(90).resize((width, height))
    blue = PILImage.radial_gradient("L").resize((width, height))
    picture = PILImage.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(picture)
    step = max(width // 12, 1)
    for i in range(12):
        draw.ellipse(
            (i * step, height // 10 + i * height // 24, i * step + 2 * step, height // 3 + i * height // 20),
            fill=(40 + i * 15, 200 - i * 10, 90 + i * 8),
        )
    grain = PILImage.effect_noise((width, height), 40).convert("RGB")
    picture = PILImage.blend(picture, grain, 0.18)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def image_with_photo(width: int = 1600, height: int = 1200, name: str = "harbour.jpg", **fields) -> Image:
    """A saved Image whose original is a real photo-like JPEG in the default storage."""
    image = factories.ImageFactory.build(**fields)
    image.file.save(name, ContentFile(photo_jpeg(width, height)), save=False)
    image.save()
    return image


def jpeg(width: int = 1200, height: int = 800) -> ContentFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (120, 140, 160)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="harbour.jpg")


def image_with_file(**fields) -> Image:
    """A saved Image whose original is a small plain JPEG in the default storage."""
    image = factories.ImageFactory.build(**fields)
    image.file.save("harbour.jpg", jpeg(), save=False)
    image.save()
    return image
