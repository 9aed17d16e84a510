"""A per-process cache of rendered API list pages, keyed by what they depend on.

The key digests the request (path, query, host) and a stamp of the live set — how many
pieces are live and when the newest was last written — so a publication, an update, a
withdrawal or an expiry is a new key: an entry can be stale only in what no version row
records (a renamed section or author), and entries live at most `TTL` seconds for that.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings

SIZE = 256


def ttl() -> float:
    return float(settings.NEWSROOM_NAV_CACHE_SECONDS)


class ListingCache:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[float, bytes, object]] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(*parts: object) -> str:
        return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()

    def get(self, key: str) -> tuple[bytes, object] | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            stored_at, content, extra = entry
            if time.monotonic() - stored_at > ttl():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return content, extra

    def put(self, key: str, content: bytes, extra: object = None) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic(), content, extra)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


listing_cache = ListingCache()
