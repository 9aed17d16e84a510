"""Pictures: images with their caption, credit and rights, and where they are placed in articles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models.article import Article


def image_upload_to(instance: Image, filename: str) -> str:
    return timezone.now().strftime("images/%Y/%m/") + filename


class ImageQuerySet(models.QuerySet):
    def missing_credit(self) -> ImageQuerySet:
        return self.filter(creator="", organisation="", agencies="")

    def missing_alt_text(self) -> ImageQuerySet:
        return self.filter(alt_text="")

    def rights_expired(self, today=None) -> ImageQuerySet:
        return self.filter(rights_expire_on__lt=today or timezone.localdate())

    def rights_expiring(self, days: int = 30, today=None) -> ImageQuerySet:
        today = today or timezone.localdate()
        return self.filter(rights_expire_on__gte=today, rights_expire_on__lte=today + timezone.timedelta(days=days))


class Image(models.Model):
    """A picture and everything needed to print it legally: caption, credit, rights."""

    file = models.ImageField(
        _("file"),
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        blank=True,
        help_text=_("May be missing on an imported piece until someone uploads it."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("alt text"), max_length=300, blank=True, help_text=_("What the picture shows, for readers who cannot see it.")
    )
    caption = models.TextField(_("default caption"), blank=True)
    creator = models.CharField(_("creator"), max_length=200, blank=True, help_text=_("The photographer."))
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("The photographer's employer, such as “US Army”.")
    )
    agencies = models.CharField(
        _("agency chain"),
        max_length=200,
        blank=True,
        help_text=_("Agencies that distributed the picture, separated by “/”, such as “AP/dpa”."),
    )
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_archive = models.BooleanField(
        _("archive image"), default=False, help_text=_("Marked “(Archive image)” under the caption.")
    )
    usage_terms = models.TextField(_("usage terms"), blank=True)
    rights_expire_on = models.DateField(_("rights expire on"), null=True, blank=True)
    # Where the picture's subject is, as fractions of its width and height: crops keep it in frame.
    focal_x = models.FloatField(
        _("focal point (across)"), default=0.5, help_text=_("0 is the left edge, 1 the right edge.")
    )
    focal_y = models.FloatField(_("focal point (down)"), default=0.5, help_text=_("0 is the top edge, 1 the bottom."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ImageQuerySet.as_manager()

    # Who changed a caption, credit or alt text, and when (also when fixed from inside the editor).
    history = HistoricalRecords(excluded_fields=["file", "width", "height"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(condition=Q(width__isnull=True) | Q(width__gt=0), name="image_width_positive"),
            models.CheckConstraint(condition=Q(height__isnull=True) | Q(height__gt=0), name="image_height_positive"),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
            ),
        ]

    def __str__(self) -> str:
        label = self.caption or self.alt_text or (self.file.name if self.file else "")
        return (label[:60] + "…") if len(label) > 60 else (label or _("Image #%(pk)s") % {"pk": self.pk})

    @property
    def agency_chain(self) -> str:
        """Organisation, agencies and source as printed after the creator: “US Army/AP/dpa”.

        The source (IPTC Source: who supplied the picture) closes the chain unless the chain names
        it already — “dpa picture alliance” after “dpa” would say the same agency twice.
        """
        parts = [part.strip() for part in (self.organisation, *self.agencies.split("/")) if part.strip()]
        source = self.source.strip()
        named = [part.casefold() for part in parts]
        if source and not any(source.casefold() == part or source.casefold().startswith(part + " ") for part in named):
            parts.append(source)
        return "/".join(parts)

    @property
    def credit_line(self) -> str:
        """The credit as printed under the picture: “© Creator/Organisation/Agency/Agency/Source”."""
        parts = "/".join(part for part in (self.creator, self.agency_chain) if part)
        return f"© {parts}" if parts else ""

    @property
    def has_credit(self) -> bool:
        return bool(self.credit_line)


class Placement(models.Model):
    """An image placed in an article, with the caption for this article."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead image")
        INLINE = "inline", _("Inline")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="placements")
    image = models.ForeignKey(Image, verbose_name=_("image"), on_delete=models.PROTECT, related_name="placements")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.INLINE)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Inline images appear after this many body paragraphs.")
    )
    caption = models.TextField(_("caption"), blank=True, help_text=_("Empty: the image's default caption."))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(role="lead"),
                name="placement_one_lead_per_article",
                violation_error_message=_("An article has at most one lead image."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.image} · {self.article}"

    @property
    def effective_caption(self) -> str:
        return self.caption or self.image.caption
