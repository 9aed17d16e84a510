"""Which language an agency file is written in: German or English, decided per file.

The format's own words decide first ("Von:", "Startseite", "(Archivbild)", "Foto:"); without
them, the text's most common short words do ("der", "und", "ist" against "the", "and", "is"),
which tell German from English apart reliably on a paragraph or more.
"""

from __future__ import annotations

import re

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


def detect_language(text: str) -> str:
    """ "de" or "en" for an agency file's text; English when nothing points to German."""
    german_markers = len(GERMAN_MARKERS_RE.findall(text))
    english_markers = len(ENGLISH_MARKERS_RE.findall(text))
    if german_markers != english_markers:
        return "de" if german_markers > english_markers else "en"
    german = english = 0
    for word in WORD_RE.findall(text.casefold()):
        german += word in GERMAN_WORDS
        english += word in ENGLISH_WORDS
    return "de" if german > english else "en"
