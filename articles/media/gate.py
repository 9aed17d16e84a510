"""The gate: may this rendition be handed out, and to whom? One indexed query, or a cache hit.

A rendition (`renditions/<image>/<source key>/<file>`) is public while a public version
(`PublishedVersion.objects.public()`: live, past its embargo, not expired) shows the picture with
that source key (the crop frozen in `PublishedPicture`) and the picture's rights have not run out.
Partners (signed addresses, `partner_url`) may also get it while the showing version is live but
still embargoed. The answer is cached under the publication generation (`articles/generation.py`),
which every change of what is public bumps; moments that change the answer without a transaction
(an embargo ending, an expiry, the rights' last day) cap how long it is kept.

Addresses carry a keyed hash of image and source key (`token`), so they cannot be computed from
an image's number: `/media/renditions/<image>/<token>/<source key>/<file>`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, Subquery
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from articles import generation
from articles.models import PublicationGeneration, PublishedPicture, PublishedVersion

TOKEN_SALT = "newsroom.renditions.address"
PARTNER_SALT = "newsroom.renditions.partner"
RENDITIONS_PREFIX = "renditions/"
# An answer is kept at most this long even when no moment would change it (the generation changes keys).
LONGEST = 24 * 3600


def token(image_id: int, key: str) -> str:
    """The keyed hash that makes a rendition's address unguessable (secret: SECRET_KEY)."""
    return salted_hmac(TOKEN_SALT, f"{image_id}/{key}", algorithm="sha256").hexdigest()[:24]


def token_matches(image_id: int, key: str, given: str) -> bool:
    return constant_time_compare(token(image_id, key), given)


def public_path(name: str) -> str:
    """The reader's address of the rendition stored as `renditions/<image>/<key>/<file>`."""
    image_id, key, filename = name.removeprefix(RENDITIONS_PREFIX).split("/", 2)
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/"
    return f"{media_url}{RENDITIONS_PREFIX}{image_id}/{token(int(image_id), key)}/{key}/{quote(filename)}"


def partner_url(name: str) -> str:
    """A partner's signed, expiring address (`NEWSROOM_PARTNER_URL_SECONDS`) of a live but embargoed picture."""
    path = public_path(name)
    signature = signing.TimestampSigner(salt=PARTNER_SALT).sign(path).removeprefix(path + ":")
    return f"{path}?signature={signature}"


def partner_signature_valid(path: str, signature: str) -> bool:
    try:
        signing.TimestampSigner(salt=PARTNER_SALT).unsign(
            f"{path}:{signature}", max_age=settings.NEWSROOM_PARTNER_URL_SECONDS
        )
    except signing.BadSignature:  # SignatureExpired is one
        return False
    return True


@dataclass(frozen=True)
class Answer:
    public: bool  # a public version shows it: readers may have it
    live: bool  # a live (maybe embargoed) version shows it: partners with a signed address may have it
    ever: bool  # some published version showed it once (gone, not never there)


def _cache_key(generation_value: int, image_id: int, key: str) -> str:
    return f"newsroom:rendition-gate:{generation_value}:{image_id}:{key}"


def _rights_end(last_day: datetime.date | None) -> datetime.datetime | None:
    """The rights run out at the start of the day after `rights_expire_on` (site time zone)."""
    if last_day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time()))


def _ask(image_id: int, key: str, now: datetime.datetime) -> tuple[Answer, int | None, float]:
    """The answer, the generation it was read under and how many seconds it holds: one query."""
    today = timezone.localdate(now)
    rights_ok = Q(image__rights_expire_on__isnull=True) | Q(image__rights_expire_on__gte=today)
    live = Q(version__in=PublishedVersion.objects.live(now).values("pk")) & rights_ok
    public = Q(version__in=PublishedVersion.objects.public(now).values("pk")) & rights_ok
    facts = PublishedPicture.objects.filter(image_id=image_id, source_key=key).aggregate(
        public=Count("pk", filter=public),
        live=Count("pk", filter=live),
        ever=Count("pk"),
        embargo_ends=Min("version__embargoed_until", filter=live & Q(version__embargoed_until__gt=now)),
        expires=Min("version__expire_at", filter=public),
        rights_until=Max("image__rights_expire_on"),
        # Read in the same statement, so the answer is filed under the generation it is true for.
        generation=Max(Subquery(PublicationGeneration.objects.filter(pk=1).values("value")[:1])),
    )
    answer = Answer(public=facts["public"] > 0, live=facts["live"] > 0, ever=facts["ever"] > 0)
    moments = [facts["embargo_ends"], facts["expires"], _rights_end(facts["rights_until"])]
    seconds = min([(moment - now).total_seconds() for moment in moments if moment] + [LONGEST])
    return answer, facts["generation"], seconds


def answer(image_id: int, key: str) -> Answer:
    """Whether readers (and partners) may have this picture's renditions of this source key now."""
    known = cache.get(generation.CACHE_KEY)
    if known is not None:
        cached = cache.get(_cache_key(known, image_id, key))
        if cached is not None:
            return Answer(*cached)
    found, read_generation, seconds = _ask(image_id, key, timezone.now())
    filed_under = read_generation or known
    if filed_under is not None and seconds >= 1:
        cache.set(_cache_key(filed_under, image_id, key), (found.public, found.live, found.ever), timeout=int(seconds))
        if known is None and read_generation is not None:
            # As generation.current() would have cached it: later requests then need no query at all.
            cache.add(generation.CACHE_KEY, read_generation, timeout=settings.NEWSROOM_GENERATION_SECONDS)
    return found
