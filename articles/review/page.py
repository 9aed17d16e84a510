"""What the desk's review page reads: the preview, findings marked in the text, the threads.

Selectors only — nothing here changes data. Every list is fetched with its related
rows joined or prefetched, so the page costs the same number of queries for a
piece with two comments as for one with two hundred.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from articles.media.naming import picture_name
from articles.models import Article
from articles.review.checks import Finding
from articles.review.findings import TEXT_FIELDS

# Text fields shown as plain text with the findings' spans marked, in reading order.
# The fields findings are marked in: the texts the checks read.
MARKED_FIELDS = TEXT_FIELDS


@dataclass(frozen=True)
class Segment:
    text: str
    finding: Finding | None = None
    number: int | None = None  # the finding's number in the list on the page
    anchor: bool = False  # the first mark of this finding on the page: the list links here


@dataclass
class MarkedField:
    name: str
    label: str
    segments: list[Segment] = field(default_factory=list)
    findings: list[tuple[int, Finding]] = field(default_factory=list)

    @property
    def has_marks(self) -> bool:
        return any(segment.finding for segment in self.segments)


def _spans(numbered: list[tuple[int, Finding]], field_name: str, placement_id: int | None):
    """Every span the findings point at in one text: the main span and the further places (`more`)."""
    for number, finding in numbered:
        has_span = finding.start is not None and finding.end is not None
        if has_span and finding.field == field_name and finding.placement_id == placement_id:
            yield finding.start, finding.end, number, finding
        for span in getattr(finding, "more", ()):
            if span.field == field_name and span.placement_id == placement_id:
                yield span.start, span.end, number, finding


def mark_spans(text: str, spans) -> list[Segment]:
    """Cut the text into plain and marked pieces; overlapping spans keep the first one."""
    ordered = sorted(
        (span for span in spans if 0 <= span[0] < span[1] <= len(text)),
        key=lambda span: (span[0], -span[1]),
    )
    segments: list[Segment] = []
    cursor = 0
    for start, end, number, finding in ordered:
        if start < cursor:
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], finding, number))
        cursor = end
    if cursor < len(text) or not segments:
        segments.append(Segment(text[cursor:]))
    return segments


def number_findings(findings: list[Finding]) -> list[tuple[int, Finding]]:
    """Blocking findings first, then warnings, numbered from 1 for the marks in the text."""
    ordered = sorted(findings, key=lambda finding: (not finding.is_blocking, MARKED_ORDER.get(finding.field, 99)))
    return list(enumerate(ordered, start=1))


MARKED_ORDER = {name: index for index, name in enumerate(MARKED_FIELDS)}


def marked_fields(article: Article, numbered: list[tuple[int, Finding]]) -> list[MarkedField]:
    """The article's texts (fields, then image captions) with the findings' spans marked."""
    result = []
    for name in MARKED_FIELDS:
        text = getattr(article, name) or ""
        own = [(number, finding) for number, finding in numbered if finding.field == name]
        if not text and not own:
            continue
        label = str(Article._meta.get_field(name).verbose_name).capitalize()
        result.append(MarkedField(name, label, mark_spans(text, _spans(numbered, name, None)), own))
    for number, placement in enumerate(article.placements.all(), start=1):
        text = placement.effective_caption or ""
        spans = list(_spans(numbered, "caption", placement.pk))
        if not spans:
            continue
        label = _("Caption of %(picture)s") % {"picture": picture_name(number, placement.role)}
        own = [(number, finding) for number, finding in numbered if finding.placement_id == placement.pk]
        result.append(MarkedField("caption", label, mark_spans(text, spans), own))
    # One id per finding on the page (ids are unique): its first mark.
    anchored: set[int] = set()
    for marked in result:
        for index, segment in enumerate(marked.segments):
            if segment.number is not None and segment.number not in anchored:
                anchored.add(segment.number)
                marked.segments[index] = replace(segment, anchor=True)
    return result


def review_article_queryset(user):
    """The user's articles with what the review page shows about each piece joined in."""
    return (
        Article.objects.visible_to(user)
        .select_related("section", "created_by")
        .prefetch_related("bylines__author", "placements__image")
    )
