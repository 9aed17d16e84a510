"""The outbox: workflow emails stored in the transition's own transaction, sent after it commits.

A row is written together with the state change it announces, so a rolled-back
transition leaves no mail and a committed one cannot lose its mail, whatever
happens to the process afterwards. `articles.workflow.outbox` delivers the rows
and `publish_scheduled` retries whatever is still unsent.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self) -> OutboxMessageQuerySet:
        """Not sent yet (whether or not a sender holds a claim on it)."""
        return self.filter(sent_at__isnull=True)

    def claimable(self, now, *, max_attempts: int) -> OutboxMessageQuerySet:
        """Unsent, not given up, and claimed by nobody (or by a sender whose claim ran out)."""
        return self.pending().filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), attempts__lt=max_attempts
        )


class OutboxMessage(models.Model):
    """One email to one recipient, rendered when the transition ran; sent at most once per claim."""

    message_id = models.CharField(
        _("Message-ID"),
        max_length=255,
        unique=True,
        help_text=_("Stable across retries, so a receiving server can drop a duplicate."),
    )
    kind = models.CharField(_("kind"), max_length=40)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=15)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_by = models.CharField(
        _("claimed by"), max_length=200, blank=True, help_text=_("host:process of the sender delivering it now.")
    )
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        indexes = [
            # The senders' one question: what is still unsent, oldest (lowest id) first.
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="outbox_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
