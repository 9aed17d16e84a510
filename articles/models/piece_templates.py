"""Piece templates: how the desk starts a recurring kind of piece (breaking news, obituary, match report).

A template prefills a new piece or a new assignment: its fields, a body skeleton with `##` subheadings,
its section and planned length, and the review checks the desk wants emphasised for this kind of piece.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models.newsroom import Section


def validate_check_codes(value) -> None:
    """Only codes of the review assistant's checks (articles.review.registry.CHECKS)."""
    from articles.review.registry import CHECKS_BY_CODE  # the review package imports the models

    if not isinstance(value, list) or any(not isinstance(code, str) for code in value):
        raise ValidationError(_("Checks are a list of check codes."))
    unknown = sorted(set(value) - CHECKS_BY_CODE.keys())
    if unknown:
        raise ValidationError(_("Unknown checks: %(codes)s.") % {"codes": ", ".join(unknown)})


class PieceTemplateQuerySet(models.QuerySet):
    def usable_by(self, user) -> PieceTemplateQuerySet:
        """Everyone who may write pieces may start from any template."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all() if user.is_superuser or user.has_perm("articles.add_article") else self.none()


class PieceTemplate(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(
        _("kind of piece"), blank=True, help_text=_("When to use this template, for the writer who picks it.")
    )
    kicker = models.CharField(_("kicker"), max_length=120, blank=True)
    headline = models.CharField(
        _("headline"), max_length=250, blank=True, help_text=_("Prefilled text the writer completes.")
    )
    teaser = models.TextField(_("teaser"), blank=True)
    dateline = models.CharField(_("dateline"), max_length=120, blank=True)
    body = models.TextField(
        _("body skeleton"),
        blank=True,
        help_text=_("Paragraphs and “## ” subheadings, as in the editor: the parts every piece of this kind has."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("default section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="piece_templates",
    )
    planned_words = models.PositiveIntegerField(_("default planned length (words)"), null=True, blank=True)
    checks = models.JSONField(
        _("checks to heed"),
        default=list,
        blank=True,
        validators=[validate_check_codes],
        help_text=_("Review checks that matter most for this kind of piece (codes of the review assistant)."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Templates are offered in this order.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = PieceTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("piece template")
        verbose_name_plural = _("piece templates")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="piece_template_name_not_empty",
                violation_error_message=_("A template needs a name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def check_labels(self) -> list[str]:
        """The labels of its checks, in the registry's words (unknown codes shown as they are)."""
        from articles.review.registry import CHECKS_BY_CODE

        return [str(CHECKS_BY_CODE[code].label) if code in CHECKS_BY_CODE else code for code in self.checks]

    def article_values(self) -> dict[str, object]:
        """The fields a new piece starts with."""
        return {
            "kicker": self.kicker,
            "headline": self.headline,
            "teaser": self.teaser,
            "dateline": self.dateline,
            "body": self.body,
            "section": self.section,
        }
