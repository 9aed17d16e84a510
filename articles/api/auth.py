"""Who may call the API: one token per partner (`Authorization: Token <key>`), revocable, rate-limited."""

from __future__ import annotations

import functools
import time
from typing import NamedTuple

import limits
import limits.storage
import limits.strategies
from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from articles.models import PartnerToken
from articles.models.partners import cache_key, hash_token
from newsroom.cache import UNREACHABLE, local, rest, resting, say_unreachable

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


# DRF's rate format ("600/minute", "5/s"): a number, a slash, a period named by its first letter.
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_item(rate: str | None) -> limits.RateLimitItem | None:
    """The setting as a `limits` item (`n` requests per `seconds`), None when no rate is set."""
    if not rate:
        return None
    number, period = rate.split("/")
    return limits.RateLimitItemPerSecond(int(number), PERIODS[period.strip()[0].lower()])


@functools.cache
def limiter(storage_url: str) -> limits.strategies.MovingWindowRateLimiter:
    """One moving-window limiter per storage: the shared cache's Redis (`CACHE_URL`), else this process's memory."""
    if not storage_url:
        return limits.strategies.MovingWindowRateLimiter(limits.storage.storage_from_string("memory://"))
    # As the cache's Redis client (settings.CACHES): a Redis gone quiet costs a request a second, not a hang.
    storage = limits.storage.storage_from_string(storage_url, socket_connect_timeout=0.5, socket_timeout=1)
    return limits.strategies.MovingWindowRateLimiter(storage)


def partner_limiter() -> limits.strategies.MovingWindowRateLimiter:
    return limiter(settings.CACHE_URL)


class PartnerRateThrottle(BaseThrottle):
    """NEWSROOM_API_RATE requests per partner token in any window of the rate's length.

    A moving window (an exact log of the last requests, refused ones not counted) kept by the `limits`
    library: with `CACHE_URL` in Redis, where one atomic script checks and records a request in one
    round trip, so partners calling several hosts at once share one allowance; else in this process.
    """

    def allow_request(self, request: Request, view) -> bool:
        self.item = rate_item(settings.NEWSROOM_API_RATE)
        if self.item is None:
            return True
        token = request.auth
        self.ident = f"token-{token.pk}" if isinstance(token, Partner) else self.get_ident(request)
        # The allowance is counted in Redis (CACHE_URL): while it cannot be reached partners are served uncounted.
        if resting(settings.CACHE_URL):
            return True
        try:
            return partner_limiter().hit(self.item, "partner", self.ident)
        except UNREACHABLE as error:
            rest(settings.CACHE_URL)
            say_unreachable("The partners' rate limit (Redis at CACHE_URL)", error)
            return True

    def wait(self) -> float:
        """Seconds until the oldest request in the window leaves it (DRF sends them as Retry-After)."""
        reset = partner_limiter().get_window_stats(self.item, "partner", self.ident).reset_time
        return max(reset - time.time(), 0.0)


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
