"""Saving the desk editor: a new draft, or changes through the workflow's version check.

The editor's form and its two formsets (ordered bylines, image placements) are saved
together or not at all.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from articles import workflow
from articles.desk.forms import ARTICLE_FIELDS, ArticleForm, BasePlacementFormSet
from articles.models import Article
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
