"""A save based on an older version: merge it, or ask per conflicting paragraph.

`merge_stale_save` runs when `workflow.editing` refuses a save as stale. Changes to
different fields or paragraphs are combined (`articles.workflow.merging`) and saved
with a notice naming what came from the other save; overlapping changes render the
conflict page, where each conflicting paragraph or field offers "mine", "theirs" or
"both". Its form posts back to the editor with every value in hidden fields, and
`resolved_post` turns the choices into ordinary editor data — nothing typed is lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import workflow
from articles.desk import drafting
from articles.desk.forms import DATETIME_LOCAL_FORMAT, ArticleForm
from articles.desk.view_helpers import article_for
from articles.models import Article, Section
from articles.workflow import history, merging

RESOLVE = "resolve"
CHOICES = ("mine", "theirs", "both")


def submitted_values(form: ArticleForm) -> dict:
    """The user's values in the merge's shape (the section by its key)."""
    values = {name: form.cleaned_data.get(name) for name in merging.MERGED_FIELDS}
    values["section"] = values["section"].pk if values["section"] else None
    return values


def _cleaned(values: dict) -> dict:
    """Merged values back in the editor form's shape (a Section, not its key)."""
    cleaned = dict(values)
    section = cleaned.get("section")
    cleaned["section"] = Section.objects.filter(pk=section).first() if section else None
    return cleaned


def _last_saver(article: Article) -> tuple[str, str]:
    record = article.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None or record.history_user is None:
        return _("someone"), ""
    user = record.history_user
    return user.get_full_name() or user.get_username(), timezone.localtime(record.history_date).strftime("%H:%M")


def _field_label(name: str) -> str:
    return str(ArticleForm.base_fields[name].label) if name in ArticleForm.base_fields else name


def merged_notice(result: merging.MergeResult, saver: tuple[str, str]) -> str:
    """What the merge took from the other save, in words: “Headline, Body (paragraph 3)”."""
    parts = []
    for merged in result.theirs_taken:
        label = _field_label(merged.name)
        if merged.their_paragraphs:
            numbers = ", ".join(str(number) for number in merged.their_paragraphs)
            label += (
                " ("
                + ngettext("paragraph %(n)s", "paragraphs %(n)s", len(merged.their_paragraphs)) % {"n": numbers}
                + ")"
            )
        parts.append(label)
    who, when = saver
    return _(
        "Merged with the version %(who)s saved at %(when)s: their changes to %(fields)s were kept beside yours."
    ) % {"who": who, "when": when, "fields": ", ".join(parts)}


def merge_stale_save(request: HttpRequest, pk: int, form: ArticleForm, bylines, placements) -> Article | HttpResponse:
    """Save a stale edit merged with the stored version (the saved article), or the conflict page (409)."""
    for _attempt in range(3):
        stored = article_for(request.user, pk)
        base = merging.base_fields(stored, form.cleaned_data["base_version"]) or {}
        result = merging.merge(base, submitted_values(form), merging.stored_fields(stored))
        if not result.clean:
            return _conflict_page(request, stored, form, result)
        saver = _last_saver(stored)  # before our save becomes the last one
        try:
            drafting.save_values(
                stored, _cleaned(result.values), bylines, placements, by=request.user, base_version=stored.version
            )
        except workflow.StaleVersion:
            continue  # another save landed in between: merge against that one
        if result.theirs_taken:
            messages.info(request, merged_notice(result, saver))
        return stored
    return _conflict_page(request, stored, form, result)


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


def _conflict_page(request: HttpRequest, stored: Article, form: ArticleForm, result: merging.MergeResult):
    """Agreed values travel as hidden fields; each conflict asks for a choice."""
    conflicted = {merged.name for merged in result.conflicts}
    data = QueryDict(mutable=True)
    for key in request.POST:
        if key in ("csrfmiddlewaretoken", "base_version") or key.startswith(RESOLVE) or key in conflicted:
            continue
        if key in merging.MERGED_FIELDS and key in result.values:
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
            chunks = history.word_diff(theirs_shown, mine_shown)
            segments.append(
                {
                    "index": index,
                    "conflict": True,
                    "mine": mine,
                    "theirs": theirs,
                    "mine_chunks": [chunk for chunk in chunks if chunk[0] != "delete"],
                    "theirs_chunks": [chunk for chunk in chunks if chunk[0] != "insert"],
                    "paragraphs": paragraphs,
                }
            )
        fields.append({"name": merged.name, "label": _field_label(merged.name), "segments": segments})
    who, when = _last_saver(stored)
    context = {
        "article": stored,
        "base_version": stored.version,
        "carried": [(key, value) for key in data for value in data.getlist(key)],
        "fields": fields,
        "merged": [_field_label(merged.name) for merged in result.theirs_taken],
        "who": who,
        "when": when,
        "mine_body": form.cleaned_data.get("body") or "",
    }
    messages.warning(
        request,
        _("%(who)s saved this piece while you were editing and changed the same text. Nothing was overwritten.")
        % {"who": who},
    )
    return render(request, "desk/article_conflict.html", context, status=409)


def resolved_post(post: QueryDict) -> QueryDict:
    """Editor data from the conflict page: each conflicting field rebuilt from the chosen sides.

    A conflict left without a choice keeps both sides (the user's first), so nothing is dropped.
    """
    data = post.copy()
    for name in post.getlist(RESOLVE):
        if name not in merging.MERGED_FIELDS:
            continue
        count = int(post.get(f"{RESOLVE}-{name}-count", "0") or 0)
        segments, choices = [], {}
        for index in range(min(count, 10_000)):
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
