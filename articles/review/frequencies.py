"""How common a word is in current writing, for the spelling check: wordfreq's frequency lists.

Hunspell's dictionaries lag behind news copy ("deepfakes", "rideshare", "geolocated"); wordfreq
counts words in news, subtitles, Wikipedia, books and the web, and ships its lists inside the
package (`wordfreq/data/large_en.msgpack.gz`, …): nothing is downloaded at run time. A word unknown
to Hunspell is accepted when it is in current use and no far more common word is one slip away
from it; "recieve" is common enough on the web, but "receive" is a hundred times more common.

Frequencies are Zipf values: log10 of occurrences per billion words (3 is once per million words).
Only the words at or above a language's threshold are kept in memory, loaded once per process.
"""

from __future__ import annotations

import functools
import math
import threading

from wordfreq import get_frequency_dict

# Below this a word is rare: not evidence that a word is right (misspellings reach about 1 too).
MIN_ZIPF = {"en": 1.3, "de": 1.5}
# A word one slip away that is this much more common (ten times) makes the rarer one suspicious.
NEAR_GAP = 1.0
_LOCK = threading.Lock()


@functools.cache
def _zipfs(language: str) -> dict[str, float]:
    floor = MIN_ZIPF[language]
    return {
        word: zipf
        for word, frequency in get_frequency_dict(language, wordlist="large").items()
        if (zipf := round(math.log10(frequency * 1e9), 2)) >= floor
    }


def base_language(language: str) -> str | None:
    """ "de-AT" -> "de"; None for a language without a frequency list here."""
    base = (language or "").split("-")[0].casefold()
    return base if base in MIN_ZIPF else None


def zipf(word: str, language: str) -> float:
    """The word's Zipf frequency in `language` (0.0 when rare or unknown); case does not matter."""
    base = base_language(language)
    if base is None:
        return 0.0
    with _LOCK:  # two threads of one server must not load the same list twice
        table = _zipfs(base)
    return table.get(word.casefold().replace("\u2019", "'"), 0.0)


def is_inflection(word: str, other: str) -> bool:
    """ "walkouts" and "walkout": a plural or a third person, not a slip."""
    a, b = word.casefold(), other.casefold()
    return a == b + "s" or b == a + "s" or a == b + "es" or b == a + "es"


def more_common_near(word: str, near: list[str], language: str) -> list[str]:
    """Of the words one slip away, those far more common than `word`, most common first."""
    own = zipf(word, language)
    found = [
        (zipf(other, language), other)
        for other in near
        if " " not in other and not is_inflection(word, other) and zipf(other, language) - own >= NEAR_GAP
    ]
    return [other for _zipf, other in sorted(found, key=lambda pair: -pair[0])]


def in_current_use(word: str, near: list[str], language: str) -> bool:
    """Common enough in current writing, not two common words glued ("ofthe"), and no far more common
    word one slip away."""
    if any(" " in other for other in near):
        return False
    return zipf(word, language) > 0 and not more_common_near(word, near, language)
