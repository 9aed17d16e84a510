"""The conflict page of a stale save, and the notice of a merged one.

`workflow.save_submission` merges a save based on an older version with the stored piece
(articles/workflow/saving.py). Overlapping changes come back as a `CONFLICT` result and render
the conflict page here, where each conflicting paragraph or field offers "mine", "theirs" or
"both". Its form posts back to the editor with every value in hidden fields, and `resolved_post`
turns the choices into ordinary editor data — nothing typed is lost.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles import workflow
from articles.desk.forms import ArticleForm
from articles.desk.widgets import DATETIME_LOCAL_FORMAT
from articles.models import Article, Author, Placement, Section
from articles.workflow import history, merging

RESOLVE = "resolve"
CHOICES = ("mine", "theirs", "both")
MAX_SEGMENTS = 10_000


class UnreadableChoices(ValueError):
    """The conflict page's choices came back garbled (not a number where one belongs)."""


def _field_label(name: str) -> str:
    return str(ArticleForm.base_fields[name].label) if name in ArticleForm.base_fields else name


# What the notice and the conflict page call the lists.
LIST_LABELS = {"bylines": gettext_lazy("bylines"), "placements": gettext_lazy("pictures")}


def merged_notice(result: workflow.SaveResult) -> str:
    """What the merge took from the other save, in words: “Headline, Body (paragraph 3), bylines”."""
    parts = []
    for merged in result.merge.theirs_taken:
        label = _field_label(merged.name)
        if merged.their_paragraphs:
            numbers = ", ".join(str(number) for number in merged.their_paragraphs)
            label += (
                " ("
                + ngettext("paragraph %(n)s", "paragraphs %(n)s", len(merged.their_paragraphs)) % {"n": numbers}
                + ")"
            )
        parts.append(label)
    parts += [str(LIST_LABELS[name]) for name in result.lists_taken]
    return _(
        "Merged with the version %(who)s saved at %(when)s: their changes to %(fields)s were kept beside yours."
    ) % {"who": result.other_save.who, "when": result.other_save.when, "fields": ", ".join(parts)}


def _display(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if name == "section":
        section = Section.objects.filter(pk=value).first()
        return section.name if section else ""
    if name == "expire_at":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _posted(name: str, value) -> str:
    """A stored value as the editor form posts it."""
    if value is None:
        return ""
    if name == "expire_at":
        return timezone.localtime(value).strftime(DATETIME_LOCAL_FORMAT)
    if name == "date":
        return value.strftime("%Y-%m-%d")
    return str(value)


def _formset_post(article: Article, name: str, wanted: list[tuple]) -> dict[str, str]:
    """Editor formset data turning the stored rows into `wanted`: rows that stay are kept (by id), others deleted.

    `wanted` holds (author id,) rows for bylines, (image id, role, position, caption) for placements.
    """
    rows, left = [], list(wanted)
    stored = list(article.bylines.all() if name == "bylines" else article.placements.all())
    for row in stored:
        key = row.author_id if name == "bylines" else row.image_id
        match = next((item for item in left if item[0] == key), None)
        if match is None:
            rows.append((row.pk, _row_values(name, row), True))
        else:
            left.remove(match)
            rows.append((row.pk, _wanted_values(name, match, wanted.index(match)), False))
    rows += [(None, _wanted_values(name, item, wanted.index(item)), False) for item in left]
    data = {f"{name}-TOTAL_FORMS": str(len(rows)), f"{name}-INITIAL_FORMS": str(len(stored))}
    data |= {f"{name}-MIN_NUM_FORMS": "0", f"{name}-MAX_NUM_FORMS": "1000"}
    for index, (pk, values, delete) in enumerate(rows):
        prefix = f"{name}-{index}"
        data |= {f"{prefix}-{field}": str(value) for field, value in values.items()}
        data[f"{prefix}-article"] = str(article.pk)
        if pk is not None:
            data[f"{prefix}-id"] = str(pk)
        if delete:
            data[f"{prefix}-DELETE"] = "on"
    return data


def _row_values(name: str, row) -> dict:
    if name == "bylines":
        return {"author": row.author_id, "position": row.position}
    return {"image": row.image_id, "role": row.role, "position": row.position, "caption": row.caption}


def _wanted_values(name: str, item: tuple, index: int) -> dict:
    if name == "bylines":
        return {"author": item[0], "position": index}
    image, role, position, caption = item
    return {"image": image, "role": role, "position": position, "caption": caption}


def _list_shown(name: str, rows: list[tuple]) -> str:
    """A list as the conflict page shows it: authors' names; pictures by number, role, position and caption."""
    if name == "bylines":
        names = dict(Author.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "name"))
        return ", ".join(names.get(row[0], "?") for row in rows)
    roles = dict(Placement.Role.choices)
    return "; ".join(
        f"#{image} {roles.get(role, role)} ({position})" + (f": {caption}" if caption else "")
        for image, role, position, caption in rows
    )


def conflict_page(request: HttpRequest, saved: workflow.SaveResult, submission: workflow.Submission) -> HttpResponse:
    """The conflict page (409): agreed values travel as hidden fields; each conflict asks for a choice."""
    stored, result, lists = saved.article, saved.merge, saved.lists
    authors, pictures = submission.authors, submission.pictures
    conflicted = {merged.name for merged in result.conflicts}
    data = QueryDict(mutable=True)
    for key in request.POST:
        if key in ("csrfmiddlewaretoken", "base_version") or key.startswith(RESOLVE) or key in conflicted:
            continue
        if key.split("-", 1)[0] in merging.MERGED_LISTS:
            continue  # the lists travel as the merge decided them, below
        if key in workflow.EDITABLE_FIELDS and key in result.values:
            data[key] = _posted(key, result.values[key]) if key != "section" else str(result.values[key] or "")
        else:
            data.setlist(key, request.POST.getlist(key))
    fields = []
    for merged in result.conflicts:
        segments = []
        for index, segment in enumerate(merged.segments):
            if not segment.conflict:
                segments.append({"index": index, "text": segment.text})
                continue
            paragraphs = merged.name in merging.PARAGRAPH_FIELDS
            mine = segment.mine if paragraphs else request.POST.get(merged.name, "")
            theirs = segment.theirs if paragraphs else _posted(merged.name, segment.theirs)
            mine_shown = mine if paragraphs else _display(merged.name, segment.mine)
            theirs_shown = theirs if paragraphs else _display(merged.name, segment.theirs)
            segments.append(_choice(index, mine, theirs, mine_shown, theirs_shown, paragraphs=paragraphs))
        fields.append({"name": merged.name, "label": _field_label(merged.name), "segments": segments})
    # Bylines and pictures: the stored rows turned into the list the merge keeps, or, where both saves
    # changed a list, into either side's list as the user chooses (see `resolved_post`).
    mine_rows = {
        "bylines": [(author.pk,) for author in authors],
        "placements": [(image.pk, role, position or 0, caption or "") for image, role, position, caption in pictures],
    }
    for name in merging.MERGED_LISTS:
        their_rows = [row[:1] if name == "bylines" else row for row in _stored_rows(stored, name)]
        if lists[name] != "conflict":
            kept = mine_rows[name] if lists[name] == "mine" else their_rows
            for key, value in _formset_post(stored, name, kept).items():
                data[key] = value
            continue
        mine = json.dumps(_formset_post(stored, name, mine_rows[name]))
        theirs = json.dumps(_formset_post(stored, name, their_rows))
        shown = _list_shown(name, mine_rows[name]), _list_shown(name, their_rows)
        segment = _choice(0, mine, theirs, *shown, paragraphs=False)
        fields.append({"name": name, "label": str(LIST_LABELS[name]).capitalize(), "segments": [segment]})
    who, when = saved.other_save.who, saved.other_save.when
    context = {
        "article": stored,
        "base_version": stored.version,
        "carried": [(key, value) for key in data for value in data.getlist(key)],
        "fields": fields,
        "merged": [_field_label(merged.name) for merged in result.theirs_taken]
        + [str(LIST_LABELS[name]) for name in merging.MERGED_LISTS if lists[name] == "theirs"],
        "who": who,
        "when": when,
        "mine_body": submission.values.get("body") or "",
    }
    if result.conflicts:
        warning = _(
            "%(who)s saved this piece while you were editing and changed the same text. Nothing was overwritten."
        )
    else:
        warning = _(
            "%(who)s saved this piece while you were editing and changed the same bylines or pictures. "
            "Nothing was overwritten."
        )
    messages.warning(request, warning % {"who": who})
    return render(request, "desk/article_conflict.html", context, status=409)


def _stored_rows(stored: Article, name: str) -> list[tuple]:
    if name == "bylines":
        return [(byline.author_id,) for byline in stored.bylines.all()]
    return [(row.image_id, row.role, row.position, row.caption or "") for row in stored.placements.all()]


def _choice(index: int, mine: str, theirs: str, mine_shown: str, theirs_shown: str, *, paragraphs: bool) -> dict:
    """One "mine or theirs" question of the conflict page, each side marked where it differs."""
    chunks = history.word_diff(theirs_shown, mine_shown)
    return {
        "index": index,
        "conflict": True,
        "mine": mine,
        "theirs": theirs,
        "mine_chunks": [chunk for chunk in chunks if chunk[0] != "delete"],
        "theirs_chunks": [chunk for chunk in chunks if chunk[0] != "insert"],
        "paragraphs": paragraphs,
    }


def resolved_post(post: QueryDict, *, count_segments: bool = False) -> QueryDict:
    """Editor data from the conflict page: each conflicting field rebuilt from the chosen sides.

    A conflict left without a choice keeps both sides (the user's first), so nothing is dropped.
    Raises `UnreadableChoices` when a segment count is not a number: guessing could drop text.
    With `count_segments` the posted segments are counted instead, to give a garbled page's text back.
    """
    data = post.copy()
    for name in post.getlist(RESOLVE):
        if name in merging.MERGED_LISTS:
            # The chosen side's rows as editor formset data (the user's own unless they chose theirs).
            side = "theirs" if post.get(f"{RESOLVE}-{name}-0") == "theirs" else "mine"
            try:
                rows = json.loads(post.get(f"{RESOLVE}-{name}-0-{side}", ""))
            except ValueError:
                continue  # nothing readable: the formset reports the missing rows
            if isinstance(rows, dict):
                for key, value in rows.items():
                    if str(key).startswith(f"{name}-"):
                        data[key] = str(value)
            continue
        if name not in workflow.EDITABLE_FIELDS:
            continue
        posted = post.get(f"{RESOLVE}-{name}-count", "")
        count = _segments_posted(post, name) if count_segments else _count(posted)
        segments, choices = [], {}
        for index in range(count):
            prefix = f"{RESOLVE}-{name}-{index}"
            if f"{prefix}-text" in post:
                segments.append(merging.Segment(text=post[f"{prefix}-text"]))
                continue
            segments.append(
                merging.Segment(
                    conflict=True, mine=post.get(f"{prefix}-mine", ""), theirs=post.get(f"{prefix}-theirs", "")
                )
            )
            choice = post.get(prefix)
            choices[index] = choice if choice in CHOICES else "both"
        if name in merging.PARAGRAPH_FIELDS:
            data[name] = merging.join_segments(segments, choices)
        else:
            # One value: "both" cannot apply, the user's value wins unless they chose theirs.
            conflict = next((segment for segment in segments if segment.conflict), None)
            if conflict is not None:
                data[name] = conflict.theirs if choices.get(segments.index(conflict)) == "theirs" else conflict.mine
    return data


def _count(posted: str) -> int:
    """A segment count from the conflict page: 0 when left out, at most MAX_SEGMENTS."""
    posted = posted.strip()
    if not posted:
        return 0
    if not (posted.isascii() and posted.isdigit()):
        raise UnreadableChoices(posted)
    return min(int(posted), MAX_SEGMENTS)


def _segments_posted(post: QueryDict, name: str) -> int:
    """How many segments of `name` the page posted, counted from the first one on."""
    count = 0
    while count < MAX_SEGMENTS and any(
        f"{RESOLVE}-{name}-{count}-{part}" in post for part in ("text", "mine", "theirs")
    ):
        count += 1
    return count
