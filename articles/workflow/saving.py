"""The editor's save, in one direction: a submission is saved, merged with a save that came first,
or handed back as a conflict for the user to resolve.

    desk view → desk form (`Submission`) → `create_draft` / `save_submission` → `editing()` → models

`editing()` refuses a save from an older version (`StaleVersion`); such a save is merged three-way
(`merging`) with what is stored now and saved if nothing overlaps — again, up to three times, when
other saves keep landing in between. The caller renders the `SaveResult`; refusals (permission,
state) are raised as `WorkflowError`s. docs/editor.md draws the path.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Author, Byline, Image, Placement, Section
from articles.workflow import merging, receipts, revisions
from articles.workflow.editing import EDITABLE_FIELDS, editing
from articles.workflow.errors import StaleVersion, WrongState

MERGE_ATTEMPTS = 3

# A placed picture as the editor submits it: (image, role, position, own caption).
PictureRow = tuple[Image, str, int, str]


class Outcome(enum.Enum):
    SAVED = "saved"
    ALREADY_SAVED = "already saved"  # this very form was stored before (a resend): nothing saved twice
    MERGED = "merged"  # saved, with changes of another save taken in beside the user's
    CONFLICT = "conflict"  # nothing saved: both saves changed the same text, bylines or pictures


@dataclass(frozen=True)
class Submission:
    """What the editor's form submits: the content (`EDITABLE_FIELDS`), bylines and pictures in order."""

    values: dict[str, Any]
    authors: list[Author]
    pictures: list[PictureRow]
    base_version: int = 1
    token: uuid.UUID | None = None


@dataclass(frozen=True)
class LastSave:
    who: str
    when: str  # newsroom time, "14:05"


@dataclass(frozen=True)
class SaveResult:
    """What became of a submission. `article` is the stored piece (only its id for ALREADY_SAVED)."""

    outcome: Outcome
    article: Article
    # MERGED and CONFLICT: the merge of the fields, whose bylines/pictures it keeps, the other save.
    merge: merging.MergeResult | None = None
    lists: dict[str, str] = field(default_factory=dict)
    other_save: LastSave | None = None

    @property
    def lists_taken(self) -> list[str]:
        """The lists (bylines, placements) taken from the other save."""
        return [name for name in merging.MERGED_LISTS if self.lists.get(name) == "theirs"]


def create_draft(submission: Submission, *, by, template=None) -> SaveResult:
    """A new draft created by `by`, with its bylines, pictures and first revision, all or nothing; `template`
    (a PieceTemplate) is the kind of piece it starts as."""
    token = submission.token
    try:
        receipts.check_not_saved(token, by=by)
        try:
            with transaction.atomic():
                article = Article(created_by=by, template=template)
                _set_values(article, submission.values)
                article.save()
                replace_bylines(article, submission.authors)
                replace_placements(article, first_picture_leads(submission.pictures, placed_before=False))
                revisions.record(article, by=by)
                receipts.record(token, by=by, article=article)
        except IntegrityError:
            # The same form sent twice at once: the first one's receipt won the unique token.
            receipts.check_not_saved(token, by=by)
            raise
    except receipts.AlreadySaved as saved:
        return SaveResult(Outcome.ALREADY_SAVED, Article(pk=saved.article_id))
    return SaveResult(Outcome.SAVED, article)


def save_submission(article: Article, submission: Submission, *, by) -> SaveResult:
    """Save over `article` if nobody saved since the submission's base version, else merge with that save."""
    try:
        saved = _save(article, submission, by=by, base_version=submission.base_version, token=submission.token)
    except receipts.AlreadySaved as saved:
        return SaveResult(Outcome.ALREADY_SAVED, Article(pk=saved.article_id))
    except StaleVersion:
        return _merge_with_stored(article.pk, submission, by=by)
    return SaveResult(Outcome.SAVED, saved)


def _save(article: Article, submission: Submission, *, by, base_version: int, token=None, lists=None) -> Article:
    """Write the submission (the lists `lists` names as "mine", all of them by default) through `editing()`."""
    with editing(article, by=by, base_version=base_version, token=token) as locked:
        _set_values(locked, submission.values)
        if lists is None or lists["bylines"] == "mine":
            replace_bylines(locked, submission.authors)
        if lists is None or lists["placements"] == "mine":
            placed_before = locked.placements.exists()
            replace_placements(locked, first_picture_leads(submission.pictures, placed_before=placed_before))
    return locked


def _set_values(article: Article, values: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        setattr(article, name, values[name])


def _merge_with_stored(pk: int, submission: Submission, *, by) -> SaveResult:
    """Merge a stale submission with the stored piece and save it, or return the conflict (nothing saved)."""
    started = submission.base_version
    mine_fields, mine_lists = _merge_shape(submission)
    for _attempt in range(MERGE_ATTEMPTS):
        stored = Article.objects.visible_to(by).select_related("section").filter(pk=pk).first()
        if stored is None:
            raise WrongState(_("This piece no longer exists."))
        result = merging.merge(merging.base_fields(stored, started) or {}, mine_fields, merging.stored_fields(stored))
        lists = merging.merge_lists(merging.base_lists(stored, started), mine_lists, merging.stored_lists(stored))
        other_save = last_save(stored)  # before our save becomes the last one
        if not result.clean or "conflict" in lists.values():
            return SaveResult(Outcome.CONFLICT, stored, result, lists, other_save)
        merged = Submission(_with_section(result.values), submission.authors, submission.pictures)
        try:
            _save(stored, merged, by=by, base_version=stored.version, lists=lists)
        except StaleVersion:
            continue  # another save landed in between: merge against that one
        taken = bool(result.theirs_taken) or "theirs" in lists.values()
        return SaveResult(Outcome.MERGED if taken else Outcome.SAVED, stored, result, lists, other_save)
    return SaveResult(Outcome.CONFLICT, stored, result, lists, other_save)


def _merge_shape(submission: Submission) -> tuple[dict[str, Any], dict[str, tuple]]:
    """The submission as the merge compares it: the section by its key, lists as rows."""
    values = dict(submission.values)
    values["section"] = values["section"].pk if values.get("section") else None
    lists = {
        "bylines": merging.byline_rows(author.pk for author in submission.authors),
        "placements": merging.placement_rows((image.pk, *rest) for image, *rest in submission.pictures),
    }
    return values, lists


def _with_section(values: dict[str, Any]) -> dict[str, Any]:
    """Merged values with the section as a Section again."""
    section = values.get("section")
    return {**values, "section": Section.objects.filter(pk=section).first() if section else None}


def last_save(article: Article) -> LastSave:
    """Who saved the piece last, and when (newsroom time)."""
    # The save that made the stored version: its first record (state changes record it again later).
    records = article.history.filter(version=article.version).select_related("history_user")
    record = records.order_by("history_date", "history_id").first()
    if record is None or record.history_user is None:
        return LastSave(_("someone"), "")
    user = record.history_user
    when = timezone.localtime(record.history_date).strftime("%H:%M")
    return LastSave(user.get_full_name() or user.get_username(), when)


def replace_bylines(article: Article, authors: list[Author]) -> None:
    """Make the bylines exactly `authors` in order, keeping the rows of authors who stay."""
    existing = {byline.author_id: byline for byline in article.bylines.all()}
    wanted = [author.pk for author in authors]
    for author_id, byline in existing.items():
        if author_id not in wanted:
            byline.delete()
    for position, author in enumerate(authors):
        byline = existing.get(author.pk)
        if byline is None:
            Byline.objects.create(article=article, author=author, position=position)
        elif byline.position != position:
            byline.position = position
            byline.save(update_fields=["position"])


def first_picture_leads(pictures: list[PictureRow], *, placed_before: bool) -> list[PictureRow]:
    """The pictures, the first of them as the lead when they are the piece's first and none leads.

    A photo desk's habit, kept without JavaScript too. Only a piece's first pictures: once it has
    pictures, a save that leaves it without a lead is what the editor chose.
    """
    if placed_before or not pictures or any(role == Placement.Role.LEAD for _image, role, *_rest in pictures):
        return pictures
    image, _role, position, caption = pictures[0]
    return [(image, Placement.Role.LEAD, position, caption), *pictures[1:]]


def replace_placements(article: Article, pictures: list[PictureRow]) -> None:
    """Make the placements exactly `pictures`, keeping the rows of pictures that stay.

    Deletes first and writes the lead last, so the one-lead rule holds at every step.
    """
    existing = list(article.placements.all())
    rows = []
    for image, role, position, caption in pictures:
        match = next((placement for placement in existing if placement.image_id == image.pk), None)
        if match is not None:
            existing.remove(match)
        rows.append((match or Placement(article=article, image=image), role, position, caption))
    for placement in existing:
        placement.delete()
    for placement, role, position, caption in sorted(rows, key=lambda row: row[1] == Placement.Role.LEAD):
        placement.role, placement.position, placement.caption = role, position or 0, caption or ""
        placement.save()
