# Typography is the subject here: curly quotation marks on purpose.
# ruff: noqa: RUF001
"""Spelling: words no dictionary of the piece's language knows ("recieve"), and two words run together
("Merkelsaid", "ofthe").

What is never a spelling error here: names (a capitalised word inside a sentence, or one the piece
itself uses as a name), acronyms, numbers and words with digits, URLs, e-mail addresses, handles,
name particles ("von der Leyen"), short quoted or emphasised foreign words (“Zeitenwende”), and the
newsroom dictionary. A capitalised word opening a sentence counts only when a real word is one slip
away from it: an unknown name at a sentence start is not reported.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from django.utils.translation import gettext as _

from articles.review import frequencies
from articles.review.dictionaries import MAX_WORD, speller
from articles.review.findings import CAPTION, RSQUO, FieldText, Run, quoted, word_set

# Never checked: addresses, e-mail, handles and hashtags; *emphasis* and short quotations (foreign terms).
ADDRESS_RE = re.compile(r"://|www\.|@|#|\.(?:com|org|net|gov|edu|io|co|uk|de|eu|fr|info)\b")
SPARED_RE = re.compile(r"\*[^*\n]{1,60}\*|_[^_\n]{1,60}_|[“„«\"‘][^“”„«»\"\n]{1,40}[”“»\"’]")
# ADDRESS_RE without its word boundary: what any address in any part of a text must contain.
ADDRESS_HINT_RE = re.compile(r"://|www\.|@|#|\.(?:com|org|net|gov|edu|io|co|uk|de|eu|fr|info)")
SPARED_WIDTH = 45
SPARED_WORDS = 4
# Lowercase parts of names: "Ursula von der Leyen", "Leonardo da Vinci", "Mohammed bin Salman".
NAME_PARTICLES = word_set("von van der den de del della di da du dos das le la al el bin ibn zu ter ten y")
# What a name is most often glued to: "Merkelsaid", "Bidentold".
GLUED_WORDS = sorted(
    word_set("said says told added asked and the was is has had who in of on at to for with will would wrote announced")
)
# Names end in "-is" and "-the" ("Boris", "Goethe"), never in "said": only these glue to unknown names.
REPORTING_VERBS = frozenset(("said", "says", "told", "added", "wrote", "announced"))
MIN_LENGTH = 3
# Abbreviations written with a full stop ("usw.", "ggf.", "approx."): words only with their stop, so the
# dictionary does not know them without it.
ABBREVIATIONS = word_set(
    "usw ggf evtl inkl vgl bzw sog zzgl bzgl ehem insb allg eigtl mind urspr gem jhd jh tsd mio mrd abs abschn"
    " anm bspw ca geb gest hrsg jährl lt nachm vorm verh zb zt ua uvm etc approx incl excl esp dept govt est"
    " tel fig vol no"
)
# "Theres [sic]": the writer has already marked the slip as the quoted source's.
SIC = (" [sic]", " (sic)", " [sic.]")
# Words before a bracketed acronym are a name, often in its own language: "Česká strana sociálně
# demokratická (CSSD)", "Partido Revolucionario Institucional (PRI)".
BEFORE_ACRONYM_RE = re.compile(r"(?:[ \t]+[^\W\d_]+){0,4}[ \t]+\([A-Z]{2,6}\)")
# A capitalised word before another one is a name's first part ("Kiara Perkins", "Instituto Gonzaga").
NAME_FOLLOWS_RE = re.compile(r"[ \t]+[A-Z][a-z]")
# More distinct unknown words than this in one piece, or more than half of its distinct words once
# there are MIN_SUSPECTS_FOR_SHARE of them, means it is not prose in the piece's language.
MAX_SUSPECTS = 400
MIN_SUSPECTS_FOR_SHARE = 40
SENTENCE_END = ".!?:\n"
_OPENERS = " \t\"“„‘'(«" + RSQUO


def _sentence_start(text: str, start: int) -> bool:
    before = start
    while before and text[before - 1] in _OPENERS:
        before -= 1
    return before == 0 or text[before - 1] in SENTENCE_END


def _spared(text: str, start: int, end: int) -> bool:
    """Inside an address, a handle, *emphasis* or a short quotation (a quoted foreign term): not checked."""
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(" ", end), text.find("\n", end)) if i != -1), default=len(text))
    if ADDRESS_RE.search(text, left, right):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    window_start = max(line_start, start - SPARED_WIDTH)
    window_end = min(line_end, end + SPARED_WIDTH)
    for match in SPARED_RE.finditer(text, window_start, window_end):
        if match.start() <= start and end <= match.end() and len(match.group().split()) <= SPARED_WORDS:
            return True
    return False


def _bracketed_sign_off(text: str, start: int, end: int) -> bool:
    """ "(fmu)": a sign-off is the sign-off check's business."""
    return start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")" and end - start <= 12


def _glued(word: str, names: frozenset[str], forms: frozenset[str] = frozenset(), used=frozenset()) -> str | None:
    """ "Merkelsaid" -> "Merkel said" when the piece names Merkel (or the verb is a reporting verb);
    "Londonon" -> "London on" when the dictionary has the name and the piece uses it alone. Else None."""
    for glued in GLUED_WORDS:
        name = word[: -len(glued)]
        known_name = len(name) >= 4 and name in used and name in forms and name.lower() not in forms
        if word.endswith(glued) and len(name) > 2 and (name in names or glued in REPORTING_VERBS or known_name):
            return f"{name} {glued}"
    return None


def _suspects(words: set[str], forms: frozenset[str], extra: frozenset[str]) -> set[str]:
    """The words worth a closer look: not in the expanded dictionary, lowercase or capitalised, of a word's length."""
    return {
        word
        for word in words
        if MIN_LENGTH <= len(word) <= MAX_WORD
        and word not in forms
        and (word.islower() or (word[:1].isupper() and word[1:].islower()))
        and word.lower() not in forms
        and word.lower() not in extra
    }


@functools.lru_cache(maxsize=256)
def _occurrences(words: frozenset[str]) -> re.Pattern:
    """Where these words stand as whole words: literals scan far faster than every word of the text."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    edge = r"[^\W\d_]|['" + RSQUO + r"][^\W\d_]"
    return re.compile(rf"(?<![^\W\d_]|['{RSQUO}])(?:{alternatives})(?!{edge})")


def _may_spare(text: str) -> bool:
    """Whether anything in `text` can be spared: without an address or markup, `_spared` is always False."""
    return bool(ADDRESS_HINT_RE.search(text) or SPARED_RE.search(text))


def _ignored(text: str, start: int, end: int, may_spare: bool = True) -> bool:
    """Context that makes a word no spelling matter: a compound's first part, a number, a handle, an address."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return (
        after in ("-", "/")
        or after.isdigit()
        or before.isdigit()
        or before in ("@", "#", "-", ".", "/")
        or _bracketed_sign_off(text, start, end)
        or (after == "." and text[start:end].casefold() in ABBREVIATIONS)
        or text.startswith(SIC, end)
        or (after in (" ", "\t") and BEFORE_ACRONYM_RE.match(text, end) is not None)
        or (may_spare and _spared(text, start, end))
    )


def check_spelling(run: Run) -> None:
    texts = list(run.texts_of("headline", "kicker", "teaser", "body", CAPTION))
    if not texts:
        return
    spell = speller(run.language)
    extra = run.newsroom_words
    # Almost every word is one set lookup; only the few left are looked at in their context.
    used = frozenset().union(*(run.words_of(source) for source in texts))
    suspects = _suspects(set(used), spell.forms, extra)
    suspects = {word for word in suspects if not (word.islower() and word.replace(RSQUO, "'") in spell.forms)}
    foreign = len(suspects) >= MIN_SUSPECTS_FOR_SHARE and 2 * len(suspects) > len(used)
    if not suspects or len(suspects) > MAX_SUSPECTS or foreign:
        return  # nothing to look at, or not prose at all (a table, code, another language): nothing useful to say
    places: dict[str, list[tuple[FieldText, int, int]]] = defaultdict(list)
    names: set[str] = set()
    for source in texts:
        text = source.text
        may_spare = _may_spare(text)  # once per text: prose without markup is then never looked at again
        for match in _occurrences(frozenset(suspects)).finditer(text):
            word = match.group()
            start, end = match.span()
            if _ignored(text, start, end, may_spare):
                continue
            if word[:1].isupper() and not _sentence_start(text, start):
                names.add(word)  # used inside a sentence: a name, wherever else it appears
            places[word].append((source, start, end))
    frozen_names = frozenset(names)
    # Translated once per run, not per word: a piece in another language can have hundreds.
    run_together = _("%(word)s: two words run together; write %(fix)s.")
    did_you_mean = _("%(word)s is not in the dictionary and rare in current writing; did you mean %(fix)s?")
    common_near = _("%(word)s is not in the dictionary and close to a far more common word; did you mean %(fix)s?")
    near_common = _("%(word)s is not in the dictionary and close to far more common words: %(near)s.")
    unknown = _("%(word)s is not in the dictionary and rare in current writing.")
    for word, found in places.items():
        (source, start, end), *others = found
        fix = _verdict(word, word.lower(), source.text, start, spell, frozen_names, extra, run.language, used)
        if fix is False:
            continue
        if fix and " " in fix and word[:1].isupper():
            message = run_together % {"word": quoted(word), "fix": quoted(fix)}
        elif fix:
            rare = not frequencies.zipf(word, run.language)
            message = (did_you_mean if rare else common_near) % {"word": quoted(word), "fix": quoted(fix)}
        elif near := frequencies.more_common_near(word, spell.corrections(word, extra=extra), run.language)[:3]:
            message = near_common % {"word": quoted(word), "near": ", ".join(quoted(other) for other in near)}
        else:
            message = unknown % {"word": quoted(word)}
        run.report_at(source, start, end, message, [s.span(a, b) for s, a, b in others], fix=fix or None)


def _current(word: str, spell, extra, language: str) -> bool:
    """In current use (wordfreq) though Hunspell lacks it: "deepfakes", "rideshare". Not a name in lower
    case ("scientology": only "Scientology" is known)."""
    if word.islower() and word.capitalize() in spell.forms:
        return False
    return frequencies.in_current_use(word, spell.corrections(word, extra=extra), language)


def _verdict(word, lower, text, start, spell, names, extra, language, used=frozenset()) -> str | bool:
    """False: not a misspelling. Otherwise the correction when there is exactly one ("" when none)."""
    if word.islower():
        if lower in NAME_PARTICLES or word.replace(RSQUO, "'") in spell.forms or spell.known(word):
            return False
        if word.endswith(("'s", RSQUO + "s")) and spell.known(word[:-2]):
            return False
        if _current(word, spell, extra, language):
            return False
        return spell.correction(word, extra=extra)
    if not (word[:1].isupper() and word[1:].islower()):
        return False  # an acronym or a brand: "NATO", "iPhone", "McDonald"
    glued = _glued(word, names, spell.forms, used)
    if glued:
        return glued
    if not _sentence_start(text, start) or word in names or spell.known(word):
        return False
    if word.endswith(("'s", RSQUO + "s")):
        return False  # a name's possessive
    if NAME_FOLLOWS_RE.match(text, start + len(word)):
        return False  # the first part of a name: "Kiara Perkins said"
    # An unknown capitalised word with an obvious correction is a typo; anything else is a name.
    if _current(word, spell, extra, language):
        return False
    correction = spell.correction(word, extra=extra)
    return correction if correction and " " not in correction else False
