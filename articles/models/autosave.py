"""Unsaved editor forms kept server-side, one per user and piece.

An autosave is not a revision: nobody else sees it, it has no version and no
version check. It holds the form exactly as the browser would post it, plus the
version the user started from, so restoring it and saving later merges like any
stale save (`articles.desk.conflicts`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article


class Autosave(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="autosaves")
    base_version = models.PositiveIntegerField(_("based on version"))
    # The form's fields as posted: {"headline": ["…"], "bylines-0-author": ["3"], …}.
    data = models.JSONField(_("unsaved form"), default=dict)
    saved_at = models.DateTimeField(_("kept at"), default=timezone.now)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_user_and_piece")]

    def __str__(self) -> str:
        return f"{self.article} — {self.user} ({self.saved_at:%Y-%m-%d %H:%M})"
