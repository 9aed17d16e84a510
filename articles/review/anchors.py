"""Comments anchored to words of the body: found again by their text after every edit.

A comment remembers the words it is about and a little context on each side. `locate`
finds those words in the body as it is now (the occurrence whose context matches best,
so a repeated phrase keeps its place); when the words are gone the comment is
"outdated" — still shown, with its quote, never lost. `marked_with_comments` adds the
anchors to the review page's marked body, beside the findings.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from articles.models import ReviewComment
from articles.review.page import MarkedField, Segment

CONTEXT = 40  # characters of context kept on each side of the words


@dataclass(frozen=True)
class CommentSegment(Segment):
    """A marked-copy segment that also carries the numbers of the open comments on its words."""

    comments: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()  # comments whose words begin here (the page links to the first)
    ends: tuple[int, ...] = ()  # comments whose words end here (their marker follows)


@dataclass
class Anchored:
    comment: ReviewComment
    span: tuple[int, int] | None  # where its words are in the body now; None: gone (outdated)

    @property
    def outdated(self) -> bool:
        return bool(self.comment.anchor_text) and self.span is None


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix stored with an anchor at text[start:end]."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def _common_suffix(a: str, b: str) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[-1 - count] == b[-1 - count]:
        count += 1
    return count


def _common_prefix(a: str, b: str) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[count] == b[count]:
        count += 1
    return count


def locate(text: str, words: str, prefix: str = "", suffix: str = "") -> tuple[int, int] | None:
    """Where `words` are in `text` now (best-matching context first), or None when they are gone."""
    words = (words or "").strip()
    if not words:
        return None
    text = (text or "").replace("\r\n", "\n")
    # Line breaks and runs of spaces may differ between what was selected and what is stored.
    pattern = re.compile(r"\s+".join(re.escape(part) for part in words.split()))
    best, best_score = None, -1
    for match in pattern.finditer(text):
        before, after = context_of(text, match.start(), match.end())
        score = _common_suffix(before, prefix.replace("\r\n", "\n")) + _common_prefix(
            after, suffix.replace("\r\n", "\n")
        )
        if score > best_score:
            best, best_score = (match.start(), match.end()), score
    return best


def anchored(comments: list[ReviewComment], body: str) -> list[Anchored]:
    """Each comment with where its words are in `body` now."""
    return [
        Anchored(comment, locate(body, comment.anchor_text, comment.anchor_prefix, comment.anchor_suffix))
        for comment in comments
    ]


def marked_with_comments(fields: list[MarkedField], located: list[Anchored], body: str) -> list[MarkedField]:
    """The marked fields with the open comments' words marked in the body (findings kept)."""
    spans = [
        (item.span[0], item.span[1], item.comment.pk)
        for item in located
        if item.span is not None and item.comment.resolved_at is None
    ]
    if not spans:
        return fields
    normalised = (body or "").replace("\r\n", "\n")
    result = []
    for field in fields:
        if field.name != "body" or "".join(segment.text for segment in field.segments).replace("\r\n", "\n") != (
            normalised
        ):
            result.append(field)
            continue
        result.append(replace(field, segments=_split(field.segments, spans)))
    return result


def _split(segments: list[Segment], spans: list[tuple[int, int, int]]) -> list[Segment]:
    """Cut the segments at every comment boundary; each piece knows the comments covering it."""
    out: list[Segment] = []
    offset = 0
    for segment in segments:
        text = segment.text.replace("\r\n", "\n")
        cuts = {0, len(text)}
        for start, end, _pk in spans:
            for point in (start - offset, end - offset):
                if 0 < point < len(text):
                    cuts.add(point)
        points = sorted(cuts)
        for left, right in itertools.pairwise(points):
            covering = tuple(pk for start, end, pk in spans if start <= offset + left and offset + right <= end)
            out.append(
                CommentSegment(
                    text[left:right],
                    segment.finding,
                    segment.number,
                    segment.anchor and left == 0,
                    comments=covering,
                    starts=tuple(pk for start, _end, pk in spans if start == offset + left),
                    ends=tuple(pk for _start, end, pk in spans if end == offset + right),
                )
            )
        offset += len(text)
    return out
