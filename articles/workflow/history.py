"""Revision history of an article's content and word-level diffs between any two revisions.

django-simple-history records every saved change (`Article.history`, with the
user and time); state changes are not revisions — `WorkflowEvent` records them.
Who may see this is decided by `articles.workflow.transitions.can_view_history`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, Section

# The content a reader or editor cares about, in the order the editor shows it.
COMPARED_FIELDS = ("kicker", "headline", "teaser", "dateline", "body", "section", "slug", "date", "expire_at")

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldDiff:
    """One field's difference: `chunks` are (op, text) with op in "equal", "insert", "delete"."""

    field: str
    label: str
    chunks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(op != "equal" for op, _text in self.chunks)


def revisions(article: Article) -> list[Model]:
    """The article's historical records, newest first, with `history_user` loaded."""
    return list(article.history.select_related("history_user").order_by("-history_date", "-history_id"))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff as (op, text) chunks; joining the non-insert texts gives `old`, the non-delete ones `new`.

    A lone space between two changes is folded into them, so a rewritten phrase
    reads as one deletion and one insertion rather than word-by-word confetti.
    """
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    regions = [
        (tag == "equal", "".join(before[i1:i2]), "".join(after[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    chunks: list[tuple[str, str]] = []
    deleted = inserted = ""
    for index, (is_equal, old_text, new_text) in enumerate(regions):
        between_changes = 0 < index < len(regions) - 1
        if is_equal and not (old_text.isspace() and between_changes):
            chunks += [(op, text) for op, text in (("delete", deleted), ("insert", inserted)) if text]
            deleted = inserted = ""
            chunks.append(("equal", old_text))
        else:
            deleted += old_text
            inserted += new_text
    chunks += [(op, text) for op, text in (("delete", deleted), ("insert", inserted)) if text]
    return chunks


def _display(record, name: str, sections: dict[int, str]) -> str:
    if name == "section":
        return sections.get(record.section_id, "") if record.section_id else ""
    value = getattr(record, name)
    if value is None:
        return ""
    if name == "expire_at":
        return date_format(timezone.localtime(value), "DATETIME_FORMAT", use_l10n=True)
    if name == "date":
        return date_format(value, "DATE_FORMAT", use_l10n=True)
    return str(value)


def compare(article: Article, old_id: int, new_id: int) -> list[FieldDiff]:
    """The fields that differ between two of this article's revisions, each as a word-level diff.

    Raises the historical model's DoesNotExist when an id is not a revision of this article.
    """
    old = article.history.get(history_id=old_id)
    new = article.history.get(history_id=new_id)
    section_ids = {pk for pk in (old.section_id, new.section_id) if pk}
    sections = dict(Section.objects.filter(pk__in=section_ids).values_list("pk", "name"))
    diffs = []
    for name in COMPARED_FIELDS:
        before, after = _display(old, name, sections), _display(new, name, sections)
        if before == after:
            continue
        diffs.append(FieldDiff(name, str(Article._meta.get_field(name).verbose_name), word_diff(before, after)))
    return diffs
