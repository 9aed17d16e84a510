"""The focal point: where a picture's subject is, so every crop keeps it in frame.

`set_focal_point(image, x=…, y=…, by=…)` stores it and makes the picture's new crops (new file
names); with `make=False` it only stores it — the desk then makes them after its answer is sent
(`articles.desk.view_helpers.after_response`), and any page that needs them first makes them itself
(`rendition_sets.for_images`), so they are never lost. Live pieces keep the crop they were approved
with (`PublishedPicture.source_key`), and its files are kept; the new crop reaches readers with the
piece's next approved publication. Files no live version shows any more are deleted after commit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.media import renditions
from articles.models import Image, PublishedPicture, PublishedVersion, Rendition


def live_versions_showing(image_ids: set[int]) -> list[PublishedVersion]:
    """Live versions that show any of these pictures, with their section (one indexed query)."""
    if not image_ids:
        return []
    showing = PublishedPicture.objects.filter(image_id__in=image_ids).values("version_id")
    return list(PublishedVersion.objects.filter(is_live=True, pk__in=showing).select_related("section").order_by("pk"))


def set_focal_point(image: Image, *, x: float, y: float, by, make: bool = True) -> list[Rendition]:
    """Stores the focal point (fractions, 0 to 1) and returns the picture's new renditions ([] without `make`)."""
    if by is not None and not by.has_perm("articles.change_image"):
        raise PermissionDenied(_("You may not change this picture."))
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise ValidationError(_("The focal point must lie inside the picture."))
    with transaction.atomic():
        image.focal_x, image.focal_y = round(x, 4), round(y, 4)
        image.save(update_fields=["focal_x", "focal_y", "updated_at"])
        # What readers see does not change (live pieces keep their frozen crop): no generation bump.
        return renditions.replace(image) if make else []
