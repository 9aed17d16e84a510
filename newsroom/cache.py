"""Django's Redis cache, keeping one `redis.Redis` client per connection pool; the near cache in front of it.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` object for every cache call, and
its constructor fills a table of response callbacks each time: measured, about 0.3 ms per call,
more than the round trip to Redis itself (docs/benchmarks.md). A client is safe to share between
threads (the pool hands out the connections), so one per pool serves every call.

With a shared cache, `CACHES["near"]` (Django's local-memory backend, one second) sits in front of it
in each process for what may be a second old anyway: the publication generation, partner tokens and
the answers keyed by the generation (`articles.public_cache`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import BaseCache, cache, caches
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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = KeptClient
