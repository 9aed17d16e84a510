"""Revision history of a piece: its `Revision`s and word-level diffs between any two, the live one included.

A revision is the whole piece (`articles.workflow.revisions`), so a diff covers the
text fields and also the bylines in order and each picture's role, position,
caption, credit line, archive flag and alt text — everything that prints.
State changes are not revisions: `WorkflowEvent` records them. Who may see this is
decided by `articles.workflow.permissions.can_view_history`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from articles.media.naming import picture_name
from articles.models import Article, PublishedVersion, Revision, State
from articles.workflow.errors import NoSuchRevision
from articles.workflow.snapshots import REVISION_FIELDS, revision_of

# The content a reader or editor cares about: what a revision holds, in the order the editor shows it.
COMPARED_FIELDS = REVISION_FIELDS

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


def revisions(article: Article) -> list[Revision]:
    """The piece's revisions, newest first, with who saved them; the working copy's is always among them.

    A piece made outside the editor (import, admin, demo) has no revision of its current version
    until a transition freezes one: it is shown unsaved, read from the working copy, so a page view writes nothing.
    """
    found = list(Revision.objects.filter(article=article).select_related("created_by", "section").order_by("-number"))
    if not found or found[0].number < article.version:
        current = revision_of(article)
        current.created_at = article.updated_at
        found.insert(0, current)
    return found


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


def _display(revision: Revision, name: str) -> str:
    if name == "section":
        return revision.section.name if revision.section_id and revision.section else ""
    value = getattr(revision, name)
    if value is None:
        return ""
    if name == "expire_at":
        return date_format(timezone.localtime(value), "DATETIME_FORMAT", use_l10n=True)
    if name == "date":
        return date_format(value, "DATE_FORMAT", use_l10n=True)
    # Line endings never change what readers see (revisions saved before text was stored with LF only).
    return str(value).replace("\r\n", "\n")


def _picture_text(item: dict) -> str:
    """What prints of one placed picture, one line per property, so a diff shows which one changed."""
    lines = [
        _("Image #%(id)s, position %(position)s") % {"id": item.get("image_id"), "position": item.get("position", 0)},
        _("Caption: %(text)s") % {"text": item.get("caption") or "—"},
        _("Credit: %(text)s") % {"text": item.get("credit_line") or "—"},
        _("Alt text: %(text)s") % {"text": item.get("alt_text") or "—"},
    ]
    # What partners get besides (ninjs), shown when set: a library correction then shows as pending.
    extra = (
        (_("Copyright notice: %(text)s"), "copyright_notice"),
        (_("Usage terms: %(text)s"), "usage_terms"),
        (_("Rights expire on: %(text)s"), "rights_expire_on"),
        (_("Source: %(text)s"), "source"),
    )
    lines += [label % {"text": item[key]} for label, key in extra if item.get(key)]
    if item.get("is_archive"):
        lines.append(_("(Archive image)"))
    return "\n".join(lines)


def _byline_text(bylines: list[dict]) -> str:
    return "\n".join(
        f"{item.get('name', '')} ({item['sign_off']})" if item.get("sign_off") else item.get("name", "")
        for item in bylines
    )


def content(revision: Revision) -> list[tuple[str, str, str]]:
    """The revision as (key, label, text) rows: fields, bylines, then each picture."""
    rows = [
        (name, str(Article._meta.get_field(name).verbose_name).capitalize(), _display(revision, name))
        for name in COMPARED_FIELDS
    ]
    rows.append(("bylines", _("Bylines"), _byline_text(revision.bylines)))
    for number, item in enumerate(revision.placements, start=1):
        rows.append((f"picture-{number}", picture_name(number, item.get("role", "")), _picture_text(item)))
    return rows


def compare_revisions(old: Revision, new: Revision) -> list[FieldDiff]:
    """What differs between two revisions (fields, bylines, pictures), each as a word-level diff."""
    before = {key: (label, text) for key, label, text in content(old)}
    diffs = []
    seen = set()
    for key, label, text in content(new):
        seen.add(key)
        old_text = before.get(key, (label, ""))[1]
        if old_text != text:
            diffs.append(FieldDiff(key, label, word_diff(old_text, text)))
    for key, (label, text) in before.items():  # pictures the newer revision no longer has
        if key not in seen and text:
            diffs.append(FieldDiff(key, label, word_diff(text, "")))
    return diffs


def compare(article: Article, old_number: int, new_number: int) -> list[FieldDiff]:
    """The differences between two of this article's revisions; `NoSuchRevision` for another piece's numbers."""
    found = {rev.number: rev for rev in revisions(article) if rev.number in {old_number, new_number}}
    if old_number not in found or new_number not in found:
        raise NoSuchRevision()
    return compare_revisions(found[old_number], found[new_number])


def live_revision(version: PublishedVersion) -> Revision:
    """What readers see, as a revision: the one it was built from, or one read back from the version itself."""
    if version.revision_id is not None:
        # The pictures as the version shows them: a correction applied to live pieces, or a picture
        # taken off for its rights, changed them after the revision was approved.
        revision = version.revision
        revision.placements = version.placements
        return revision
    # Published before revisions existed: the version's own fields (the body only as rendered, so as text).
    return Revision(
        article_id=version.article_id,
        number=0,
        kicker=version.kicker,
        headline=version.headline,
        teaser=version.teaser,
        dateline=version.dateline,
        body=strip_tags(version.body_html).strip(),
        date=version.date,
        section=version.section,
        slug=version.slug,
        expire_at=version.expire_at,
        bylines=version.bylines,
        placements=version.placements,
    )


@dataclass
class LiveComparison:
    """The live version against the working copy's current revision: what a publish or correction changes."""

    live: PublishedVersion | None
    live_revision: Revision | None
    current: Revision
    diffs: list[FieldDiff]

    @property
    def changes_pending(self) -> bool:
        return self.live is not None and bool(self.diffs)


def compare_with_live(article: Article) -> LiveComparison:
    """Diff live version ↔ the revision the working copy is at (bylines and placements as prefetched)."""
    current = revision_of(article)
    live = (
        PublishedVersion.objects.live().select_related("revision__section", "section").filter(article=article).first()
    )
    if live is None:
        return LiveComparison(None, None, current, [])
    old = live_revision(live)
    return LiveComparison(live, old, current, compare_revisions(old, current))


def compare_with_scheduled(article: Article, current: Revision) -> list[FieldDiff]:
    """Scheduled revision ↔ `current` (the working copy's): what "schedule this revision instead" would change.

    Empty unless the piece is scheduled and edited since: then readers get the scheduled
    revision at the scheduled time, and these are the edits they would not get.
    """
    if article.status != State.SCHEDULED or not article.scheduled_revision_id:
        return []
    scheduled = Revision.objects.select_related("section").get(pk=article.scheduled_revision_id)
    if scheduled.number >= current.number:
        return []
    return compare_revisions(scheduled, current)
