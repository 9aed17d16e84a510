"""A per-process cache of rendered API list pages, keyed by what they depend on.

The key digests the request (path, query, host) and a stamp of the live set — how many
versions are live and the newest version's id — so a publication, an update or a withdrawal
is a new key; an entry also ends when the first live piece expires (`valid_until`). An entry
can be stale only in what no version row records (a renamed section or author), and entries
live at most `ttl()` seconds for that.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings

SIZE = 256


def ttl() -> float:
    return float(settings.NEWSROOM_NAV_CACHE_SECONDS)


class Page(NamedTuple):
    content: bytes
    etag: str
    last_modified: datetime.datetime | None
    valid_until: datetime.datetime | None  # the first expiry in the live set when it was rendered


class ListingCache:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[float, Page]] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(*parts: object) -> str:
        return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()

    def get(self, key: str, now: datetime.datetime) -> Page | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            stored_at, page = entry
            if time.monotonic() - stored_at > ttl() or (page.valid_until is not None and page.valid_until <= now):
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return page

    def put(self, key: str, page: Page) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic(), page)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


listing_cache = ListingCache()
