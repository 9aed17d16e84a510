"""The focal point: where a picture's subject is, so every crop keeps it in frame.

`set_focal_point(image, x=…, y=…, by=…)` stores it, replaces the picture's crops (new file names,
the old files deleted after commit) and marks every live version showing the picture as changed,
so cached public pages render again with the new crops.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import generation
from articles.media import renditions
from articles.models import Image, PublishedVersion, Rendition


def live_versions_showing(image_ids: set[int]) -> list[PublishedVersion]:
    """Live versions whose placements show any of these pictures (read from the snapshot itself)."""
    if not image_ids:
        return []
    # The JSON is searched as text first (works on SQLite and PostgreSQL alike), then checked exactly.
    candidates = PublishedVersion.objects.none()
    for image_id in image_ids:
        candidates |= PublishedVersion.objects.filter(is_live=True, placements__icontains=f'"image_id": {image_id},')
    return [
        version
        for version in candidates.distinct().select_related("section")
        if any(placement.get("image_id") in image_ids for placement in version.placements or [])
    ]


def set_focal_point(image: Image, *, x: float, y: float, by) -> list[Rendition]:
    """Stores the focal point (fractions, 0 to 1) and returns the picture's new renditions."""
    if by is not None and not by.has_perm("articles.change_image"):
        raise PermissionDenied(_("You may not change this picture."))
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise ValidationError(_("The focal point must lie inside the picture."))
    with transaction.atomic():
        image.focal_x, image.focal_y = round(x, 4), round(y, 4)
        image.save(update_fields=["focal_x", "focal_y", "updated_at"])
        made = renditions.replace(image)
        # Cached public pages are keyed by their version's updated_at: touching it renders them
        # again with the new crops. Only a timestamp changes, so update() (no save()) is right here.
        shown_in = [version.pk for version in live_versions_showing({image.pk})]
        PublishedVersion.objects.filter(pk__in=shown_in).update(updated_at=timezone.now())
        generation.bump()
    return made
