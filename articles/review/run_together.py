"""Two sentences run together: "…and the Crimea The missiles…", "…of the NATO On the other hand…".

A full stop is missing; which capitalised words count, and where, is explained below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from articles.review import german
from articles.review.findings import CAPTION, LSQUO, RSQUO, Run, quoted, word_set

# Precision matters more than recall here: a capitalised word mid-sentence is usually a
# name or a title. So only words that typically open a sentence count, only directly after
# a word ending in a letter or digit (no full stop, colon, quote, bracket or dash), on the
# same line, and only when the next word is lowercase, which rules out names and titles
# such as "The Hague", "told The Guardian", "Southend On Sea", "All Quiet On the Western Front".


SENTENCE_STARTERS = word_set(
    """
    The A An This That These Those There It Its He She We They His Her Their Our
    But And Yet So Or However Meanwhile Moreover Furthermore Nevertheless Nonetheless
    Instead Therefore Thus Also Although Though While When After Before Since Because
    If As At On In For From With By During Despite According Many Some Most Several
    Both Each Every Such Only Even Other Another
    """
)
# Words that open a sentence followed by a comma: "…of the NATO However, there is…".
SENTENCE_ADVERBS = word_set(
    "However Meanwhile Moreover Furthermore Nevertheless Nonetheless Instead Therefore Thus Also Yet Still"
)
# Lowercase words that can sit inside a title in title case ("Gone With the Wind").
MINOR_WORDS = word_set(
    "a an the and or nor but of in on at to for with by from as into upon over de del der la le van von"
)
# "Type A personality", "vitamin A deficiency", "Class A shares": a letter, not an article.
LETTER_LABELS = word_set(
    """
    type plan vitamin group class category grade part section level tier league division
    building block gate terminal exhibit annex appendix schedule option model series phase
    stage round pool row platform wing ward unit item point zone area sector route line team
    side list serie hepatitis influenza flu blood size format paper channel track floor
    """
)
# After an "A" that is really a letter, the next word is not something an article precedes.
NOT_AFTER_ARTICLE = MINOR_WORDS | word_set(
    "is was are were be been has had have will would can could shall should may might must "
    "that this which who whom whose what when where"
)

# Short words that are also common surnames ("councillor Wilson Or was elected", "Ivan So said"):
# after a capitalised word they are the second part of a name, not a new sentence.
SURNAME_STARTERS = word_set("Or So An")
DATE_PREPOSITIONS = word_set("On In At By Since Before After During From")
DATE_WORDS = word_set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December"
)
# Candidates: every capitalised word after a space; the rules below are cheap set lookups.
RUN_TOGETHER_RE = re.compile(
    r"[ \t](?P<starter>[A-Z][a-z]*)(?P<comma>,?)(?=[ \t]+(?P<next>\S+)(?:[ \t]+(?P<after>\S+))?)"
)
_WORD_EDGE = "\"'“”„«»()[]{}*_" + LSQUO + RSQUO


def _run_together(text: str) -> Iterator[tuple[int, int]]:
    for match in RUN_TOGETHER_RE.finditer(text):
        starter = match["starter"]
        if starter not in SENTENCE_STARTERS and starter not in SENTENCE_ADVERBS:
            continue
        gap = match.start()
        while gap and text[gap - 1] in " \t":
            gap -= 1
        if not gap or not (text[gap - 1].isalnum() or text[gap - 1] == "%"):
            continue  # a full stop, colon, quotation mark, bracket or dash before it; or a new line
        line_start = text.rfind("\n", 0, gap) + 1
        if text[line_start:gap].lstrip().startswith("#"):
            continue  # subheadings are often in title case: "## Talks Resume On Monday"
        following, after = match["next"], match["after"] or ""
        previous_start = max(text.rfind(" ", 0, gap), text.rfind("\t", 0, gap), line_start - 1) + 1
        previous = text[previous_start:gap].strip(_WORD_EDGE)
        if not previous or previous.endswith(("'s", RSQUO + "s")):
            continue  # a sentence does not end in a possessive: "Stephen King's It"
        if starter in SURNAME_STARTERS and previous[:1].isupper():
            continue
        if match["comma"]:
            # "However," is an adverb opening a sentence; "In," or "The," is not.
            if starter not in SENTENCE_ADVERBS:
                continue
        elif following[:1].islower():
            if starter not in SENTENCE_STARTERS:
                continue
            if following.casefold() in MINOR_WORDS and after[:1].isupper():
                continue  # a title in title case: "Gone With the Wind", "Love In the Time of Cholera"
        elif not (
            # "…the White House On Friday the two leaders…": a preposition and a date open a sentence.
            starter in DATE_PREPOSITIONS and following.rstrip(",") in DATE_WORDS and not after[:1].isupper()
        ):
            continue
        if starter == "A" and (
            previous.casefold() in LETTER_LABELS or following.strip(_WORD_EDGE).casefold() in NOT_AFTER_ARTICLE
        ):
            continue
        yield previous_start, match.end("starter")


# "… the board met on Tuesday Morning Star reported": a date ends one sentence, a name opens the next,
# whose verb of saying shows it. Only after a lowercase word: "On Tuesday Smith said" opens a sentence.
DATE_THEN_NAME_RE = re.compile(
    r"(?<=[a-z,] )(?:on|last|this|next|since|until|by|early|late)[ \t]+"
    r"(?P<date>(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:[ \t]+(?:morning|afternoon|evening|night))?)"
    r"[ \t]+(?P<name>[A-Z][a-z]+)(?:[ \t]+[A-Z][a-z]+){0,3}[ \t]+"
    r"(?:reported|said|says|told|announced|wrote|added|confirmed|reports|tweeted|posted)\b"
)


def _date_then_name(text: str) -> Iterator[tuple[int, int]]:
    for match in DATE_THEN_NAME_RE.finditer(text):
        yield match.start("date"), match.end("name")


def check_run_together(run: Run) -> None:
    # German capitalises every noun: it has its own rule for where sentences meet.
    is_german = german.is_german(run)
    find = german.run_together if is_german else _run_together
    for source in run.texts_of("teaser", "body", CAPTION):
        found = list(find(source.text))
        if not is_german:
            found += [place for place in _date_then_name(source.text) if place not in found]
        for start, end in sorted(found):
            run.report_at(
                source,
                start,
                end,
                _("Two sentences seem to run together at %(text)s: a full stop may be missing.")
                % {"text": quoted(source.text[start:end])},
            )
