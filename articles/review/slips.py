"""Typing slips: a word typed twice, a double space."""

from __future__ import annotations

import functools
import itertools
import re

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, LSQUO, RSQUO, TEXT_FIELDS, Run, quoted
from articles.review.german import ALLOWED_REPEATS as GERMAN_ALLOWED_REPEATS
from articles.review.german import is_german

# Repeats that are good English: "he had had enough", "she said that that was wrong".
ALLOWED_REPEATS = frozenset({"had", "that", "do"})
DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


# Punctuation around words becomes a space for the pre-test below.
_PUNCTUATION_RE = re.compile('[“"„«»”()\\[\\].,;:!?…' + LSQUO + RSQUO + "]")


@functools.lru_cache(maxsize=32)
def _repeated_candidates(text: str) -> frozenset[str]:
    """Cheap pre-test on whitespace tokens: the words that may be repeated (usually none)."""
    tokens = _PUNCTUATION_RE.sub(" ", text.lower()).split()
    return frozenset(a for a, b in itertools.pairwise(tokens) if a == b and a.isalpha())


@functools.lru_cache(maxsize=64)
def _repeated_word_pattern(words: frozenset[str]) -> re.Pattern:
    # Only the candidate words: a regex that starts with literals scans far faster than "any word".
    alternatives = "|".join(re.escape(word) for word in sorted(words))
    edge = r"[\w'" + RSQUO + r"-]"
    return re.compile(rf"(?<!{edge})({alternatives})[ \t]+(\1)(?!{edge})", re.IGNORECASE)


def check_repeated_word(run: Run) -> None:
    german = is_german(run)
    allowed = GERMAN_ALLOWED_REPEATS if german else ALLOWED_REPEATS
    for source in run.texts_of(*TEXT_FIELDS, CAPTION):
        candidates = _repeated_candidates(source.text)
        if not candidates:
            continue
        for match in _repeated_word_pattern(candidates).finditer(source.text):
            first, second = match.group(1), match.group(2)
            if first.casefold() in allowed:
                continue
            if first.isupper() != second.isupper() and len(first) > 1:
                continue  # a word and an acronym or name in capitals: "the first FIRST competition"
            if first == second and first[:1].isupper() and not german:
                continue  # capitalised: the "repeated-name" check decides (in German any noun is capitalised)
            run.report_at(
                source,
                match.start(),
                match.end(),
                _("The word %(word)s is repeated.") % {"word": quoted(second)},
                fix=first,
            )


def check_double_space(run: Run) -> None:
    for source in run.texts_of(*TEXT_FIELDS, CAPTION):
        if "  " not in source.text and "\t" not in source.text:
            continue
        matches = list(DOUBLE_SPACE_RE.finditer(source.text))
        if not matches:
            continue
        first, *others = matches
        if others:
            message = _("Double space (%(count)s times in this text).") % {"count": len(matches)}
        else:
            message = _("Double space.")
        run.report_at(
            source,
            first.start(),
            first.end(),
            message,
            more=[source.span(m.start(), m.end()) for m in others],
            fix=" ",
        )


# Names that are one word said twice: never a slip.
DOUBLE_NAMES = frozenset(
    str.split(
        "duran walla bora pago sirhan baden mahi talk bye cha can ylang tom toto mau sing kuala dum berri bam "
        "chop yo tut lulu mimi bonga sen ba kiri muu tutu beri wagga woy kumba kanu"
    )
)
# Said twice on purpose, in capitals: a chant, a shout. Any other word in capitals twice ("NATO NATO") is a slip.
EMPHASIS = frozenset(("NO", "YES", "GO", "HA", "LA", "NA", "BYE", "OK", "BOOM", "BANG"))
_CAPITALISED_REPEAT_RE = re.compile(r"(?<![\w'" + RSQUO + r"-])([A-Z][\w]*)[ \t]+(\1)(?![\w'" + RSQUO + r"-])")


def check_repeated_name(run: Run) -> None:
    """A capitalised word typed twice ("Siemens Siemens"), unless the pair is a name ("Duran Duran")."""
    if is_german(run):  # German capitalises every noun: "repeated-word" reports those repeats
        return
    for source in run.texts_of(*TEXT_FIELDS, CAPTION):
        candidates = _repeated_candidates(source.text)
        if not candidates:
            continue
        for match in _CAPITALISED_REPEAT_RE.finditer(source.text):
            word = match.group(1)
            if word.casefold() in DOUBLE_NAMES or word.casefold() not in candidates or word in EMPHASIS:
                continue  # a known double name, or a word said twice for emphasis ("NO NO")
            run.report_at(
                source,
                match.start(),
                match.end(),
                _("The word %(word)s is repeated.") % {"word": quoted(word)},
                fix=word,
            )
