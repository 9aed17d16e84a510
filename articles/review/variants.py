"""The same word spelled two ways in one piece: "artefacts" and "artifacts", "organisation" and
"organization", "defence" and "defense".

Both spellings are in the dictionary, so the spelling check accepts each; only the pair in one
piece is the slip. The spelling used less often is reported, with the other as its correction.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, FieldText, Run, quoted

WORD_RE = re.compile(r"\b[a-zA-Z]{4,}\b")
# (British ending, American ending): both sides must be real words, checked by `_variants`.
ENDINGS = (
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ourful", "orful"),
    ("ourite", "orite"),
    ("ourites", "orites"),
    ("ourable", "orable"),
    ("ouring", "oring"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("ence", "ense"),
    ("elled", "eled"),
    ("elling", "eling"),
    ("eller", "eler"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("yse", "yze"),
    ("ysed", "yzed"),
)
# Whole words the endings do not cover.
PAIRS = {
    "artefact": "artifact",
    "artefacts": "artifacts",
    "grey": "gray",
    "aluminium": "aluminum",
    "paediatric": "pediatric",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "sceptical": "skeptical",
    "jewellery": "jewelry",
    "cheque": "check",
    "plough": "plow",
    "kerb": "curb",
    "judgement": "judgment",
    "ageing": "aging",
    "fulfil": "fulfill",
    "enrol": "enroll",
    "storey": "story",
}
# Words whose "variant" is another word: "licence" (noun) and "license" (verb) are both British.
NOT_VARIANTS = frozenset(
    {
        "license",
        "licence",
        "practise",
        "practice",
        "devise",
        "device",
        "advise",
        "advice",
        "hour",
        "hor",
        "four",
        "for",
        "pour",
        "por",
        "tour",
        "tor",
        "your",
        "yor",
        "sour",
        "sor",
        "flour",
        "flor",
        "dour",
        "metre",
        "meter",
        "litre",
        "liter",
        "program",
        "programme",
        "check",
        "cheque",
        "story",
        "storey",
        "curb",
        "kerb",
        "precise",
        "precize",
        "wise",
        "wize",
        "rise",
        "rize",
        "size",
        "sise",
        "prize",
        "prise",
        "seize",
        "seise",
        "capsize",
        "excise",
        "exercise",
        "franchise",
        "merchandise",
        "premise",
        "promise",
        "surprise",
        "compromise",
        "comprise",
        "despise",
        "enterprise",
        "expertise",
        "supervise",
        "televise",
        "revise",
        "improvise",
        "chastise",
        "disguise",
        "incise",
        "apprise",
        "arise",
        "concise",
        "sense",
        "since",
        "hence",
        "fence",
        "pence",
        "dense",
        "tense",
        "whence",
        "thence",
        "defense",
    }
)


_BOTH_WAYS = PAIRS | {american: british for british, american in PAIRS.items()}
_TAILS = tuple({ending for pair in ENDINGS for ending in pair})
_SKIPPED = NOT_VARIANTS - {"defense"}


def _variant(word: str) -> str | None:
    """The other spelling of a British or American word, or None."""
    if word in _BOTH_WAYS:
        return _BOTH_WAYS[word]
    if word in _SKIPPED or not word.endswith(_TAILS):
        return None
    for british, american in ENDINGS:
        if word.endswith(british):
            return word[: -len(british)] + american
        if word.endswith(american):
            return word[: -len(american)] + british
    return None


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 8) : start].rstrip(" \t\"'(\u201c\u2018")
    return (not before and start < 8) or before[-1:] in (".", "!", "?", ":", "\n")


def _pairs(words: set[str]) -> bool:
    return any((other := _variant(word)) and other in words for word in words)


def check_spelled_two_ways(run: Run) -> None:
    sources = list(run.texts_of("headline", "kicker", "teaser", "body", CAPTION))
    # Cheap first: is any pair there at all? Only then find where each spelling stands.
    if not _pairs({word.lower() for source in sources for word in run.words_of(source) if word[1:].islower()}):
        return
    seen: dict[str, list[tuple[FieldText, int, int, str]]] = defaultdict(list)
    for source in sources:
        for match in WORD_RE.finditer(source.text):
            word = match.group()
            if not word.islower():
                if not (word[1:].islower() and _sentence_start(source.text, match.start())):
                    continue  # names keep their own spelling: "Labor Party" beside "labour market"
                word = word.lower()  # "Colourful lanterns…" opening a sentence is the word "colourful"
            seen[word].append((source, match.start(), match.end(), match.group()))
    reported: set[str] = set()
    for word in list(seen):
        other = _variant(word)
        if not other or other not in seen or word in reported or other in reported:
            continue
        if other in NOT_VARIANTS and word in NOT_VARIANTS:
            continue
        # The spelling used less often is the slip; on a tie, the one that comes second.
        if len(seen[word]) != len(seen[other]):
            rare, common = (word, other) if len(seen[word]) < len(seen[other]) else (other, word)
        else:
            order = {id(text): index for index, text in enumerate(run.texts)}
            first_word, first_other = seen[word][0], seen[other][0]
            word_later = (order[id(first_word[0])], first_word[1]) > (order[id(first_other[0])], first_other[1])
            rare, common = (word, other) if word_later else (other, word)
        reported.update((word, other))
        (source, start, end, written), *others = seen[rare]
        fix = other if rare == word else word
        fix = fix.capitalize() if written[:1].isupper() else fix
        run.report_at(
            source,
            start,
            end,
            _("%(rare)s and %(common)s: the piece spells the word two ways.")
            % {"rare": quoted(written), "common": quoted(seen[common][0][3])},
            more=[text.span(a, b) for text, a, b, _word in others],
            fix=fix,
        )
