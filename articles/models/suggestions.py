"""Suggestions: a reviewer's proposed change to one field of a piece, accepted or rejected by whoever may edit it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article
from articles.models.media import Placement


class SuggestionQuerySet(models.QuerySet):
    def open(self) -> SuggestionQuerySet:
        return self.filter(state=Suggestion.State.OPEN)


class Suggestion(models.Model):
    """One change proposed in *Suggest* mode: the words it replaces (anchored like a comment) and the words it offers.

    The anchor is the replaced text (empty for an insertion) with a little context on each side and its
    offset in the text the suggester saw; it is found again in the text as it is now, or the suggestion
    is outdated (`articles.workflow.suggestions.locate`).
    """

    class Field(models.TextChoices):
        KICKER = "kicker", _("Kicker")
        HEADLINE = "headline", _("Headline")
        TEASER = "teaser", _("Teaser")
        DATELINE = "dateline", _("Dateline")
        BODY = "body", _("Body")
        CAPTION = "caption", _("Caption")

    class Kind(models.TextChoices):
        INSERTION = "insertion", _("Insertion")
        DELETION = "deletion", _("Deletion")
        REPLACEMENT = "replacement", _("Replacement")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        OUTDATED = "outdated", _("Outdated")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    # Captions only: the placement whose caption the suggestion changes (gone: the suggestion is outdated).
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("picture"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    original = models.TextField(_("replaced text"), blank=True)
    proposed = models.TextField(_("proposed text"), blank=True)
    offset = models.PositiveIntegerField(_("position"), default=0, help_text=_("Where the text was, in characters."))
    prefix = models.CharField(_("text before"), max_length=80, blank=True)
    suffix = models.CharField(_("text after"), max_length=80, blank=True)
    base_version = models.PositiveIntegerField(_("made on revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("suggested by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        indexes = [models.Index(fields=["article"], condition=Q(state="open"), name="suggestion_open")]
        constraints = [
            models.CheckConstraint(condition=~Q(original="", proposed=""), name="suggestion_changes_something"),
            models.CheckConstraint(
                condition=Q(state="open") | Q(decided_at__isnull=False), name="suggestion_decided_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.get_field_display()} “{self.original[:30]}” → “{self.proposed[:30]}”"
