"""The publication generation: one number that changes whenever what readers or partners see changes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationGeneration(models.Model):
    """A single row whose `value` every publication, update, withdrawal, expiry and picture change bumps.

    It is written in the same transaction as the change it stands for, so it can never say
    "nothing changed" after a commit that changed something (a process killed after the commit
    included). Caches of public pages and API answers carry it in their keys.
    """

    value = models.PositiveBigIntegerField(_("generation"), default=1)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("publication generation")
        verbose_name_plural = _("publication generations")

    def __str__(self) -> str:
        return str(self.value)
