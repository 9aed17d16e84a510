"""Renditions: what readers get instead of the original — sized, cropped around the focal point, re-encoded.

Public API (looking renditions up for a page, with their addresses: `rendition_sets.py`):

- `ensure(image) -> list[Rendition]` — every rendition of the picture, made once. Safe when two
  requests or processes ask at once: the image row is locked while the files are made, names are
  deterministic and the renditions storage overwrites, so there is one row and one file per spec.
- `replace(image) -> list[Rendition]` — after the original or the focal point changed: new files
  (under new names) come; old ones go unless a live version froze that crop (`PublishedPicture.source_key`).
- `kept_keys(image_id)` — the crops live versions froze, whose files stay.
- `crop_box(...)` — the crop around a focal point (pure; shared with the desk's previews).

Why Pillow directly: see docs/pictures.md. One decode of the original (JPEG draft mode
decodes a 24-megapixel file at the size we need), each crop cut once, each width resized from
the next larger one, so a 24-megapixel upload costs about one decode plus the encodes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

from articles.models import Image, PublishedPicture, Rendition

logger = logging.getLogger(__name__)

RENDITIONS_PREFIX = "renditions/"
# Bump when the encoder settings change: every rendition gets a new name and is made again.
RECIPE = "1"

MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSION = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
SAVE_OPTIONS = {
    "jpeg": {"format": "JPEG", "quality": 80, "optimize": True, "progressive": True},
    # method 2 and speed 9: about a third of the default encoding time for a few per cent more bytes.
    "webp": {"format": "WEBP", "quality": 75, "method": 2},
    "avif": {"format": "AVIF", "quality": 55, "speed": 9},
}
AVIF_MAX_WIDTH = 1600
ENCODE_THREADS = min(4, os.cpu_count() or 1)
AVIF = ("avif",) if features.check("avif") else ()


@dataclass(frozen=True)
class Crop:
    """One use of a picture: its shape (width / height; None keeps the original's) and sizes."""

    name: str
    ratio: float | None
    widths: tuple[int, ...]
    formats: tuple[str, ...]


CROPS: dict[str, Crop] = {
    crop.name: crop
    for crop in (
        # The lead picture above a piece: wide, in every width a screen may ask for.
        Crop("lead", 16 / 9, (320, 480, 640, 960, 1280, 1600, 2048), (*AVIF, "webp", "jpeg")),
        # Pictures in the text keep their shape.
        Crop("inline", None, (320, 480, 640, 960, 1280, 1600), ("webp", "jpeg")),
        Crop("teaser", 4 / 3, (320, 480, 640, 960), ("webp", "jpeg")),
        Crop("square", 1.0, (160, 320, 640), ("webp", "jpeg")),
        # Social cards (Open Graph) and search engines (JSON-LD) want 1200-px JPEGs.
        Crop("social", 1200 / 630, (1200,), ("jpeg",)),
        Crop("schema-16x9", 16 / 9, (1200,), ("jpeg",)),
        Crop("schema-4x3", 4 / 3, (1200,), ("jpeg",)),
        Crop("schema-1x1", 1.0, (1200,), ("jpeg",)),
    )
}
LARGEST_WIDTH = max(width for crop in CROPS.values() for width in crop.widths)
# The widest square (1:1) rendition: the working picture must stay at least this tall.
LARGEST_SQUARE = max(width for crop in CROPS.values() if crop.ratio == 1.0 for width in crop.widths)


def renditions_storage() -> Storage:
    return storages["renditions"]


def source_key(image: Image) -> str:
    """Names the original and focal point renditions are made from: any change gives new file names."""
    return source_key_for(image, image.focal_x, image.focal_y)


def source_key_for(image: Image, focal_x: float, focal_y: float) -> str:
    """The source key of this picture's original cut around another focal point."""
    text = f"{image.file.name}|{focal_x:.4f}|{focal_y:.4f}|{RECIPE}"
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def crop_box(width: int, height: int, ratio: float | None, focal_x: float, focal_y: float) -> tuple[int, ...]:
    """The largest box of this shape inside the picture, centred on the focal point as far as the edges allow."""
    if ratio is None:
        return (0, 0, width, height)
    box_w = min(width, round(height * ratio))
    box_h = min(height, round(box_w / ratio))
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def _widths(crop: Crop, available: int) -> list[int]:
    """The crop's widths the original can fill (never upscaled); at least one."""
    widths = [width for width in crop.widths if width <= available]
    return widths or [min(available, crop.widths[0])]


def _open_original(image: Image) -> PILImage.Image:
    """The original, decoded at no more than the size the largest rendition needs, upright, in RGB."""
    with image.file.open("rb") as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        # JPEG can decode at 1/2, 1/4, 1/8 scale for a fraction of the time: a 24-megapixel
        # original decodes at about 3000 px, still larger than any rendition.
        if picture.width > LARGEST_WIDTH:
            picture.draft("RGB", (LARGEST_WIDTH, round(LARGEST_WIDTH * picture.height / picture.width)))
        picture = ImageOps.exif_transpose(picture)
        if picture.mode in ("RGBA", "LA", "P"):
            picture = picture.convert("RGBA")
            flat = PILImage.new("RGB", picture.size, (255, 255, 255))
            flat.paste(picture, mask=picture.getchannel("A"))
            return flat
        return picture.convert("RGB")


def _encode(picture: PILImage.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, **SAVE_OPTIONS[fmt])
    return buffer.getvalue()


def _working_size(picture: PILImage.Image) -> PILImage.Image:
    """The decoded original shrunk once to the smallest size every crop can still be cut from at full width."""
    factor = max(LARGEST_WIDTH / picture.width, LARGEST_SQUARE / picture.height)
    if factor >= 1:
        return picture
    size = (round(picture.width * factor), round(picture.height * factor))
    return picture.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def _make(image: Image, key: str, focal: tuple[float, float]) -> list[Rendition]:
    """Writes every rendition's file (crops around `focal`) and returns the unsaved rows."""
    focal_x, focal_y = focal
    decoded = _open_original(image)
    # Widths are in the original's pixels, so a reduced picture is scaled back up to compare.
    scale = max(image.width or 0, image.height or 0, *decoded.size) / max(decoded.size)
    picture = _working_size(decoded)
    scale *= decoded.width / picture.width
    storage = renditions_storage()
    rows: list[Rendition] = []

    def write(source: PILImage.Image, name: str, fmt: str) -> int:
        data = _encode(source, fmt)
        storage.save(name, ContentFile(data))
        return len(data)

    # Pillow releases the GIL while it encodes: the files of one upload are written in parallel.
    with ThreadPoolExecutor(max_workers=ENCODE_THREADS) as pool:
        jobs = []
        for crop in CROPS.values():
            box = crop_box(picture.width, picture.height, crop.ratio, focal_x, focal_y)
            cut = picture.crop(box)
            available = round(cut.width * scale)
            # Largest first, each width resized from the previous one: far cheaper than from the crop.
            source = cut
            for width in sorted(_widths(crop, available), reverse=True):
                height = max(1, round(width * cut.height / cut.width))
                if source.size != (width, height):
                    source = source.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
                for fmt in crop.formats:
                    if fmt == "avif" and width > AVIF_MAX_WIDTH:
                        continue  # the slowest encoder; wider screens get WebP
                    name = f"{RENDITIONS_PREFIX}{image.pk}/{key}/{crop.name}-{width}x{height}.{EXTENSION[fmt]}"
                    row = Rendition(
                        image=image,
                        spec=f"{crop.name}-{width}.{fmt}",
                        crop=crop.name,
                        fmt=fmt,
                        width=width,
                        height=height,
                        file=name,
                        size=0,
                        source_key=key,
                    )
                    jobs.append((row, pool.submit(write, source, name, fmt)))
        for row, job in jobs:
            row.size = job.result()
            rows.append(row)
    return rows


def _delete_files(names: Iterable[str]) -> None:
    storage = renditions_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone: nothing to do
            logger.info("rendition file %s was already gone", name)


def kept_keys(image_id: int) -> set[str]:
    """Source keys live versions froze for this picture: their files stay until no live version shows them."""
    return set(
        PublishedPicture.objects.live()
        .filter(image_id=image_id)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )


def ensure(image: Image, *, frozen: tuple[str, float, float] | None = None) -> list[Rendition]:
    """The picture's renditions for its current crop (or the `frozen` source key and focal point a
    published version keeps), made now if missing; [] when it has no readable file or the frozen
    crop cannot be made again (a different original)."""
    if not image.file:
        return []
    with transaction.atomic():
        # The row lock makes a second request wait here until the first has made the files
        # (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers the same way).
        locked = Image.objects.select_for_update().filter(pk=image.pk).first()
        if locked is None or not locked.file:
            return []
        if frozen is None:
            key, focal = source_key(locked), (locked.focal_x, locked.focal_y)
        else:
            key, focal = frozen[0], (frozen[1], frozen[2])
            if key != source_key_for(locked, *focal):
                return []  # made from another original: cannot be cut again
        current = list(locked.renditions.filter(source_key=key))
        if current:
            return current
        try:
            rows = _make(locked, key, focal)
        except (OSError, UnidentifiedImageError, ValueError, PILImage.DecompressionBombError):
            logger.warning("could not make renditions of image %s (%s)", locked.pk, locked.file.name, exc_info=True)
            return []
        except Exception:  # e.g. object storage unreachable: the page shows no picture instead of failing
            logger.exception("could not store renditions of image %s", locked.pk)
            return []
        # Renditions of a crop a live version still shows are kept (readers are shown them);
        # the others are stale.
        keep = kept_keys(locked.pk) | {key, source_key(locked)}
        stale = locked.renditions.exclude(source_key__in=keep)
        stale_names = list(stale.values_list("file", flat=True))
        try:
            with transaction.atomic():
                stale.delete()
                Rendition.objects.bulk_create(rows)
        except IntegrityError:  # another process won a race the lock could not see (no lock on SQLite reads)
            return list(locked.renditions.filter(source_key=key))
        new_names = {row.file for row in rows}
        transaction.on_commit(lambda: _delete_files(name for name in stale_names if name not in new_names))
        return rows


def replace(image: Image) -> list[Rendition]:
    """Renditions for the image as it is now (new focal point or original); files no live version
    shows any more are deleted, those a live version froze are kept."""
    return ensure(image)
