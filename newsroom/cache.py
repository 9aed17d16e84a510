"""Django's Redis cache, keeping one `redis.Redis` client per connection pool; the near cache in front of it.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` object for every cache call, and
its constructor fills a table of response callbacks each time: measured, about 0.3 ms per call,
more than the round trip to Redis itself (docs/benchmarks.md). A client is safe to share between
threads (the pool hands out the connections), so one per pool serves every call.

With a shared cache, `CACHES["near"]` (Django's local-memory backend, one second) sits in front of it
in each process for what may be a second old anyway: the publication generation, partner tokens and
the answers keyed by the generation (`articles.public_cache`).

An unreachable Redis makes a slower site, not a broken one: what the cache keeps is an aid (answers keyed by
the generation, which lives in the database; counts kept for seconds), so reads miss and writes are dropped —
and every process says so in its log at ERROR, once a minute while it lasts (docs/caching.md).
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


def near() -> BaseCache | None:
    """This process's own cache in front of the shared one, or None when the default cache is local already."""
    return caches["near"] if "near" in settings.CACHES else None


def local() -> BaseCache:
    """Where this process keeps what may be a second old: the near cache, else the (local) default cache."""
    return near() or cache


class KeptClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


logger = logging.getLogger("newsroom.cache")

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
SAY_EVERY_SECONDS = 60.0
# After a call finds Redis unreachable, the process leaves it alone this long (every call a miss at once),
# then tries again: a Redis gone silent would otherwise cost every call its timeout (a page 2-6 s).
REST_SECONDS = 5.0


def reachable(alias: str = DEFAULT_CACHE_ALIAS) -> bool:
    """Whether the cache keeps what it is given: a value written is read back (False while Redis is down)."""
    key, token = f"newsroom:reachable:{uuid.uuid4().hex}", uuid.uuid4().hex
    caches[alias].set(key, token, timeout=10)
    kept = caches[alias].get(key) == token
    caches[alias].delete(key)
    return kept


_said_at: dict[str, float] = {}
_resting_until: dict[str, float] = {}  # by server location, for every thread's backend in this process


def say_unreachable(what: str, error: Exception) -> None:
    """Log at ERROR that `what` (a server, named without its password) cannot be reached: once a minute per process."""
    now = time.monotonic()
    if what in _said_at and now - _said_at[what] < SAY_EVERY_SECONDS:
        return
    _said_at[what] = now
    logger.error(
        "%s cannot be reached: the newsroom carries on without it (said once a minute while it lasts). %s",
        what,
        error,
    )


def resting(location: str) -> bool:
    """Whether this process is leaving the Redis at `location` alone, having found it unreachable lately."""
    return _resting_until.get(location, 0.0) > time.monotonic()


def rest(location: str) -> None:
    """Leave the Redis at `location` alone for `REST_SECONDS` (every call a miss at once), then try again."""
    _resting_until[location] = time.monotonic() + REST_SECONDS


def _not_found(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found: the cache cannot be reached")


def _or(answer):
    """The backend's method, answering `answer(*its arguments)` instead while Redis cannot be reached."""

    def carry_on(method):
        @functools.wraps(method)
        def without_redis(self, *args, **kwargs):
            if resting(self._location):
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                rest(self._location)
                self._unreachable(error)
                return answer(*args, **kwargs)

        return without_redis

    return carry_on


class RedisCache(DjangoRedisCache):
    """Django's Redis cache with one client per pool (`KeptClient`) that carries on without Redis.

    While Redis cannot be reached every read is a miss and every write is dropped (`add` too: nothing was
    added; `incr` finds no key), so pages are made afresh; after such a call the process leaves Redis alone
    for `REST_SECONDS`, and the outage is logged at ERROR once a minute per process. Errors other than an
    unreachable server (a bad value, a full memory) still raise.
    """

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = KeptClient
        self._location = ",".join(self._servers)

    def _unreachable(self, error: Exception) -> None:
        where = ", ".join(f"{urlsplit(server).hostname}:{urlsplit(server).port or 6379}" for server in self._servers)
        say_unreachable(f"The shared cache (Redis at {where})", error)

    get = _or(lambda key, default=None, version=None: default)(DjangoRedisCache.get)
    get_many = _or(lambda *args, **kwargs: {})(DjangoRedisCache.get_many)
    has_key = _or(lambda *args, **kwargs: False)(DjangoRedisCache.has_key)
    set = _or(lambda *args, **kwargs: None)(DjangoRedisCache.set)
    add = _or(lambda *args, **kwargs: False)(DjangoRedisCache.add)
    set_many = _or(lambda data, *args, **kwargs: list(data))(DjangoRedisCache.set_many)  # the keys not stored
    touch = _or(lambda *args, **kwargs: False)(DjangoRedisCache.touch)
    delete = _or(lambda *args, **kwargs: False)(DjangoRedisCache.delete)
    delete_many = _or(lambda *args, **kwargs: None)(DjangoRedisCache.delete_many)
    incr = _or(_not_found)(DjangoRedisCache.incr)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        made = []

        def once():  # made at most once, whichever step finds Redis gone
            if not made:
                made.append(default() if callable(default) else default)
            return made[0]

        try:
            return super().get_or_set(key, once, timeout, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return once()
