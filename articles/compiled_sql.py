"""What the hot read paths' compile-once queries share (the article page's, the partners' API's).

Both compile a queryset's SQL once per process with placeholder values standing for
the time and the request's values, then run it with each call's values by name.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

# The time a queryset is compiled with; its adapted value marks the `now` parameter.
SENTINEL_NOW = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

_POSITIONAL = re.compile(r"(?<!%)%s")


def with_named_placeholders(sql: str, names: Iterable[str]) -> str:
    """`sql` with its positional `%s` placeholders named in order (`%(slug)s`; a name may repeat).

    The database backends take named placeholders as they are, where SQLite's would otherwise
    rewrite every `%s` with a regular expression on each call.
    """
    order = iter(names)
    return _POSITIONAL.sub(lambda _match: f"%({next(order)})s", sql)
