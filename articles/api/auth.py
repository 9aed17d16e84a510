"""Who may call the API: one token per partner (`Authorization: Token <key>`), revocable, rate-limited."""

from __future__ import annotations

import bisect
from array import array
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from articles.models import PartnerToken
from articles.models.partners import cache_key, hash_token
from newsroom.cache import local

KEYWORDS = (b"token", b"bearer")


class Partner(NamedTuple):
    """The caller, as authentication found it: what the API needs of a token, not a model instance."""

    pk: int
    partner: str

    # DRF's IsAuthenticated asks `request.user.is_authenticated`; in the API the token stands in for a user.
    is_authenticated = True


def active_token(key: str) -> Partner | None:
    """The active token with this key, or None.

    Found tokens are kept in this process's own cache (`newsroom.cache.local`) for
    `NEWSROOM_GENERATION_SECONDS`: the lookup's query costs more than the rest of a kept API answer.
    Saving a token (a revocation) forgets its entry at once in this process; the others drop it within
    that second, as they see a publication. Unknown keys are never kept, so a new key works at once.
    """
    key_hash = hash_token(key)
    kept = local()
    row = kept.get(cache_key(key_hash))
    if row is None:
        row = PartnerToken.objects.active().filter(key_hash=key_hash).values_list("pk", "partner").first()
        if row is None:
            return None
        kept.set(cache_key(key_hash), tuple(row), timeout=settings.NEWSROOM_GENERATION_SECONDS)
    return Partner(*row)


class PartnerTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`); an unknown or revoked key is refused with 401."""

    def authenticate(self, request: Request) -> tuple[Partner, Partner] | None:
        # Straight from the WSGI environ: `request.headers` would be built from every header just for this one.
        parts = request.META.get("HTTP_AUTHORIZATION", "").encode("latin-1").split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as “Authorization: Token <key>”."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Unknown or revoked token.")) from None
        token = active_token(key)
        if token is None:
            raise AuthenticationFailed(_("Unknown or revoked token."))
        return token, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 when no token is sent.
        return 'Token realm="api"'


class PartnerRateThrottle(SimpleRateThrottle):
    """NEWSROOM_API_RATE requests per partner token, counted in the shared cache (CACHE_URL).

    DRF's sliding log (a request is refused while the last `duration` seconds already saw
    `num_requests`), kept as packed doubles, oldest first: DRF's list of floats is pickled
    float by float on every request, and a partner at 600/minute carries 600 of them.
    """

    scope = "partner"

    def get_rate(self) -> str:
        # Read at request time (not at import, as DRF's class attribute is), so a change of setting applies.
        return settings.NEWSROOM_API_RATE

    def get_cache_key(self, request: Request, view) -> str:
        token = request.auth
        ident = f"token-{token.pk}" if isinstance(token, Partner) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: Request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        stored = self.cache.get(self.key)
        history = array("d")
        if isinstance(stored, bytes):
            history.frombytes(stored)
        elif isinstance(stored, list):  # DRF's own format, newest first (written before this class)
            history.extend(reversed(stored))
        del history[: bisect.bisect_right(history, self.now - self.duration)]
        self.history = history
        if len(history) >= self.num_requests:
            return False
        history.append(self.now)
        self.cache.set(self.key, history.tobytes(), self.duration)
        return True

    def wait(self) -> float | None:
        oldest = self.history[0] if self.history else self.now
        available = self.num_requests - len(self.history) + 1
        return (self.duration - (self.now - oldest)) / available if available > 0 else None


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token header in the OpenAPI schema."""

    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "“Token <key>”: the key issued to your organisation in the admin.",
        }
