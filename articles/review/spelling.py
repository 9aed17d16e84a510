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

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from articles.review.dictionaries import speller
from articles.review.findings import CAPTION, RSQUO, _quoted, _Run, _Text
from articles.review.run_together import _words

WORD_RE = re.compile(r"[^\W\d_]+(?:['" + RSQUO + r"][^\W\d_]+)*")
# Spans never checked: addresses, e-mail, handles and hashtags, *emphasis*, short quotations.
SKIP_RE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\b[\w-]+\.(?:com|org|net|gov|edu|io|co|uk|de|eu|fr|info)\b\S*"
    r"|\*[^*\n]{1,60}\*|_[^_\n]{1,60}_"
    r"|[“„«\"‘][^“”„«»\"\n]{1,40}[”“»\"’]",
)
# Lowercase parts of names: "Ursula von der Leyen", "Leonardo da Vinci", "Mohammed bin Salman".
NAME_PARTICLES = _words("von van der den de del della di da du dos das le la al el bin ibn zu ter ten y")
# What a name is most often glued to: "Merkelsaid", "Bidentold".
GLUED_WORDS = sorted(
    _words("said says told added asked and the was is has had who in of on at to for with will would wrote announced")
)
# Names end in "-is" and "-the" ("Boris", "Goethe"), never in "said": only these glue to unknown names.
REPORTING_VERBS = frozenset(("said", "says", "told", "added", "wrote", "announced"))
MIN_LENGTH = 3
SENTENCE_END = ".!?:\n"
_OPENERS = " \t\"“„‘'(«" + RSQUO


def _sentence_start(text: str, start: int) -> bool:
    before = start
    while before and text[before - 1] in _OPENERS:
        before -= 1
    return before == 0 or text[before - 1] in SENTENCE_END


def _names(texts: list[_Text]) -> frozenset[str]:
    """Capitalised words the piece uses inside sentences: its names ("Kharkiv", "Merkel")."""
    names = set()
    for source in texts:
        for match in WORD_RE.finditer(source.text):
            word = match.group()
            if word[:1].isupper() and not _sentence_start(source.text, match.start()):
                names.add(word)
    return frozenset(names)


def _skipped(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in SKIP_RE.finditer(text):
        quoted = match.group()
        if quoted[:1] in '“„«"‘' and len(quoted.split()) > 4:
            continue  # a real quotation is English to check; only a short quoted term is spared
        spans.append(match.span())
    return spans


def _bracketed_sign_off(text: str, start: int, end: int) -> bool:
    """ "(fmu)": a sign-off is the sign-off check's business."""
    return start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")" and end - start <= 12


def _glued(word: str, names: frozenset[str]) -> str | None:
    """ "Merkelsaid" -> "Merkel said" when the piece names Merkel (or the verb is a reporting verb); else None."""
    for glued in GLUED_WORDS:
        name = word[: -len(glued)]
        if word.endswith(glued) and len(name) > 2 and (name in names or glued in REPORTING_VERBS):
            return f"{name} {glued}"
    return None


def check_spelling(run: _Run) -> None:
    texts = list(run.texts_of("headline", "kicker", "teaser", "body", CAPTION))
    if not texts:
        return
    spell = speller(run.language)
    names = _names(texts)
    extra = run.newsroom_words
    # One finding per misspelled word, every place it occurs in `more`.
    places: dict[str, list[tuple[_Text, int, int]]] = defaultdict(list)
    fixes: dict[str, str | None] = {}
    for source in texts:
        text = source.text
        skipped = _skipped(text) if ("/" in text or "@" in text or "#" in text or "*" in text or "_" in text) else []
        if not skipped and any(mark in text for mark in '“„«"‘'):
            skipped = _skipped(text)
        for match in WORD_RE.finditer(text):
            word = match.group()
            start, end = match.span()
            if len(word) < MIN_LENGTH or word in fixes:
                if word in fixes:
                    places[word].append((source, start, end))
                continue
            lower = word.lower()
            if lower in extra or (word.islower() and word in spell.forms):
                continue
            if (end < len(text) and (text[end] == "-" or text[end].isdigit())) or (start and text[start - 1].isdigit()):
                continue  # the first part of a compound ("anti-") or a word glued to a number
            if (start and text[start - 1] in "@#-./") or (end < len(text) and text[end] == "/"):
                continue  # a handle, a compound's second part, an agency chain ("AP/dpa")
            if any(a <= start < b for a, b in skipped) or _bracketed_sign_off(text, start, end):
                continue
            fix = _verdict(word, lower, text, start, spell, names, extra)
            if fix is False:
                continue
            fixes[word] = fix or None
            places[word].append((source, start, end))
    for word, found in places.items():
        (source, start, end), *others = found
        fix = fixes[word]
        if fix and " " in fix and word[:1].isupper():
            message = _("%(word)s: two words run together; write %(fix)s.") % {
                "word": _quoted(word),
                "fix": _quoted(fix),
            }
        elif fix:
            message = _("%(word)s is not in the dictionary; did you mean %(fix)s?") % {
                "word": _quoted(word),
                "fix": _quoted(fix),
            }
        else:
            message = _("%(word)s is not in the dictionary.") % {"word": _quoted(word)}
        run.report_at(source, start, end, message, [s.span(a, b) for s, a, b in others], fix=fix)


def _verdict(word, lower, text, start, spell, names, extra) -> str | bool:
    """False: not a misspelling. Otherwise the correction when there is exactly one ("" when none)."""
    if word.islower():
        if lower in NAME_PARTICLES or word.replace(RSQUO, "'") in spell.forms or spell.known(word):
            return False
        if word.endswith(("'s", RSQUO + "s")) and spell.known(word[:-2]):
            return False
        return spell.correction(word, extra=extra)
    if not (word[:1].isupper() and word[1:].islower()):
        return False  # an acronym or a brand: "NATO", "iPhone", "McDonald"
    glued = _glued(word, names)
    if glued:
        return glued
    if not _sentence_start(text, start) or word in names or spell.known(word):
        return False
    if word.endswith(("'s", RSQUO + "s")):
        return False  # a name's possessive
    # An unknown capitalised word with an obvious correction is a typo; anything else is a name.
    correction = spell.correction(word, extra=extra)
    return correction if correction and " " not in correction else False
