"""Figures that contradict each other: "12 injured" then "13 injured", "the 34-year-old" then
"the 35-year-old", and ranges given high to low ("between 40 and 30 per cent").

Deliberately conservative: only the same count word (injured, killed, arrested …) or the same
person's age is compared, only two values that differ by one or two (a slip, not two different
events), and never when the piece adds ("another 3 injured", "a further", "in total", "including").
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, FieldText, Run, quoted

NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        str.split(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_NUMBER = r"(?P<number>\d{1,6}|" + "|".join(NUMBER_WORDS) + r")"
# The count word decides what is counted; synonyms count the same thing.
COUNTED = {
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "arrested": "arrested",
    "detained": "arrested",
    "missing": "missing",
    "evacuated": "evacuated",
    "hostages": "hostages",
}
# What is counted is found first (a short list of words); the number is then looked for just before it.
COUNT_WORD_RE = re.compile(r"\b(?:" + "|".join(COUNTED) + r")\b", re.IGNORECASE)
COUNT_BEFORE = 80
COUNT_RE = re.compile(
    r"(?P<before>(?:\S+\s+){0,2})"
    + _NUMBER
    + r"\s+(?:people\s+|persons\s+|others\s+)?(?:(?:were|was|have\s+been|had\s+been|are|being)\s+)?"
    r"(?:seriously\s+|critically\s+|slightly\s+)?"
    r"(?P<what>" + "|".join(COUNTED) + r")\Z",
    re.IGNORECASE,
)
# "the 34-year-old", "Smith, 34,", "aged 34", "only 35 years old".
# Starting with the digits lets the scan skip ahead to numbers; the words before are look-behinds.
AGE_RE = re.compile(
    r"(?:(?<=[Tt]he\ )(?P<a>\d{1,3})-year-old\b|(?<=aged\ )(?P<b>\d{1,3})\b"
    r"|(?<=only\ |just\ )(?P<c>\d{1,3})(?=\s+years\s+old\b|\s*[,.;]|\s+when\b))"
)
# "Thomas Sam, 42, and his wife": an age between commas (rare, so found first), then the name before it.
COMMA_AGE_RE = re.compile(r", (?P<age>\d{1,3}),")
NAME_BEFORE_RE = re.compile(r"(?<![\w-])(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3})\Z")
NAME_LOOKBACK = 60
ADDING = re.compile(
    r"\b(?:another|further|more|other|additional|total|including|among|of\s+whom|of\s+them|plus)\b", re.I
)
# "between 40 and 30 per cent": the lower bound first.
RANGE_RE = re.compile(r"\bbetween\s+(?P<low>\d+(?:[.,]\d+)?)\s+and\s+(?P<high>\d+(?:[.,]\d+)?)\b", re.IGNORECASE)
# "aged 8-10": an age range (a score such as "3-0" is high to low on purpose, so only after "aged").
AGE_RANGE_RE = re.compile(r"\bage[ds]\s+(?P<low>\d{1,3})\s*(?:[-\u2013]|to)\s*(?P<high>\d{1,3})\b", re.IGNORECASE)
MAX_SLIP = 2


def _value(number: str) -> int:
    return NUMBER_WORDS.get(number.casefold()) if not number.isdigit() else int(number)


def _conflicts(found: list[tuple[int, FieldText, int, int]]) -> list[tuple[int, FieldText, int, int]]:
    """The mentions whose value is not the first one's, when there are exactly two values a slip apart."""
    values = {value for value, *_rest in found}
    if len(values) != 2 or abs(max(values) - min(values)) > MAX_SLIP:
        return []
    first = found[0][0]
    return [mention for mention in found if mention[0] != first]


def check_inconsistent_figures(run: Run) -> None:
    counts: dict[str, list[tuple[int, FieldText, int, int]]] = defaultdict(list)
    # "the 34-year-old" names the piece's protagonist; "aged 35", "only 35" elsewhere may contradict it.
    definite: list[tuple[int, FieldText, int, int]] = []
    ages: list[tuple[int, FieldText, int, int]] = []
    for source in run.texts_of("headline", "teaser", "body", CAPTION):
        lowered = source.text.lower()
        # The usual case: nothing counted in this text, and no regex scan at all.
        words = COUNT_WORD_RE.finditer(source.text) if any(word in lowered for word in COUNTED) else ()
        for word in words:
            offset = max(0, word.start() - COUNT_BEFORE)
            match = COUNT_RE.search(source.text[offset : word.end()])
            if match is None or ADDING.search(match["before"]):
                continue
            kind = COUNTED[match["what"].casefold()]
            start, end = offset + match.start("number"), offset + match.end("number")
            counts[kind].append((_value(match["number"]), source, start, end))
        if "year-old" not in source.text and not definite:
            continue  # ages are only compared with "the N-year-old", which comes first in a piece
        for match in AGE_RE.finditer(source.text):
            group = next(name for name in "abc" if match[name])
            mention = (int(match[group]), source, match.start(group), match.end(group))
            (definite if group == "a" else ages).append(mention)
    _named_ages(run)
    _counted_nouns(run)
    first_values = {kind: found[0] for kind, found in counts.items()}
    for kind, found in counts.items():
        for value, source, start, end in _conflicts(found):
            first = first_values[kind]
            run.report_at(
                source,
                start,
                end,
                _("%(value)s %(what)s here, %(first)s %(what)s earlier in the piece: which is right?")
                % {"value": value, "first": first[0], "what": kind},
            )
    protagonist = {value for value, *_rest in definite}
    if len(protagonist) != 1:
        return  # no protagonist, or several people of different ages: nothing to compare safely
    (age,) = protagonist
    for value, source, start, end in ages:
        if value != age and abs(value - age) <= MAX_SLIP:
            run.report_at(
                source,
                start,
                end,
                _("The age %(value)s here, but “the %(first)s-year-old” elsewhere in the piece: which is right?")
                % {"value": value, "first": age},
            )


# "32 passengers" … "the 31 passengers": a definite "the N things" refers back to a count given before.
NOUN_COUNT_RE = re.compile(r"(?<![\d.,])(?P<number>\d{1,5})[ \t]+(?P<noun>[a-z]{4,}s)\b(?![-'\u2019])")


def _counted_nouns(run: Run) -> None:
    """ "the 31 passengers" after "32 passengers", and no "31 passengers" before it: a count that changed."""
    before: dict[str, list[tuple[int, FieldText, int, int]]] = defaultdict(list)
    texts = list(run.texts_of("teaser", "body", CAPTION))
    # Only "the N things" reports, so a piece without one is not scanned at all.
    if not any(f"he {digit}" in source.text for source in texts for digit in "123456789"):
        return
    for source in texts:
        for match in NOUN_COUNT_RE.finditer(source.text):
            noun, value = match["noun"], int(match["number"])
            earlier = {seen for seen, *_rest in before[noun]}
            definite = source.text[max(0, match.start() - 4) : match.start()] in ("the ", "The ")
            if definite and earlier and value not in earlier and len(earlier) == 1:
                (first,) = earlier
                adding = ADDING.search(source.text, max(0, match.start() - 30), match.start())
                if abs(first - value) <= MAX_SLIP and not adding:
                    run.report_at(
                        source,
                        match.start("number"),
                        match.end("noun"),
                        _("%(value)s %(what)s here, %(first)s %(what)s earlier in the piece: which is right?")
                        % {"value": value, "first": first, "what": noun},
                    )
            before[noun].append((value, source, match.start(), match.end()))


def _named_ages(run: Run) -> None:
    """ "Thomas Sam, 42," then "Thomas Sam, 43,": one person, two ages a slip apart. A surname alone
    ("Montalvo, 20,") is the person whose full name ends with it, when only one does."""
    mentions: list[tuple[str, int, FieldText, int, int]] = []
    for source in run.texts_of("teaser", "body", CAPTION):
        if ", " not in source.text:
            continue
        for match in COMMA_AGE_RE.finditer(source.text):
            name = NAME_BEFORE_RE.search(source.text, max(0, match.start() - NAME_LOOKBACK), match.start())
            if name:
                mentions.append((name["name"], int(match["age"]), source, match.start("age"), match.end("age")))
    if len(mentions) < 2:
        return
    full_names = {name for name, *_rest in mentions if " " in name}
    by_person: dict[str, list[tuple[int, FieldText, int, int]]] = defaultdict(list)
    for name, age, source, start, end in mentions:
        if " " not in name:
            owners = [full for full in full_names if full.endswith(" " + name)]
            name = owners[0] if len(owners) == 1 else name
        by_person[name].append((age, source, start, end))
    for name, found in by_person.items():
        first = found[0][0]
        for value, source, start, end in _conflicts(found):
            run.report_at(
                source,
                start,
                end,
                _("%(name)s is %(value)s here and %(first)s earlier in the piece: which is right?")
                % {"name": name, "value": value, "first": first},
            )


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def check_reversed_range(run: Run) -> None:
    for source in run.texts_of("headline", "teaser", "body", CAPTION):
        lowered = source.text.casefold()
        patterns = [RANGE_RE] if "between" in lowered else []
        patterns += [AGE_RANGE_RE] if "aged " in lowered or "ages " in lowered else []
        for match in (match for pattern in patterns for match in pattern.finditer(source.text)):
            if _number(match["low"]) <= _number(match["high"]):
                continue
            between = source.text[match.end("low") : match.start("high")]
            run.report_at(
                source,
                match.start("low"),
                match.end("high"),
                _("%(range)s gives the higher figure first.") % {"range": quoted(match.group())},
                fix=f"{match['high']}{between}{match['low']}",
            )
