"""Renditions: the sized, cropped and re-encoded copies of a picture that readers actually get."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.media import Image


class Rendition(models.Model):
    """One file made from an image's original for one use (crop, width, format) around its focal point.

    `source_key` names the original and focal point the file was made from; a rendition whose key
    no longer matches its image is stale and is replaced. The unique constraint is what makes two
    requests asking for the same rendition at once end up with one row.
    """

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(_("spec"), max_length=40, help_text=_("Crop, width and format, such as “lead-640.webp”."))
    crop = models.CharField(_("crop"), max_length=20)
    fmt = models.CharField(_("format"), max_length=5)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    file = models.CharField(_("file"), max_length=255, help_text=_("Name in the renditions storage."))
    size = models.PositiveIntegerField(_("bytes"))
    source_key = models.CharField(max_length=20)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["image", "crop", "fmt", "width"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            # One file per spec and source key: a live piece's frozen crop is kept beside a newer one.
            models.UniqueConstraint(fields=["image", "source_key", "spec"], name="rendition_one_per_key_and_spec"),
            models.UniqueConstraint(fields=["file"], name="rendition_file_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.image_id}: {self.spec}"
