"""Which pictures a published version shows: the link "which live pieces show this picture?" is asked through."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.media import Image, Placement


class PublishedPictureQuerySet(models.QuerySet):
    def live(self) -> PublishedPictureQuerySet:
        """Links of live versions (expiry aside: a piece past its expiry still shows the picture until withdrawn)."""
        return self.filter(version__is_live=True)


class PublishedPicture(models.Model):
    """A picture shown by a published version, in the role and position its snapshot prints it.

    Written with the version by the one publishing step (`articles/workflow/going_live.py`); the
    snapshot's `placements` JSON stays what is printed, this row is what is asked. `SET_NULL`: a
    picture may still be deleted (rights, a legal request) once no working copy places it; the
    versions kept for old addresses then keep the row without it.
    """

    version = models.ForeignKey(
        "articles.PublishedVersion",
        verbose_name=_("published version"),
        on_delete=models.CASCADE,
        related_name="pictures",
    )
    image = models.ForeignKey(
        Image,
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="published_pictures",
        db_index=False,  # the index below, led by the image, serves "who shows it"
    )
    role = models.CharField(_("role"), max_length=10, choices=Placement.Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The crop as approved: readers, partners and search engines get the renditions of this key,
    # whatever the library's focal point says later (that waits for the next publication).
    source_key = models.CharField(_("source key"), max_length=20, blank=True)
    focal_x = models.FloatField(_("focal point (across)"), null=True, blank=True)
    focal_y = models.FloatField(_("focal point (down)"), null=True, blank=True)

    objects = PublishedPictureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("picture on a published version")
        verbose_name_plural = _("pictures on published versions")
        indexes = [models.Index(fields=["image", "version"], name="published_picture_image")]

    def __str__(self) -> str:
        return f"{self.image} · {self.version}"
