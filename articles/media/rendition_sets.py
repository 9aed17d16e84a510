"""Renditions as pages, ninjs and the API show them: by image and crop, addressed per audience.

- `for_images(ids)` / `existing_for_images(ids)` — the desk's lookup of each picture's current crop,
  in one query (the first makes missing renditions); addresses on the desk's authorised route.
- `for_versions(versions)` / `existing_for_versions(ids)` — what public pages, ninjs and the API
  show: the crops the published versions froze, in one query, at the gate's keyed addresses
  (signed for partners while a piece is under embargo).
- `address(name, audience)` — one rendition's address for readers, partners or the desk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F
from django.urls import reverse

from articles.media import gate
from articles.media.renditions import MIME, RENDITIONS_PREFIX, ensure, source_key
from articles.models import Image, PublishedPicture, Rendition


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


def guest(token: str) -> str:
    """The audience of a guest's preview link (`articles.desk.guest_previews`): addresses through the link."""
    return f"guest:{token}"


def address(name: str, audience: str = PUBLIC) -> str:
    """The address of the rendition stored under `name`, for this audience."""
    if audience.startswith("guest:"):
        image_id, key, filename = name.removeprefix(RENDITIONS_PREFIX).split("/", 2)
        return reverse(
            "guest-preview-picture",
            kwargs={
                "token": audience.removeprefix("guest:"),
                "image_id": int(image_id),
                "key": key,
                "filename": filename,
            },
        )
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
