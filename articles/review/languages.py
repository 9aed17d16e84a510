"""Which language a text is written in, German or English, decided by the text itself.

The most common short words decide ("der", "und", "ist" against "the", "and", "is"): on a
paragraph or more they tell German from English reliably, whatever labels surround the text. Only
when the text is too short to be sure do the agency format's own words break the tie ("Von:",
"Startseite", "(Archivbild)", "Foto:" against "From:", "Home page"). A text whose function words
are split between both languages is mixed: the review assistant flags it for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.review.findings import Run
from articles.review.german import piece_language

GERMAN_MARKERS_RE = re.compile(
    r"^(?:von|autor(?:in)?):\s|^datum\s|\bstartseite\b|\((?:archivbild|archivfoto)\)|\bfoto:\s", re.IGNORECASE | re.M
)
ENGLISH_MARKERS_RE = re.compile(r"^(?:from|by):\s|\bhome\s*page\b|\((?:archive image|archive photo)\)", re.I | re.M)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GERMAN_WORDS = _words(
    "der die das und ist nicht ein eine mit sich auf für dem den des von zu im auch sie es wird wurde sind hat"
)
ENGLISH_WORDS = _words("the and is not a an with on for of to in also she it will was are has have that")
WORD_RE = re.compile(r"[^\W\d_]+")
# Function words needed before the text alone decides, and the share the leading language must have.
SURE_WORDS = 8
SURE_SHARE = 0.75
# A text is mixed when the other language has at least this share of at least MIXED_WORDS function words.
MIXED_SHARE = 0.3
MIXED_WORDS = 20


@dataclass(frozen=True)
class Evidence:
    """How many German and English function words a text has."""

    german: int
    english: int

    @property
    def total(self) -> int:
        return self.german + self.english

    @property
    def leading(self) -> str:
        return "de" if self.german > self.english else "en"

    @property
    def sure(self) -> bool:
        return self.total >= SURE_WORDS and max(self.german, self.english) >= SURE_SHARE * self.total

    @property
    def mixed(self) -> bool:
        return self.total >= MIXED_WORDS and min(self.german, self.english) >= MIXED_SHARE * self.total


def evidence(text: str) -> Evidence:
    german = english = 0
    for word in WORD_RE.findall(text.casefold()):
        german += word in GERMAN_WORDS
        english += word in ENGLISH_WORDS
    return Evidence(german, english)


def detect_language(text: str) -> str:
    """ "de" or "en" for a text; English when nothing points to German."""
    found = evidence(text)
    if found.sure:
        return found.leading
    german_markers = len(GERMAN_MARKERS_RE.findall(text))
    english_markers = len(ENGLISH_MARKERS_RE.findall(text))
    if german_markers != english_markers:
        return "de" if german_markers > english_markers else "en"
    return found.leading


LANGUAGE_NAMES = {"de": gettext_lazy("German"), "en": gettext_lazy("English")}


def check_language(run: Run) -> None:
    """The text's own language against the piece's: a piece stored in the wrong one gets the wrong checks."""
    text = "\n\n".join(source.text for source in run.texts_of("headline", "teaser", "body"))
    found = evidence(text)
    stored = piece_language(run)
    if found.mixed:
        run.report(
            "language",
            _("The text mixes German and English: check that the piece's language (%(language)s) is right.")
            % {"language": LANGUAGE_NAMES.get(stored, stored)},
        )
    elif found.sure and found.leading != stored and stored in LANGUAGE_NAMES:
        run.report(
            "language",
            _(
                "The text reads as %(text_language)s, but the piece is set to %(language)s: its checks and "
                "dictionary follow the piece's language."
            )
            % {"text_language": LANGUAGE_NAMES[found.leading], "language": LANGUAGE_NAMES[stored]},
        )
