"""Three-way merge of a save that started from an older version.

Two people who change different fields, or different paragraphs of the body, should
not have to copy text across by hand. `merge` compares what the user started from
(`base_fields`), what they submitted and what is stored now: changes on one side
only are taken as they are, the body is merged paragraph by paragraph with
`merge3` (the three-way merge Breezy and Dulwich use), and only changes that
overlap are returned as conflicts for the user to decide. Nothing stored is
overwritten unseen and nothing typed is dropped.

The merge compares every field an edit may save (`EDITABLE_FIELDS`, the section by its key).
The base comes from django-simple-history's record of the article at that version;
`base_fields` is the one place to change when revisions are stored otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from merge3 import Merge3

from articles.models import Article
from articles.workflow.editing import EDITABLE_FIELDS

# Fields merged paragraph by paragraph; the others are one value each.
PARAGRAPH_FIELDS = frozenset({"body"})

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def base_fields(article: Article, version: int) -> dict[str, Any] | None:
    """The article's content as it was at `version` (None when no record of it is kept)."""
    record = article.history.filter(version=version).order_by("-history_date", "-history_id").first()
    if record is None:
        return None
    values = {name: getattr(record, name) for name in EDITABLE_FIELDS if name != "section"}
    values["section"] = record.section_id
    return values


def stored_fields(article: Article) -> dict[str, Any]:
    """The article's current content in the shape `base_fields` returns."""
    values = {name: getattr(article, name) for name in EDITABLE_FIELDS if name != "section"}
    values["section"] = article.section_id
    return values


def split_paragraphs(text: str) -> list[str]:
    """The text's paragraphs (blocks between blank lines), line endings as "\\n", trailing spaces kept out."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.rstrip() for block in _BLANK_LINE.split(text)] if text else []


@dataclass
class Segment:
    """A piece of a merged field: agreed text, or a conflict with each side's version."""

    text: str = ""
    conflict: bool = False
    base: str = ""
    mine: str = ""
    theirs: str = ""


@dataclass
class FieldMerge:
    name: str
    segments: list[Segment] = field(default_factory=list)
    # 1-based paragraph numbers (in the merged text) taken from the stored version.
    their_paragraphs: list[int] = field(default_factory=list)


@dataclass
class MergeResult:
    """`values` holds every field that merged cleanly; `conflicts` the fields the user must decide."""

    values: dict[str, Any] = field(default_factory=dict)
    # Fields where the stored version's change was taken in beside the user's.
    theirs_taken: list[FieldMerge] = field(default_factory=list)
    conflicts: list[FieldMerge] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()
    return a == b


def _merge_paragraphs(name: str, base: str, mine: str, theirs: str) -> FieldMerge:
    newline = "\r\n" if "\r\n" in (mine or "") else "\n"
    merger = Merge3(split_paragraphs(base), split_paragraphs(mine), split_paragraphs(theirs))
    result = FieldMerge(name)
    count = 0
    for group in merger.merge_groups():
        kind = group[0]
        if kind == "conflict":
            _kind, base_part, mine_part, their_part = group
            if len(base_part) == len(mine_part) == len(their_part):
                # merge3 calls changes to neighbouring paragraphs one conflict; paragraph by paragraph
                # they may well be on different sides.
                count = _merge_aligned(result, base_part, mine_part, their_part, newline, count)
                continue
            result.segments.append(
                Segment(
                    conflict=True,
                    base=_join(base_part, newline),
                    mine=_join(mine_part, newline),
                    theirs=_join(their_part, newline),
                )
            )
            continue
        paragraphs = group[1]
        if kind == "b":
            result.their_paragraphs += list(range(count + 1, count + len(paragraphs) + 1))
        count += len(paragraphs)
        if paragraphs:
            result.segments.append(Segment(text=_join(paragraphs, newline)))
    return result


def _merge_aligned(
    result: FieldMerge, base: list[str], mine: list[str], theirs: list[str], newline: str, count: int
) -> int:
    """Merge equally long runs index by index; only paragraphs both sides changed differently conflict."""
    for b, m, t in zip(base, mine, theirs, strict=True):
        if m == t or t == b:
            result.segments.append(Segment(text=m.replace("\n", newline)))
        elif m == b:
            result.segments.append(Segment(text=t.replace("\n", newline)))
            result.their_paragraphs.append(count + 1)
        else:
            result.segments.append(
                Segment(
                    conflict=True,
                    base=b.replace("\n", newline),
                    mine=m.replace("\n", newline),
                    theirs=t.replace("\n", newline),
                )
            )
        count += 1
    return count


def _join(paragraphs: list[str], newline: str) -> str:
    return (newline * 2).join(paragraph.replace("\n", newline) for paragraph in paragraphs)


def join_segments(segments: list[Segment], choices: dict[int, str] | None = None) -> str:
    """The field's text: agreed segments, and each conflict resolved by `choices[index]` (mine/theirs/both)."""
    parts = []
    for index, segment in enumerate(segments):
        if not segment.conflict:
            parts.append(segment.text)
            continue
        choice = (choices or {}).get(index)
        chosen = {
            "mine": [segment.mine],
            "theirs": [segment.theirs],
            "both": [segment.mine, segment.theirs],
        }.get(choice)
        if chosen is None:
            raise ValueError(f"conflict {index} has no choice")
        parts += chosen
    newline = "\r\n" if any("\r\n" in part for part in parts) else "\n"
    return (newline * 2).join(part for part in parts if part.strip())


def merge(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> MergeResult:
    """Merge the user's values (`mine`) into the stored ones (`theirs`) against the version both started from."""
    result = MergeResult()
    for name in EDITABLE_FIELDS:
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        if _same(m, t) or _same(t, b):
            result.values[name] = m
        elif _same(m, b):
            result.values[name] = t
            result.theirs_taken.append(FieldMerge(name))
        elif name in PARAGRAPH_FIELDS:
            merged = _merge_paragraphs(name, b or "", m or "", t or "")
            if any(segment.conflict for segment in merged.segments):
                result.conflicts.append(merged)
            else:
                result.values[name] = join_segments(merged.segments)
                result.theirs_taken.append(merged)
        else:
            result.conflicts.append(FieldMerge(name, [Segment(conflict=True, base=b, mine=m, theirs=t)]))
    return result


# --- bylines and pictures ------------------------------------------------------------------------
# Each list is merged as a whole: the side that changed it wins; both changing it differently is a
# conflict. A byline is its author (in order); a placement its picture, role, position and caption.
MERGED_LISTS = ("bylines", "placements")


def byline_rows(author_ids) -> tuple:
    return tuple(author_ids)


def placement_rows(rows) -> tuple:
    """(image, role, position, caption) rows in reading order; the caption "" is the picture's own."""
    return tuple(sorted((image, role, position or 0, caption or "") for image, role, position, caption in rows))


def base_lists(article: Article, version: int) -> dict[str, tuple] | None:
    """The bylines and placements as revision `version` froze them (None when there is no such revision)."""
    revision = article.revisions.filter(number=version).values("bylines", "placements").first()
    if revision is None:
        return None
    return {
        "bylines": byline_rows(item["id"] for item in revision["bylines"]),
        # Revisions older than the own caption record only the printed one: the base is then uncertain,
        # which can only turn a merge into a question, never into an overwrite.
        "placements": placement_rows(
            (item["image_id"], item["role"], item.get("position"), item.get("own_caption", item.get("caption")))
            for item in revision["placements"]
        ),
    }


def stored_lists(article: Article) -> dict[str, tuple]:
    """The article's current bylines and placements in the shape `base_lists` returns."""
    return {
        "bylines": byline_rows(article.bylines.order_by("position", "pk").values_list("author_id", flat=True)),
        "placements": placement_rows(article.placements.values_list("image_id", "role", "position", "caption")),
    }


def merge_lists(base: dict | None, mine: dict, theirs: dict) -> dict[str, str]:
    """Per list, whose version a merged save keeps: "mine", "theirs" or "conflict" (both changed it differently).

    Without a base (no revision of the version the user started from) only identical lists merge.
    """
    outcome = {}
    for name in MERGED_LISTS:
        b, m, t = (base or {}).get(name), mine[name], theirs[name]
        if m == t or (base is not None and t == b):
            outcome[name] = "mine"
        elif base is not None and m == b:
            outcome[name] = "theirs"
        else:
            outcome[name] = "conflict"
    return outcome
