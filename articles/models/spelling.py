"""The newsroom dictionary: words the desk accepts beyond the Hunspell dictionaries (names, jargon)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class DictionaryWord(models.Model):
    """A word every piece in that language may use; added with one click from a spelling finding."""

    word = models.CharField(_("word"), max_length=100)
    language = models.CharField(
        _("language"), max_length=10, default="en", help_text=_("The pieces it applies to: “en”, “de”, …")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["language", "word"]
        verbose_name = _("dictionary word")
        verbose_name_plural = _("newsroom dictionary")
        constraints = [
            models.CheckConstraint(condition=~Q(word=""), name="dictionary_word_not_empty"),
            models.UniqueConstraint(Lower("word"), "language", name="dictionary_word_unique_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.language})"
