"""The text side of suggestions: an edited field turned into per-change pieces, and each piece found again later.

`changes` diffs the text the suggester saw against what they typed, word by word, with Python's
`difflib.SequenceMatcher`: every differing run becomes one insertion, deletion or replacement with its
offset and some context. `locate` finds a change's replaced words in the text as it is now — only where the
context right around them is still the same, so a change is never applied to other words that happen to
read alike; when it cannot be found the suggestion is outdated.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

CONTEXT = 40  # characters of context kept on each side
NEAR = 12  # characters next to the words that must still be there for the change to be found again

# Words, runs of white space and single marks: a change replaces whole words, never half of one.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Change:
    kind: str  # "insertion", "deletion", "replacement" (Suggestion.Kind values)
    offset: int
    original: str
    proposed: str
    prefix: str
    suffix: str


def normalised(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def changes(before: str | None, after: str | None) -> list[Change]:
    """The differences between `before` and `after` (line endings as "\\n"), one per changed run of words."""
    before, after = normalised(before), normalised(after)
    if before == after:
        return []
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    starts = [0]
    for token in old:
        starts.append(starts[-1] + len(token))
    found = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        original, proposed = "".join(old[i1:i2]), "".join(new[j1:j2])
        kind = "insertion" if not original else "deletion" if not proposed else "replacement"
        start, end = starts[i1], starts[i2]
        found.append(
            Change(
                kind, start, original, proposed, before[max(0, start - CONTEXT) : start], before[end : end + CONTEXT]
            )
        )
    return found


def locate(
    text: str | None, *, original: str, prefix: str, suffix: str, offset: int, newline: str | None = None
) -> tuple[int, int] | None:
    """Where `original` is in `text` now, with its nearest context unchanged; None when it is gone (outdated).

    Works in the text's own line endings. Of several places, the one whose wider context matches best wins,
    then the one nearest the old offset. `newline`: the text's line ending, when the caller knows it.
    """
    text = text or ""
    if newline is None:
        newline = newline_of(text)
    # Context shorter than CONTEXT was all the text there was: the change sat at the field's start (or end),
    # and is found only there again — never at the first place that happens to read alike.
    at_start, at_end = len(prefix) < CONTEXT, len(suffix) < CONTEXT
    if newline != "\n":
        original, prefix, suffix = (part.replace("\n", newline) for part in (original, prefix, suffix))
    before, after = prefix[-NEAR:], suffix[:NEAR]
    needle = before + original + after
    if not needle:  # an insertion into a field that was empty: only while it still is
        return (0, 0) if not text else None
    best, best_key = None, None
    position = text.find(needle)
    while position != -1:
        start = position + len(before)
        end = start + len(original)
        if (at_start and (start != len(prefix) or text[:start] != prefix)) or (
            at_end and (len(text) - end != len(suffix) or text[end:] != suffix)
        ):
            position = text.find(needle, position + 1)
            continue
        score = _common_suffix(text[max(0, start - len(prefix)) : start], prefix) + _common_prefix(
            text[end : end + len(suffix)], suffix
        )
        key = (-score, abs(start - offset))
        if best_key is None or key < best_key:
            best, best_key = (start, end), key
        position = text.find(needle, position + 1)
    return best


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """`text` with each (start, end, proposed) applied, from the end backwards; the indexes of those applied.

    An edit overlapping one applied after it in the text is left out (its words changed under it).
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    applied = []
    cursor = len(text) + 1
    for index, (start, end, proposed) in sorted(enumerate(edits), key=lambda item: item[1][:2], reverse=True):
        if end > cursor or (start == end == cursor):
            continue
        text = text[:start] + proposed.replace("\n", newline) + text[end:]
        cursor = start
        applied.append(index)
    return text, applied


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    count = 0
    while count < limit and a[count] == b[count]:
        count += 1
    return count
