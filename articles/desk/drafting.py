"""Saving the desk editor: a new draft, or changes through the workflow's version check.

The editor's form and its two formsets (ordered bylines, image placements) are saved
together or not at all.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from articles import workflow
from articles.desk.forms import ARTICLE_FIELDS, ArticleForm, BasePlacementFormSet
from articles.models import Article, Byline, Placement
from articles.workflow import receipts, revisions


def create_draft(form: ArticleForm, bylines, placements: BasePlacementFormSet, *, by) -> Article:
    """A new draft from valid editor forms, created by `by`; a resent form raises `receipts.AlreadySaved`."""
    token = form.cleaned_data.get("save_token")
    receipts.check_not_saved(token, by=by)
    try:
        with transaction.atomic():
            article = form.save(commit=False)
            article.created_by = by
            article.save()
            bylines.instance = article
            bylines.save()
            placements.instance = article
            placements.save_in_order()
            revisions.record(article, by=by)
            receipts.record(token, by=by, article=article)
    except IntegrityError:
        # The same form sent twice at once: the first one's receipt won the unique token.
        receipts.check_not_saved(token, by=by)
        raise
    return article


def save_changes(article: Article, form: ArticleForm, bylines, placements: BasePlacementFormSet, *, by) -> Article:
    """Save valid editor forms over `article` unless someone saved since the form's base version.

    Raises `workflow.StaleVersion` (nothing written), `receipts.AlreadySaved` for a resent
    form that was stored before, or another `workflow.WorkflowError`.
    """
    return save_values(
        article,
        form.cleaned_data,
        bylines,
        placements,
        by=by,
        base_version=form.cleaned_data["base_version"],
        token=form.cleaned_data.get("save_token"),
    )


def save_values(
    article: Article, values: dict, bylines, placements: BasePlacementFormSet, *, by, base_version: int, token=None
):
    """Save the editor's field `values` and valid formsets over `article` if it is still at `base_version`."""
    with workflow.editing(article, by=by, base_version=base_version, token=token) as locked:
        for name in ARTICLE_FIELDS:
            setattr(locked, name, values[name])
        bylines.instance = locked
        bylines.save()
        placements.instance = locked
        placements.save_in_order()
    return locked


def submitted_rows(bylines, placements) -> tuple[list, list]:
    """The rows a valid editor form keeps, in order: authors, and (image, role, position, caption) placements."""

    def kept(formset) -> list[dict]:
        rows = [
            (form.cleaned_data.get("position") or 0, index, form.cleaned_data)
            for index, form in enumerate(formset.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        return [data for _position, _index, data in sorted(rows, key=lambda row: row[:2])]

    authors = [data["author"] for data in kept(bylines)]
    pictures = [(data["image"], data["role"], data["position"], data.get("caption") or "") for data in kept(placements)]
    return authors, pictures


def save_merged(
    article: Article,
    values: dict,
    *,
    authors: list | None,
    pictures: list | None,
    by,
    base_version: int,
) -> Article:
    """Save merged field `values`, and the bylines and placements given (None: keep the stored ones)."""
    with workflow.editing(article, by=by, base_version=base_version) as locked:
        for name in ARTICLE_FIELDS:
            setattr(locked, name, values[name])
        if authors is not None:
            _replace_bylines(locked, authors)
        if pictures is not None:
            _replace_placements(locked, pictures)
    return locked


def _replace_bylines(article: Article, authors: list) -> None:
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


def _replace_placements(article: Article, pictures: list) -> None:
    """Make the placements exactly `pictures` (image, role, position, caption), keeping rows of pictures that stay.

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
        placement.role, placement.position, placement.caption = role, position or 0, caption
        placement.save()
