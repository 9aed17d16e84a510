"""Editorial review: comments on a piece, check settings, house-style spellings and dismissed warnings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.i18n.languages import Language
from articles.models.article import Article


class ReviewComment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    # A guest's comment, left through a preview link: the name they gave, and the link (no account).
    guest_name = models.CharField(_("guest"), max_length=80, blank=True)
    preview_link = models.ForeignKey(
        "articles.PreviewLink",
        verbose_name=_("preview link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    # The words of the body the comment is about (empty: on the piece as a whole). Found again by
    # their text after edits, the context before and after telling repeated words apart.
    anchor_text = models.TextField(_("commented words"), blank=True)
    anchor_prefix = models.CharField(_("text before the words"), max_length=80, blank=True)
    anchor_suffix = models.CharField(_("text after the words"), max_length=80, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="review_comment_not_empty"),
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(guest_name=""), name="review_comment_has_author_or_guest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author or self.guest_name}: {self.body[:50]}"


class CheckSetting(models.Model):
    """How seriously the desk takes one editorial check. Editors set it in the admin."""

    class Severity(models.TextChoices):
        OFF = "off", _("Off")
        WARNING = "warning", _("Warning")
        BLOCKING = "blocking", _("Blocking")

    code = models.CharField(_("check"), max_length=60, unique=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("check setting")
        verbose_name_plural = _("check settings")

    def __str__(self) -> str:
        return f"{self.code}: {self.get_severity_display()}"


class StyleRule(models.Model):
    """A house-style spelling: “Kiev” is written “Kyiv”."""

    wrong = models.CharField(_("avoid"), max_length=100)
    right = models.CharField(_("write"), max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        blank=True,
        help_text=_("The pieces the rule applies to. Empty: pieces in every language."),
    )

    class Meta:
        ordering = ["wrong"]
        verbose_name = _("style-guide spelling")
        verbose_name_plural = _("style-guide spellings")
        constraints = [
            models.CheckConstraint(condition=~Q(wrong=""), name="style_rule_wrong_not_empty"),
            models.CheckConstraint(condition=~Q(right=""), name="style_rule_right_not_empty"),
            # "Kiev" is written "Kyiv" in English copy and "Kiew" in German copy.
            models.UniqueConstraint(
                fields=["wrong", "language"],
                name="style_rule_unique_per_language",
                violation_error_message=_("There is already a rule for this spelling in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}"


class CheckDismissal(models.Model):
    """An editor's decision that one warning does not apply to one piece, with the reason."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dismissals")
    code = models.CharField(_("check"), max_length=60)
    target = models.CharField(
        _("text"), max_length=300, blank=True, help_text=_("The text the finding pointed at; empty: the whole check.")
    )
    reason = models.TextField(_("reason"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("dismissed warning")
        verbose_name_plural = _("dismissed warnings")
        constraints = [
            models.UniqueConstraint(fields=["article", "code", "target"], name="dismissal_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="dismissal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.code} ({self.target})"
