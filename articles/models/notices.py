"""What concerns a desk user: the bell's notices, one per event and person, read or not."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article


class Notice(models.Model):
    """One thing a person should know about a piece: a mention, a request, a publication."""

    class Kind(models.TextChoices):
        MENTIONED = "mentioned", _("Mentioned in a comment")
        SUBMITTED = "submitted", _("Review requested")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        SUGGESTED = "suggested", _("Changes suggested")
        SUGGESTIONS_ACCEPTED = "suggestions_accepted", _("Suggestions accepted")
        SUGGESTIONS_REJECTED = "suggestions_rejected", _("Suggestions rejected")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the notice quotes, as it was then: the headline, the comment, the anchored words.
    headline = models.CharField(_("headline"), max_length=250, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    words = models.TextField(_("commented words"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set once a daily digest took it (for kinds the person wants as a digest).
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_newest"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notice_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.kind} {self.headline}"
