"""House style: spellings editors keep in the admin (`StyleRule`), and a name spelled two ways."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, FieldText, Run, quoted


def _variants(word: str) -> set[str]:
    """The spelling as typed, in capitals (headline style) and capitalised (sentence start)."""
    return {word, word.upper(), word[:1].upper() + word[1:]}


@functools.lru_cache(maxsize=16)
def _style_pattern(rules: tuple[tuple[str, str], ...]) -> tuple[re.Pattern | None, dict[str, list[tuple[int, bool]]]]:
    """One regex for every rule's wrong and right spelling, whole words; variant → [(rule, is_wrong)]."""
    lookup: dict[str, list[tuple[int, bool]]] = {}
    for index, (wrong, right) in enumerate(rules):
        # "Nato" → "NATO": the capitals of the wrong spelling are the right one, not a slip.
        for variant in _variants(wrong) - _variants(right):
            lookup.setdefault(variant, []).append((index, True))
        for variant in _variants(right):
            lookup.setdefault(variant, []).append((index, False))
    if not lookup:
        return None, lookup
    alternatives = "|".join(re.escape(word) for word in sorted(lookup, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), lookup


@dataclass
class _Occurrences:
    wrong: list[tuple[FieldText, int, int]] = field(default_factory=list)
    right: list[tuple[FieldText, int, int]] = field(default_factory=list)


def _style_occurrences(run: Run) -> dict[int, _Occurrences]:
    """Per rule, where its wrong and right spellings occur, in reading order (computed once per run)."""
    if "style" in run.memo:
        return run.memo["style"]
    pattern, lookup = _style_pattern(run.rules)
    found: dict[int, _Occurrences] = {}
    if pattern is not None:
        for source in run.texts:
            for match in pattern.finditer(source.text):
                for index, is_wrong in lookup[match.group()]:
                    occurrences = found.setdefault(index, _Occurrences())
                    (occurrences.wrong if is_wrong else occurrences.right).append((source, match.start(), match.end()))
    run.memo["style"] = found
    return found


def check_style_spelling(run: Run) -> None:
    for index, occurrences in _style_occurrences(run).items():
        if not occurrences.wrong:
            continue
        wrong, right = run.rules[index]
        (source, start, end), *others = occurrences.wrong
        count = len(occurrences.wrong)
        if count == 1:
            message = _("House style writes %(right)s, not %(wrong)s.")
        else:
            message = _("House style writes %(right)s, not %(wrong)s (%(count)s times in this piece).")
        run.report_at(
            source,
            start,
            end,
            message % {"right": quoted(right), "wrong": quoted(wrong), "count": count},
            more=[other.span(s, e) for other, s, e in others],
            fix=right,
        )


def _first_position(order: dict[int, int], found: list[tuple[FieldText, int, int]]) -> tuple[int, int]:
    source, start, _end = found[0]
    return order[id(source)], start


def _report_two_spellings(run: Run, order: dict[int, int], one: tuple, other: tuple) -> None:
    """One finding for a name spelled two ways, pointing at the spelling that comes second."""
    (first_word, first_found), (second_word, second_found) = sorted(
        (one, other), key=lambda spelling: _first_position(order, spelling[1])
    )
    source, start, _end = second_found[0]
    run.report_at(
        source,
        start,
        second_found[0][2],
        _("This piece spells the same name two ways: %(first)s and %(second)s.")
        % {"first": quoted(first_word), "second": quoted(second_word)},
        more=[text.span(s, e) for text, s, e in first_found + second_found if not (text is source and s == start)],
    )


# Capitalised words inside a sentence (after a lowercase letter or a comma and a space): names.
NAME_RE = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}(?![\w-])")
DOUBLED_LETTER_RE = re.compile(r"([a-z])\1")


def check_style_inconsistent(run: Run) -> None:
    order = {id(text): position for position, text in enumerate(run.texts)}
    covered: set[str] = set()
    for index, occurrences in _style_occurrences(run).items():
        wrong, right = run.rules[index]
        covered |= {wrong, right}
        if occurrences.wrong and occurrences.right:
            _report_two_spellings(run, order, (wrong, occurrences.wrong), (right, occurrences.right))
    # Names no rule knows, spelled once with a doubled letter and once without:
    # "Zelensky"/"Zelenskyy", "Gaddafi"/"Gadafi". Only names inside sentences count, so
    # ordinary words at the start of a sentence ("Later"/"Latter") are never compared.
    names: dict[str, dict[str, list[tuple[FieldText, int, int]]]] = {}
    for source in run.texts_of("teaser", "body", CAPTION):
        for match in NAME_RE.finditer(source.text):
            word = match.group()
            key = DOUBLED_LETTER_RE.sub(r"\1", word)
            names.setdefault(key, {}).setdefault(word, []).append((source, match.start(), match.end()))
    for spellings in names.values():
        if len(spellings) == 2 and not covered & spellings.keys():
            _report_two_spellings(run, order, *spellings.items())
