"""Renditions: what readers get instead of the original — sized, cropped around the focal point, re-encoded.

Public API:

- `ensure(image) -> list[Rendition]` — every rendition of the picture, made once. Safe when two
  requests or processes ask at once: the image row is locked while the files are made, names are
  deterministic and the renditions storage overwrites, so there is one row and one file per spec.
- `replace(image) -> list[Rendition]` — after the original or the focal point changed: new files
  (under new names) come; old ones go unless a live version froze that crop (`PublishedPicture.source_key`).
- `for_images(ids)` / `existing_for_images(ids)` — the desk's lookup of the current crop, in one
  query (the first makes missing renditions); addresses on the desk's authorised route.
- `for_versions(versions)` / `existing_for_versions(ids)` — what public pages, ninjs and the API
  show: the crops the published versions froze, in one query, at the gate's keyed addresses.
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
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError, features

from articles.media import gate
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


@dataclass
class Picture:
    """What a `<picture>` element needs for one crop."""

    sources: list[tuple[str, str]]  # (MIME type, srcset), best format first; the JPEG set is the <img>'s
    src: str
    srcset: str
    width: int
    height: int


# Who an address is for: readers (the gate's keyed address), partners (that address signed, for a
# piece still under embargo), or the desk (an authorised route that shows unpublished pictures too).
PUBLIC, PARTNER, DESK = "public", "partner", "desk"


def address(name: str, audience: str = PUBLIC) -> str:
    """The address of the rendition stored under `name`, for this audience."""
    if audience == DESK:
        image_id, key, filename = name.removeprefix(RENDITIONS_PREFIX).split("/", 2)
        return reverse("desk:image-rendition", kwargs={"pk": int(image_id), "key": key, "filename": filename})
    if audience == PARTNER:
        return gate.partner_url(name)
    return gate.public_path(name)


@dataclass
class RenditionSet:
    """One image's renditions of one source key, by crop and format, smallest first."""

    by_crop: dict[str, dict[str, list[Rendition]]] = field(default_factory=lambda: defaultdict(dict))
    audience: str = PUBLIC
    key: str = ""

    def add(self, rendition: Rendition) -> None:
        self.key = self.key or rendition.source_key
        self.by_crop[rendition.crop].setdefault(rendition.fmt, []).append(rendition)

    def sort(self) -> None:
        for formats in self.by_crop.values():
            for renditions in formats.values():
                renditions.sort(key=lambda rendition: rendition.width)

    def url(self, rendition: Rendition) -> str:
        return address(rendition.file, self.audience)

    def best(self, crop: str, width: int, fmt: str = "jpeg") -> Rendition | None:
        """The smallest rendition at least `width` wide (else the largest) of this crop and format."""
        renditions = self.by_crop.get(crop, {}).get(fmt) or []
        return next((r for r in renditions if r.width >= width), renditions[-1] if renditions else None)

    def best_url(self, crop: str, width: int, fmt: str = "jpeg") -> str:
        rendition = self.best(crop, width, fmt)
        return self.url(rendition) if rendition else ""

    def srcset(self, crop: str, fmt: str) -> str:
        return ", ".join(f"{self.url(r)} {r.width}w" for r in self.by_crop.get(crop, {}).get(fmt, []))

    def picture(self, crop: str, fallback_width: int = 640) -> Picture | None:
        """Sources and the fallback `<img>` for this crop, or None when it has no renditions."""
        formats = self.by_crop.get(crop)
        if not formats or "jpeg" not in formats:
            return None
        fallback = self.best(crop, fallback_width)
        sources = [(MIME[fmt], self.srcset(crop, fmt)) for fmt in ("avif", "webp") if fmt in formats]
        return Picture(sources, self.url(fallback), self.srcset(crop, "jpeg"), fallback.width, fallback.height)


def thumbnail_url(image: Image, width: int = 320) -> str:
    """A small 4:3 WebP of the picture for the desk's lists and pickers ("" without a file)."""
    found = for_images([image.pk]).get(image.pk)
    return found.best_url("teaser", width, "webp") if found else ""


def _is_current(rendition: Rendition) -> bool:
    return rendition.source_key == source_key(rendition.image)


RENDITION_FIELDS = ("image_id", "crop", "fmt", "width", "height", "file", "source_key")


def _sets(rows: Iterable[Rendition], audience: str) -> dict[int, RenditionSet]:
    """Renditions grouped per image, one source key each (the first seen), smallest first."""
    found: dict[int, RenditionSet] = {}
    for rendition in rows:
        rendition_set = found.setdefault(rendition.image_id, RenditionSet(audience=audience))
        if rendition_set.key in ("", rendition.source_key):
            rendition_set.add(rendition)
    for rendition_set in found.values():
        rendition_set.sort()
    return found


def existing_for_images(image_ids: Iterable[int], *, audience: str = DESK) -> dict[int, RenditionSet]:
    """Each image's current renditions, in one query; nothing is made (an image without any is left out)."""
    ids = {int(image_id) for image_id in image_ids if image_id}
    if not ids:
        return {}
    rows = (
        Rendition.objects.filter(image_id__in=ids)
        .select_related("image")
        .only(
            *RENDITION_FIELDS,
            "image__file",
            # Assigning an ImageField reads its width and height: a query each if they were deferred.
            "image__width",
            "image__height",
            "image__focal_x",
            "image__focal_y",
        )
    )
    return _sets((rendition for rendition in rows if _is_current(rendition)), audience)


def for_images(image_ids: Iterable[int], *, audience: str = DESK) -> dict[int, RenditionSet]:
    """Each image's current renditions, in one query; pictures never seen before get theirs made.

    For the desk: the current crop, whatever is published. Public pages ask `for_versions`.
    """
    ids = {int(image_id) for image_id in image_ids if image_id}
    found = existing_for_images(ids, audience=audience)
    missing = ids - found.keys()
    if missing:
        for image in Image.objects.filter(pk__in=missing):
            made = _sets(ensure(image), audience)
            found.update(made)
    return found


def existing_for_versions(version_ids: Iterable[int], *, audience: str = PUBLIC) -> dict[int, RenditionSet]:
    """The renditions of the crops these published versions froze, by image, in one query; nothing is made.

    Two versions on one page freezing different crops of one picture get one of them (both are public).
    """
    ids = {int(pk) for pk in version_ids if pk}
    if not ids:
        return {}
    rows = (
        Rendition.objects.filter(
            image__published_pictures__version_id__in=ids,
            source_key=F("image__published_pictures__source_key"),
        )
        .only(*RENDITION_FIELDS)
        .order_by("image_id", "source_key", "width")
        .distinct()
    )
    return _sets(rows, audience)


def for_versions(versions: Iterable, *, audience: str = PUBLIC) -> dict[int, RenditionSet]:
    """As `existing_for_versions` for these published versions; a frozen crop without files yet gets
    them made (the first reader waits). One query when every picture has its files."""
    versions = list(versions)
    found = existing_for_versions((version.pk for version in versions), audience=audience)
    placed = {placement.get("image_id") for version in versions for placement in version.placements or []}
    if not (placed - {None}) - found.keys():
        return found
    missing = (
        PublishedPicture.objects.filter(version_id__in=[version.pk for version in versions if version.pk])
        .filter(image__isnull=False)
        .exclude(image_id__in=found.keys())
        .select_related("image")
        .order_by("-version_id")
    )
    for link in missing:
        if link.image_id in found:
            continue
        frozen = (link.source_key, link.focal_x, link.focal_y) if link.source_key and link.focal_x is not None else None
        found.update(_sets(ensure(link.image, frozen=frozen), audience))
    return found
