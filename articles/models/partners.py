"""Partners of the read API: one token per partner, stored only as a hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.cache import local

TOKEN_BYTES = 32
PREFIX_LENGTH = 8


def cache_key(key_hash: str) -> str:
    """Where the API keeps what it found for a token (articles/api/auth.py) for up to a second."""
    return f"newsroom:partner-token:{key_hash}"


def hash_token(key: str) -> str:
    """The stored form of a token: its SHA-256 (a token is random, so no salt or slow hash is needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


class PartnerTokenQuerySet(models.QuerySet):
    def active(self) -> PartnerTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_key(self, key: str) -> PartnerToken | None:
        """The active token with this key, or None (unknown and revoked keys look the same)."""
        return self.active().filter(key_hash=hash_token(key)).first()


class PartnerToken(models.Model):
    """Access of one partner (an app, an aggregator) to the read API."""

    partner = models.CharField(_("partner"), max_length=150, help_text=_("Who receives this token."))
    key_prefix = models.CharField(
        _("key prefix"), max_length=PREFIX_LENGTH, editable=False, help_text=_("The token's first characters.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(
        _("revoked"), null=True, blank=True, help_text=_("Set: the token no longer opens the API.")
    )

    objects = PartnerTokenQuerySet.as_manager()

    # DRF's IsAuthenticated asks `request.user.is_authenticated`; in the API the token stands in for a user.
    is_authenticated = True

    class Meta:
        ordering = ["partner", "-created_at"]
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")
        constraints = [
            models.CheckConstraint(condition=~Q(key_hash=""), name="partner_token_has_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.key_prefix}…)"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # A revocation (or a new key) must not wait for the API's kept lookup to run out: forget it now and
        # again once the change is committed (this process; the others keep it at most a second).
        self.forget()
        transaction.on_commit(self.forget)

    def delete(self, *args, **kwargs):
        self.forget()
        return super().delete(*args, **kwargs)

    def forget(self) -> None:
        local().delete(cache_key(self.key_hash))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def issue_key(self) -> str:
        """Give this (unsaved or existing) token a new random key; returns the key, which is never stored."""
        key = secrets.token_urlsafe(TOKEN_BYTES)
        self.key_prefix = key[:PREFIX_LENGTH]
        self.key_hash = hash_token(key)
        return key
