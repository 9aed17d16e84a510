"""What a check reports (`Finding`, `Span`), what it is (`Check`) and what it works on.

A run (`Run`) holds one article's texts and related rows, loaded once, and collects the
findings; the typography several rules share (single quotation marks, markup prefixes) lives here too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise

from articles.models import Article, CheckDismissal, CheckSetting, Placement

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
    # The obvious correction, when there is one: `text` (at the span and every `more` span) becomes `fix`.
    fix: str | None = None
    # How sure the check is that this is a slip: "high", "medium" or "low" (Confidence); from its check.
    confidence: str = "high"

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


class Confidence:
    """How often a check's findings are real slips, on the corpus and on copy never seen before.

    A newsroom hides the less sure kinds by turning them off (admin: check settings, "Turn off the
    low-confidence checks"); `check_articles --stats` shows how often editors dismissed each kind.
    """

    HIGH = "high"  # a pattern whose innocent readings are ruled out: almost always a slip
    MEDIUM = "medium"  # usually a slip; a name, a quotation or a house style can make it right
    LOW = "low"  # a grammar pattern with exceptions the rule cannot see: worth a look, often right

    CHOICES = (HIGH, MEDIUM, LOW)


@dataclass(frozen=True)
class Check:
    code: str
    label: Promise
    default: str
    run: Callable[[Run], None]
    confidence: str = Confidence.HIGH


# ---------------------------------------------------------------------------
# What a run works on: the article's texts and related rows, loaded once.


@dataclass(frozen=True)
class FieldText:
    field: str
    text: str
    placement_id: int | None = None

    def span(self, start: int, end: int) -> Span:
        return Span(self.field, start, end, self.placement_id)


@dataclass
class Run:
    article: Article
    placements: list[Placement]
    sign_offs: set[str]
    has_bylines: bool
    rules: tuple[tuple[str, str], ...]
    today: date
    severity: str = Severity.WARNING
    code: str = ""
    confidence: str = Confidence.HIGH
    findings: list[Finding] = field(default_factory=list)
    # Whose sign-off this is (an author's name) or None; the checker looks it up only when asked.
    sign_off_owner: Callable[[str], str | None] = lambda _sign_off: None
    language: str = "en"
    newsroom_words: frozenset[str] = frozenset()  # the newsroom dictionary for the piece's language, casefolded
    # What rules compute once per run and share between their checks, by the rule family's name.
    memo: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def texts(self) -> list[FieldText]:
        """Every text of the piece in reading order: kicker … body, then each caption."""
        texts = [FieldText(name, getattr(self.article, name) or "") for name in TEXT_FIELDS]
        texts += [FieldText(CAPTION, placement.effective_caption or "", placement.pk) for placement in self.placements]
        return texts

    def words_of(self, source: FieldText) -> frozenset[str]:
        """The distinct words of one text (letters and inner apostrophes), tokenised once per run."""
        cache = self.memo.setdefault("words", {})
        key = id(source)
        if key not in cache:
            cache[key] = frozenset(WORD_RE.findall(source.text))
        return cache[key]

    def texts_of(self, *fields: str) -> Iterator[FieldText]:
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
        fix: str | None = None,
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
                fix=fix,
                confidence=self.confidence,
            )
        )

    def report_at(
        self,
        source: FieldText,
        start: int,
        end: int,
        message: str,
        more: Iterable[Span] = (),
        *,
        fix: str | None = None,
    ) -> None:
        self.report(
            source.field, message, span=source.span(start, end), text=source.text[start:end], more=more, fix=fix
        )


def word_set(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list, for the rules' word lists."""
    return frozenset(text.split())


def quoted(text: str) -> str:
    """The text in typographic double quotation marks, as findings quote the copy."""
    return f"“{text}”"


# ---------------------------------------------------------------------------
# Typography several rules share.

LSQUO, RSQUO = "\u2018", "\u2019"  # single quotation marks; the right one is also the apostrophe
# A word as the spelling checks read it: letters, with apostrophes inside ("didn't", "children's").
WORD_RE = re.compile(r"[^\W\d_]+(?:['" + RSQUO + r"][^\W\d_]+)*")
# Markup at the start of a line: a subheading, a quotation, a list item.
MARKUP_PREFIX_RE = re.compile(r"^(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+")
