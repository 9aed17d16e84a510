"""Save receipts: which form submissions were stored, so a resent one answers "saved" instead of failing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article


class SaveReceipt(models.Model):
    """One stored editor submission, keyed by the token its form carried.

    Written in the same transaction as the save, so it exists exactly when the save
    does: a browser resending the same form (the answer was lost, the connection
    dropped after the commit) is told its save was stored, not shown a conflict
    against itself, and nothing is saved twice.
    """

    token = models.UUIDField(_("token"), unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version saved"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("save receipt")
        verbose_name_plural = _("save receipts")

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version} ({self.token})"
