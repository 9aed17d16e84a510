"""Preview links: a piece's revision shown to someone without an account, signed, expiring and revocable."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models.article import Article
from articles.models.revisions import Revision


def new_key() -> str:
    return secrets.token_urlsafe(16)


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self, now=None) -> PreviewLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PreviewLink(models.Model):
    """An editor's link to one revision for a guest (the legal desk, a source, a picture agency).

    The address carries the link's number and its random key, signed with the site's secret
    (`articles.desk.guest_previews`); revoking or expiring it makes the address answer 404.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    revision = models.ForeignKey(Revision, verbose_name=_("revision"), on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=32, default=new_key, editable=False)
    label = models.CharField(
        _("for whom"), max_length=120, help_text=_("Who gets the link, such as “legal desk” or “the mayor's office”.")
    )
    allow_comments = models.BooleanField(_("guest may comment"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        constraints = [models.CheckConstraint(condition=~Q(label=""), name="preview_link_has_label")]

    def __str__(self) -> str:
        return f"{self.article} → {self.label}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
