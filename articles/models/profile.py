"""A desk user's own settings, kept beside Django's user model rather than replacing it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.i18n.languages import Language


class DeskProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="desk_profile"
    )
    language = models.CharField(
        _("desk language"),
        max_length=8,
        choices=Language.choices,
        blank=True,
        help_text=_("Empty: the browser's language decides. Mails to you are written in this language."),
    )
    # Per kind of notice (`Notice.Kind`): "now" (a mail at once, the default), "digest" (one mail a day) or "off".
    mail = models.JSONField(_("mail"), default=dict, blank=True)

    MAIL_CHOICES = (("now", _("Mail at once")), ("digest", _("In a daily digest")), ("off", _("No mail")))

    class Meta:
        verbose_name = _("desk profile")
        verbose_name_plural = _("desk profiles")

    def __str__(self) -> str:
        return str(self.user)

    def mail_for(self, kind: str) -> str:
        return (self.mail or {}).get(kind, "now")
