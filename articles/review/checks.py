"""Editorial checks: what a good copy editor finds in a piece before it goes out.

Each check is a plain function over an article, its bylines and its image placements
that reports `Finding`s: a stable code, a severity, the field and the span of text it
points at. Severity comes from the code's default unless editors set a `CheckSetting`
for it (off, warning, blocking). Warnings can be dismissed for one piece with a reason
(`dismiss`); blocking findings cannot — they stop "publish now" and "schedule".

Everything a run needs from the database (settings, style rules, bylines, placements,
dismissals) is read once per run, never per rule or per match, so a long piece is checked
in a few milliseconds (bench/bench_checks.py).

Public API:
    run_checks(article, include_dismissed=False) -> list[Finding]
    blocking_findings(article) -> list[Finding]
    dismiss(article, *, by, code, target="", reason) -> CheckDismissal   (raises DismissalError)
    can_dismiss(user) -> bool
    Checker.load().run(article)       many pieces: prefetch CHECK_PREFETCH, settings read once
    CHECKS, check_choices()           codes, labels (for the admin) and default severities
Text findings point at `text[start:end]` of `field` ("kicker", "headline", "teaser",
"dateline", "body", or "caption" with `placement_id`); `more` lists further places.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, CheckDismissal, CheckSetting, Placement, StyleRule

Severity = CheckSetting.Severity

# Text fields in reading order; findings in captions use the field "caption" and a placement id.
TEXT_FIELDS = ("kicker", "headline", "teaser", "dateline", "body")
CAPTION = "caption"
PLACEMENTS = "placements"


@dataclass(frozen=True)
class Span:
    """A stretch of one field's text: `text[start:end]` of that field (or that placement's caption)."""

    field: str
    start: int
    end: int
    placement_id: int | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # CheckSetting.Severity value: "warning" or "blocking"
    field: str  # "headline", "teaser", "body", "section", "bylines", "placements", "caption", ...
    message: str
    start: int | None = None  # span in the field's text, when the finding points at text
    end: int | None = None
    text: str = ""  # the field's text[start:end]
    placement_id: int | None = None  # for "placements" and "caption" findings: which placement
    more: tuple[Span, ...] = ()  # further places the same finding applies to (e.g. every “Kiev”)
    dismissed: bool = False  # only ever True with run_checks(..., include_dismissed=True)

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    @property
    def target(self) -> str:
        """What a dismissal of this finding records: the text it points at, or the placement."""
        if self.text:
            return self.text[: CheckDismissal._meta.get_field("target").max_length]
        if self.placement_id is not None:
            return f"placement {self.placement_id}"
        return ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["more"] = [asdict(span) for span in self.more]
        data["target"] = self.target
        return data


@dataclass(frozen=True)
class Check:
    code: str
    label: Promise
    default: str
    run: Callable[[_Run], None]


# ---------------------------------------------------------------------------
# What a run works on: the article's texts and related rows, loaded once.


@dataclass(frozen=True)
class _Text:
    field: str
    text: str
    placement_id: int | None = None

    def span(self, start: int, end: int) -> Span:
        return Span(self.field, start, end, self.placement_id)


@dataclass
class _Run:
    article: Article
    placements: list[Placement]
    sign_offs: set[str]
    has_bylines: bool
    rules: tuple[tuple[str, str], ...]
    today: date
    severity: str = Severity.WARNING
    code: str = ""
    findings: list[Finding] = field(default_factory=list)
    style_cache: dict[int, _Occurrences] | None = None

    @functools.cached_property
    def texts(self) -> list[_Text]:
        """Every text of the piece in reading order: kicker … body, then each caption."""
        texts = [_Text(name, getattr(self.article, name) or "") for name in TEXT_FIELDS]
        texts += [_Text(CAPTION, placement.effective_caption or "", placement.pk) for placement in self.placements]
        return texts

    def texts_of(self, *fields: str) -> Iterator[_Text]:
        return (text for text in self.texts if text.field in fields and text.text)

    def report(
        self,
        field: str,
        message: str,
        *,
        span: Span | None = None,
        text: str = "",
        placement_id: int | None = None,
        more: Iterable[Span] = (),
    ) -> None:
        self.findings.append(
            Finding(
                code=self.code,
                severity=self.severity,
                field=field,
                message=message,
                start=span.start if span else None,
                end=span.end if span else None,
                text=text,
                placement_id=span.placement_id if span else placement_id,
                more=tuple(more),
            )
        )

    def report_at(self, source: _Text, start: int, end: int, message: str, more: Iterable[Span] = ()) -> None:
        self.report(source.field, message, span=source.span(start, end), text=source.text[start:end], more=more)


def _quoted(text: str) -> str:
    return f"“{text}”"


# ---------------------------------------------------------------------------
# Required for publication.

REQUIRED_TEXT_FIELDS = ("headline", "teaser", "body")


def check_required(run: _Run) -> None:
    article = run.article
    for name in REQUIRED_TEXT_FIELDS:
        if not (getattr(article, name) or "").strip():
            label = Article._meta.get_field(name).verbose_name
            run.report(name, _("%(field)s is missing.") % {"field": str(label).capitalize()})
    if article.section_id is None:
        run.report("section", _("The piece has no section."))
    if not run.has_bylines:
        run.report("bylines", _("The piece has no byline."))


# ---------------------------------------------------------------------------
# Images.


def _image_check(test: Callable[[Placement, _Run], str | None]) -> Callable[[_Run], None]:
    def check(run: _Run) -> None:
        for number, placement in enumerate(run.placements, start=1):
            message = test(placement, run)
            if message:
                run.report(
                    PLACEMENTS,
                    _("Image %(number)s: %(problem)s") % {"number": number, "problem": message},
                    placement_id=placement.pk,
                )

    return check


@_image_check
def check_image_file(placement: Placement, run: _Run) -> str | None:
    return None if placement.image.file else _("no picture file has been uploaded.")


@_image_check
def check_image_alt_text(placement: Placement, run: _Run) -> str | None:
    return None if placement.image.alt_text.strip() else _("no alt text for readers who cannot see it.")


@_image_check
def check_image_credit(placement: Placement, run: _Run) -> str | None:
    return None if placement.image.has_credit else _("no credit line (creator, organisation or agency).")


@_image_check
def check_image_caption(placement: Placement, run: _Run) -> str | None:
    return None if (placement.effective_caption or "").strip() else _("no caption.")


@_image_check
def check_image_rights_expired(placement: Placement, run: _Run) -> str | None:
    expires = placement.image.rights_expire_on
    if expires and expires < run.today:
        return _("the usage rights expired on %(date)s.") % {"date": expires.isoformat()}
    return None


@_image_check
def check_image_rights_expiring(placement: Placement, run: _Run) -> str | None:
    expires = placement.image.rights_expire_on
    if not expires or expires < run.today:
        return None
    if run.article.expire_at is None:
        return _("the usage rights run out on %(date)s, but the piece has no withdrawal time.") % {
            "date": expires.isoformat()
        }
    withdrawn = timezone.localdate(run.article.expire_at)
    if expires < withdrawn:
        return _("the usage rights run out on %(date)s, before the piece is withdrawn on %(withdrawn)s.") % {
            "date": expires.isoformat(),
            "withdrawn": withdrawn.isoformat(),
        }
    return None


# ---------------------------------------------------------------------------
# House style: spellings editors keep in the admin, and a name spelled two ways.


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
    wrong: list[tuple[_Text, int, int]] = field(default_factory=list)
    right: list[tuple[_Text, int, int]] = field(default_factory=list)


def _style_occurrences(run: _Run) -> dict[int, _Occurrences]:
    """Per rule, where its wrong and right spellings occur, in reading order (computed once per run)."""
    if run.style_cache is not None:
        return run.style_cache
    pattern, lookup = _style_pattern(run.rules)
    found: dict[int, _Occurrences] = {}
    if pattern is not None:
        for source in run.texts:
            for match in pattern.finditer(source.text):
                for index, is_wrong in lookup[match.group()]:
                    occurrences = found.setdefault(index, _Occurrences())
                    (occurrences.wrong if is_wrong else occurrences.right).append((source, match.start(), match.end()))
    run.style_cache = found
    return found


def check_style_spelling(run: _Run) -> None:
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
            message % {"right": _quoted(right), "wrong": _quoted(wrong), "count": count},
            more=[other.span(s, e) for other, s, e in others],
        )


def _first_position(order: dict[int, int], found: list[tuple[_Text, int, int]]) -> tuple[int, int]:
    source, start, _end = found[0]
    return order[id(source)], start


def _report_two_spellings(run: _Run, order: dict[int, int], one: tuple, other: tuple) -> None:
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
        % {"first": _quoted(first_word), "second": _quoted(second_word)},
        more=[text.span(s, e) for text, s, e in first_found + second_found if not (text is source and s == start)],
    )


# Capitalised words inside a sentence (after a lowercase letter or a comma and a space): names.
NAME_RE = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}(?![\w-])")
DOUBLED_LETTER_RE = re.compile(r"([a-z])\1")


def check_style_inconsistent(run: _Run) -> None:
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
    names: dict[str, dict[str, list[tuple[_Text, int, int]]]] = {}
    for source in run.texts_of("teaser", "body", CAPTION):
        for match in NAME_RE.finditer(source.text):
            word = match.group()
            key = DOUBLED_LETTER_RE.sub(r"\1", word)
            names.setdefault(key, {}).setdefault(word, []).append((source, match.start(), match.end()))
    for spellings in names.values():
        if len(spellings) == 2 and not covered & spellings.keys():
            _report_two_spellings(run, order, *spellings.items())


# ---------------------------------------------------------------------------
# Two sentences run together: "…and the Crimea The missiles…", "…of the NATO On the other hand…".
#
# Precision matters more than recall here: a capitalised word mid-sentence is usually a
# name or a title. So only words that typically open a sentence count, only directly after
# a word ending in a letter or digit (no full stop, colon, quote, bracket or dash), on the
# same line, and only when the next word is lowercase, which rules out names and titles
# such as "The Hague", "told The Guardian", "Southend On Sea", "All Quiet On the Western Front".


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SENTENCE_STARTERS = _words(
    """
    The A An This That These Those There It Its He She We They His Her Their Our
    But And Yet So Or However Meanwhile Moreover Furthermore Nevertheless Nonetheless
    Instead Therefore Thus Also Although Though While When After Before Since Because
    If As At On In For From With By During Despite According Many Some Most Several
    Both Each Every Such Only Even Other Another
    """
)
# Words that open a sentence followed by a comma: "…of the NATO However, there is…".
SENTENCE_ADVERBS = _words(
    "However Meanwhile Moreover Furthermore Nevertheless Nonetheless Instead Therefore Thus Also Yet Still"
)
# Lowercase words that can sit inside a title in title case ("Gone With the Wind").
MINOR_WORDS = _words(
    "a an the and or nor but of in on at to for with by from as into upon over de del der la le van von"
)
# "Type A personality", "vitamin A deficiency", "Class A shares": a letter, not an article.
LETTER_LABELS = _words(
    """
    type plan vitamin group class category grade part section level tier league division
    building block gate terminal exhibit annex appendix schedule option model series phase
    stage round pool row platform wing ward unit item point zone area sector route line team
    side list serie hepatitis influenza flu blood size format paper channel track floor
    """
)
# After an "A" that is really a letter, the next word is not something an article precedes.
NOT_AFTER_ARTICLE = MINOR_WORDS | _words(
    "is was are were be been has had have will would can could shall should may might must "
    "that this which who whom whose what when where"
)

DATE_PREPOSITIONS = _words("On In At By Since Before After During From")
DATE_WORDS = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December"
)
# Candidates: every capitalised word after a space; the rules below are cheap set lookups.
RUN_TOGETHER_RE = re.compile(
    r"[ \t](?P<starter>[A-Z][a-z]*)(?P<comma>,?)(?=[ \t]+(?P<next>\S+)(?:[ \t]+(?P<after>\S+))?)"
)
LSQUO, RSQUO = "\u2018", "\u2019"  # single quotation marks; the right one is also the apostrophe
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


def check_run_together(run: _Run) -> None:
    for source in run.texts_of("teaser", "body", CAPTION):
        for start, end in _run_together(source.text):
            run.report_at(
                source,
                start,
                end,
                _("Two sentences seem to run together at %(text)s: a full stop may be missing.")
                % {"text": _quoted(source.text[start:end])},
            )


# ---------------------------------------------------------------------------
# Quotation marks and brackets.

PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
MARKUP_PREFIX_RE = re.compile(r"^(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+")
OPENING_QUOTES = '“„«»"' + LSQUO
# Straight double quotes after a digit are inch marks (5'11"), not quotation marks.
LIST_MARKER_RE = re.compile(r"(?<!\S)[\w]{1,4}\)(?=\s|$)")
BRACKET_PAIRS = {")": "(", "]": "[", "}": "{"}
QUOTE_MARK_RE = re.compile('["“„«”»' + LSQUO + RSQUO + "]")
BRACKET_RE = re.compile(r"[()\[\]{}]")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The paragraphs of a text (separated by blank lines) with their offsets."""
    result, start = [], 0
    for match in PARAGRAPH_BREAK_RE.finditer(text):
        result.append((start, text[start : match.start()]))
        start = match.end()
    result.append((start, text[start:]))
    return [(offset, paragraph) for offset, paragraph in result if paragraph.strip()]


def _opens_with_quote(paragraph: str) -> bool:
    stripped = MARKUP_PREFIX_RE.sub("", paragraph.lstrip())
    return stripped[:1] in OPENING_QUOTES


def _quote_problems(paragraph: str) -> tuple[list[tuple[int, str]], tuple[int, str] | None]:
    """Unmatched closing quotes (offset, mark), and the quote left open at the end, if any."""
    problems: list[tuple[int, str]] = []
    open_double: tuple[int, str] | None = None
    open_single: int | None = None
    for mark in QUOTE_MARK_RE.finditer(paragraph):
        position, char = mark.start(), mark.group()
        if char == '"':
            if position and paragraph[position - 1].isdigit():
                continue  # an inch mark
            if open_double and open_double[1] == '"':
                open_double = None
            elif open_double is None:
                open_double = (position, char)
            else:
                problems.append(open_double)
                open_double = (position, char)
        elif char in "“„«":
            if char == "“" and open_double and open_double[1] == "„":
                open_double = None  # German „…“
            elif char == "«" and open_double and open_double[1] == "»":
                open_double = None  # »…« as in German
            else:
                if open_double:
                    problems.append(open_double)
                open_double = (position, char)
        elif char in "”»":
            if open_double and open_double[1] != '"' and not (char == "»" and open_double[1] == "»"):
                open_double = None
            elif char == "»" and open_double is None:
                open_double = (position, char)  # »…« as in German
            else:
                problems.append((position, char))
        elif char == LSQUO:
            following = paragraph[position + 1 : position + 2]
            if following.isalpha() or following in '“"':
                open_single = position
        elif char == RSQUO and open_single is not None:
            # RSQUO also is the apostrophe ("Ukraine's"): it closes only an open LSQUO, never counts as a problem.
            open_single = None
    if open_double is None and open_single is not None:
        return problems, (open_single, LSQUO)  # British style: single quotes outside
    return problems, open_double


def check_unbalanced_quotes(run: _Run) -> None:
    for source in run.texts_of("kicker", "headline", "teaser", "body", CAPTION):
        parts = paragraphs(source.text)
        for index, (offset, paragraph) in enumerate(parts):
            problems, left_open = _quote_problems(paragraph)
            if left_open is not None:
                # News convention: a quote running on into the next paragraph is not closed,
                # and the next paragraph opens with a quotation mark again.
                following = parts[index + 1][1] if index + 1 < len(parts) else ""
                if not (following and _opens_with_quote(following)):
                    problems.append(left_open)
            for position, mark in sorted(problems):
                start = offset + position
                run.report_at(
                    source, start, start + 1, _("The quotation mark %(mark)s has no partner.") % {"mark": mark}
                )


def check_unbalanced_brackets(run: _Run) -> None:
    for source in run.texts_of("kicker", "headline", "teaser", "body", CAPTION):
        for offset, paragraph in paragraphs(source.text):
            if not BRACKET_RE.search(paragraph):
                continue
            list_markers = {match.end() - 1 for match in LIST_MARKER_RE.finditer(paragraph)}
            stack: list[tuple[int, str]] = []
            problems: list[tuple[int, str]] = []
            for bracket in BRACKET_RE.finditer(paragraph):
                position, char = bracket.start(), bracket.group()
                if char in "([{":
                    stack.append((position, char))
                elif char in BRACKET_PAIRS:
                    opener = BRACKET_PAIRS[char]
                    depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][1] == opener), None)
                    if depth is not None:
                        # "[a (b]": the "(" is the one left open, not the "]".
                        problems.extend(stack[depth + 1 :])
                        del stack[depth:]
                    elif char == ")" and (position in list_markers or paragraph[position - 1 : position] in (":", ";")):
                        continue  # "a) first item", "2) second", a smiley
                    else:
                        problems.append((position, char))
            for position, char in sorted(problems + stack):
                start = offset + position
                run.report_at(source, start, start + 1, _("The bracket %(mark)s has no partner.") % {"mark": char})


# ---------------------------------------------------------------------------
# Typing slips.

# Repeats that are good English: "he had had enough", "she said that that was wrong".
ALLOWED_REPEATS = frozenset({"had", "that", "do"})
DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


# Punctuation around words becomes a space for the pre-test below.
_PUNCTUATION_RE = re.compile('[“"„«»”()\\[\\].,;:!?…' + LSQUO + RSQUO + "]")


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


def check_repeated_word(run: _Run) -> None:
    for source in run.texts_of(*TEXT_FIELDS, CAPTION):
        candidates = _repeated_candidates(source.text)
        if not candidates:
            continue
        for match in _repeated_word_pattern(candidates).finditer(source.text):
            first, second = match.group(1), match.group(2)
            if first.casefold() in ALLOWED_REPEATS:
                continue
            if first == second and first[:1].isupper():
                continue  # a name such as "Duran Duran" or "Walla Walla"
            run.report_at(
                source,
                match.start(),
                match.end(),
                _("The word %(word)s is repeated.") % {"word": _quoted(second)},
            )


def check_double_space(run: _Run) -> None:
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
            source, first.start(), first.end(), message, more=[source.span(m.start(), m.end()) for m in others]
        )


# ---------------------------------------------------------------------------
# Web debris: what a web page leaves behind when its text is copied (whole lines only).

_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|messenger|telegram|linkedin|pinterest|reddit|threads|bluesky"
    r"|e-?mail|print|copy\ link)"
)
WEB_DEBRIS_RE = re.compile(
    r"""
    (?:press\ )?split
    | share(?:\ (?:this|the))?(?:\ (?:article|story|page|post))?(?:\ (?:on|via)\ \w+)?
    | tweet | print(?:\ article)? | copy\ link | link\ copied | close
    | """
    + _SOCIAL
    + r"(?:[\s|·•,/]+"
    + _SOCIAL
    + r""")*
    | read\ more(?:\ here)? | (?:read\ (?:more|also)|also\ read|see\ also|related|more\ on\ this(?:\ topic)?)\s*:.*
    | more\ on\ this\ topic | continue\ reading | show\ more | load\ more | click\ here.*
    | advertisement | advertising | anzeige | werbung | ad | sponsored(?:\ content)?
    | scroll\ to\ continue(?:\ with\ content)? | (?:article\ )?continues\ (?:below|after\ the\ ad(?:vertisement)?)
    | continue\ after\ the\ ad(?:vertisement)?
    | subscribe(?:\ now)? | sign\ up\ for\ (?:our|the)\ newsletter.* | newsletter
    | listen\ to\ (?:this\ )?article | reading\ time:?\ .* | \d+\ min(?:ute)?s?\ read
    | comments?(?:\ \(\d+\))? | \d+\ comments? | to\ the\ homepage | back\ to\ top
    | (?:image|photo)\ gallery | play\ video
    """,
    re.IGNORECASE | re.VERBOSE,
)
LINE_RE = re.compile(r"[^\n]+")


def check_web_debris(run: _Run) -> None:
    for source in run.texts_of("teaser", "body"):
        for match in LINE_RE.finditer(source.text):
            line = match.group()
            content = MARKUP_PREFIX_RE.sub("", line.strip()).strip().rstrip(".")
            if content and WEB_DEBRIS_RE.fullmatch(content):
                start = match.start() + (len(line) - len(line.lstrip()))
                end = match.start() + len(line.rstrip())
                run.report_at(
                    source,
                    start,
                    end,
                    _("%(text)s looks like debris from a web page, not part of the text.")
                    % {"text": _quoted(source.text[start:end])},
                )


# ---------------------------------------------------------------------------
# Sign-off: "(fmu)" closing a paragraph must belong to one of the bylines.

SIGN_OFF_RE = re.compile(r"\((?P<sign_off>[^\W\d_]{2,12}(?:/[^\W\d_]{2,12})*)\)[ \t]*$", re.MULTILINE)
# A sign-off closes a paragraph: after closing punctuation, or on a line of its own.
SIGN_OFF_AFTER = '.!?“”")' + RSQUO
# Sign-offs are short initials ("fmu", "dpa"); a longer word in brackets ("(laughs)", "(video)")
# counts only when it is one of the bylines' sign-offs.
SIGN_OFF_MAX_UNKNOWN = 4
# Short lowercase words in brackets at the end of a paragraph that are not sign-offs.
NOT_SIGN_OFFS = frozenset({"sic", "ed", "eds", "cf", "ibid", "etc", "pdf", "mp3", "ok", "lol"})


def check_sign_off(run: _Run) -> None:
    for source in run.texts_of("body"):
        text = source.text
        for match in SIGN_OFF_RE.finditer(text):
            before = match.start()
            while before and text[before - 1] in " \t":
                before -= 1
            if (
                before
                and text[before - 1] != "\n"
                and (before == match.start() or text[before - 1] not in SIGN_OFF_AFTER)
            ):
                continue  # inside a sentence ("said (abc)") or glued to a word ("word(abc)")
            sign_off = match["sign_off"]
            parts = sign_off.split("/")
            if not sign_off.islower() or any(part in NOT_SIGN_OFFS for part in parts):
                continue  # capitals are an acronym: "(ATACMS)"
            unknown = [part for part in parts if part.casefold() not in run.sign_offs]
            if not unknown or any(len(part) > SIGN_OFF_MAX_UNKNOWN for part in unknown):
                continue
            run.report_at(
                source,
                match.start("sign_off") - 1,
                match.end("sign_off") + 1,
                _("The sign-off %(sign_off)s matches none of the bylines.") % {"sign_off": _quoted(", ".join(unknown))},
            )


# ---------------------------------------------------------------------------
# Lengths from settings.


def check_headline_length(run: _Run) -> None:
    headline = run.article.headline or ""
    limit = settings.NEWSROOM_HEADLINE_MAX
    if len(headline) > limit:
        run.report_at(
            _Text("headline", headline),
            limit,
            len(headline),
            _("The headline has %(length)s characters; the limit is %(limit)s.")
            % {"length": len(headline), "limit": limit},
        )


def check_teaser_length(run: _Run) -> None:
    teaser = run.article.teaser or ""
    length = len(teaser.strip())
    if not length:
        return  # "required" reports a missing teaser
    low, high = settings.NEWSROOM_TEASER_MIN, settings.NEWSROOM_TEASER_MAX
    if length < low:
        run.report(
            "teaser",
            _("The teaser has %(length)s characters; it should have at least %(limit)s.")
            % {"length": length, "limit": low},
        )
    elif len(teaser) > high:
        run.report_at(
            _Text("teaser", teaser),
            high,
            len(teaser),
            _("The teaser has %(length)s characters; the limit is %(limit)s.") % {"length": len(teaser), "limit": high},
        )


# ---------------------------------------------------------------------------
# The registry: stable codes, labels for the admin, default severities.

CHECKS: tuple[Check, ...] = (
    Check("required", gettext_lazy("Required fields"), Severity.BLOCKING, check_required),
    Check("headline-length", gettext_lazy("Headline length"), Severity.WARNING, check_headline_length),
    Check("teaser-length", gettext_lazy("Teaser length"), Severity.WARNING, check_teaser_length),
    Check("style-spelling", gettext_lazy("House-style spelling"), Severity.WARNING, check_style_spelling),
    Check("style-inconsistent", gettext_lazy("Name spelled two ways"), Severity.WARNING, check_style_inconsistent),
    Check("run-together", gettext_lazy("Sentences run together"), Severity.WARNING, check_run_together),
    Check("unbalanced-quotes", gettext_lazy("Unbalanced quotation marks"), Severity.WARNING, check_unbalanced_quotes),
    Check("unbalanced-brackets", gettext_lazy("Unbalanced brackets"), Severity.WARNING, check_unbalanced_brackets),
    Check("repeated-word", gettext_lazy("Repeated word"), Severity.WARNING, check_repeated_word),
    Check("double-space", gettext_lazy("Double space"), Severity.WARNING, check_double_space),
    Check("web-debris", gettext_lazy("Web debris"), Severity.WARNING, check_web_debris),
    Check("sign-off", gettext_lazy("Sign-off not in the byline"), Severity.WARNING, check_sign_off),
    Check("image-file", gettext_lazy("Image file"), Severity.BLOCKING, check_image_file),
    Check("image-alt-text", gettext_lazy("Image alt text"), Severity.BLOCKING, check_image_alt_text),
    Check("image-credit", gettext_lazy("Image credit line"), Severity.BLOCKING, check_image_credit),
    Check("image-caption", gettext_lazy("Image caption"), Severity.WARNING, check_image_caption),
    # Printing a picture whose licence has lapsed is as serious as printing it without credit.
    Check("image-rights-expired", gettext_lazy("Image rights expired"), Severity.BLOCKING, check_image_rights_expired),
    Check(
        "image-rights-expiring",
        gettext_lazy("Image rights run out while the piece is online"),
        Severity.WARNING,
        check_image_rights_expiring,
    ),
)
CHECKS_BY_CODE = {check.code: check for check in CHECKS}


def check_choices() -> list[tuple[str, Promise]]:
    """(code, label) of every check, for the admin's CheckSetting form."""
    return [(check.code, check.label) for check in CHECKS]


# ---------------------------------------------------------------------------
# Running the checks.


def _related(article: Article, name: str, *select: str) -> list:
    """A reverse relation's rows, from a prefetch when the caller made one, else in one query."""
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    if name in prefetched:
        return list(prefetched[name])
    manager = getattr(article, name)
    return list(manager.select_related(*select) if select else manager.all())


class Checker:
    """Settings and style rules loaded once; `run()` may then check any number of articles.

    For many articles, prefetch `bylines__author`, `placements__image` and `dismissals`
    (see `CHECK_PREFETCH`) so that the queries do not grow with the number of pieces.
    """

    def __init__(self, *, severities: dict[str, str], rules: Iterable[tuple[str, str]], today: date | None = None):
        self.severities = {check.code: severities.get(check.code, check.default) for check in CHECKS}
        self.rules = tuple(rules)
        self.today = today or timezone.localdate()

    @classmethod
    def load(cls, *, today: date | None = None) -> Checker:
        severities = dict(CheckSetting.objects.values_list("code", "severity"))
        rules = StyleRule.objects.filter(is_active=True).order_by("wrong").values_list("wrong", "right")
        return cls(severities=severities, rules=rules, today=today)

    def severity(self, code: str) -> str:
        return self.severities[code]

    def run(self, article: Article, *, include_dismissed: bool = False) -> list[Finding]:
        bylines = _related(article, "bylines", "author") if article.pk else []
        placements = _related(article, "placements", "image") if article.pk else []
        placements.sort(key=lambda placement: (placement.position, placement.pk or 0))
        run = _Run(
            article=article,
            placements=placements,
            sign_offs={byline.author.sign_off.casefold() for byline in bylines},
            has_bylines=bool(bylines),
            rules=self.rules,
            today=self.today,
        )
        for check in CHECKS:
            severity = self.severities[check.code]
            if severity == Severity.OFF:
                continue
            run.code, run.severity = check.code, severity
            check.run(run)
        dismissals = _related(article, "dismissals") if article.pk else []
        if not dismissals:
            return run.findings
        dismissed = {(dismissal.code, dismissal.target) for dismissal in dismissals}
        result = []
        for finding in run.findings:
            is_dismissed = not finding.is_blocking and (
                (finding.code, "") in dismissed or (finding.code, finding.target) in dismissed
            )
            if not is_dismissed:
                result.append(finding)
            elif include_dismissed:
                result.append(replace(finding, dismissed=True))
        return result


CHECK_PREFETCH = ("bylines__author", "placements__image", "dismissals")


def run_checks(article: Article, *, include_dismissed: bool = False) -> list[Finding]:
    """Every finding on the piece, in check order then reading order; dismissed warnings left out."""
    return Checker.load().run(article, include_dismissed=include_dismissed)


def blocking_findings(article: Article) -> list[Finding]:
    """The findings that stop "publish now" and "schedule"."""
    return [finding for finding in run_checks(article) if finding.is_blocking]


# ---------------------------------------------------------------------------
# Dismissing a warning.


class DismissalError(ValueError):
    """The warning cannot be dismissed; `str(error)` is a translated message for the user."""


def can_dismiss(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("articles.review_article")))


@transaction.atomic
def dismiss(article: Article, *, by, code: str, target: str = "", reason: str) -> CheckDismissal:
    """Record an editor's decision that a warning does not apply to this piece (target "" = the whole check)."""
    if not can_dismiss(by):
        raise DismissalError(_("Only editors may dismiss a warning."))
    reason = (reason or "").strip()
    if not reason:
        raise DismissalError(_("Say why the warning does not apply."))
    if code not in CHECKS_BY_CODE:
        raise DismissalError(_("There is no check %(code)s.") % {"code": _quoted(code)})
    matching = [
        finding
        for finding in run_checks(article, include_dismissed=True)
        if finding.code == code and (not target or finding.target == target)
    ]
    if not matching:
        raise DismissalError(_("This piece has no such finding to dismiss."))
    if any(finding.is_blocking for finding in matching):
        raise DismissalError(_("A blocking finding cannot be dismissed: it has to be fixed."))
    if all(finding.dismissed for finding in matching):
        raise DismissalError(_("This warning has already been dismissed."))
    return CheckDismissal.objects.create(article=article, code=code, target=target, reason=reason, dismissed_by=by)
