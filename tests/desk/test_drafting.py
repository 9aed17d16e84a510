"""Saving the editor's forms: all together, or nothing when the version is stale."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from articles import workflow
from articles.desk import drafting
from articles.desk.forms import ArticleForm, BylineFormSet, PlacementFormSet
from articles.models import Article, Byline
from tests import factories
from tests.desk.test_desk_editing import editor_post

pytestmark = pytest.mark.django_db


def bound_forms(article: Article, data: dict):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = str(value)
    form = ArticleForm(query, instance=article)
    bylines = BylineFormSet(query, instance=article, prefix="bylines")
    placements = PlacementFormSet(query, instance=article, prefix="placements")
    assert form.is_valid() and bylines.is_valid() and placements.is_valid()
    return form, bylines, placements


def test_stale_save_writes_neither_fields_nor_bylines(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    newcomer = factories.AuthorFactory()
    data = editor_post(
        article,
        headline="Mine",
        **{"bylines-TOTAL_FORMS": 2, "bylines-1-author": newcomer.pk, "bylines-1-position": 1},
    )
    form, bylines, placements = bound_forms(article, data)
    workflow.save_article(article, by=writer, base_version=article.version, fields={"headline": "Theirs"})
    with pytest.raises(workflow.StaleVersion):
        drafting.save_changes(Article.objects.get(pk=article.pk), form, bylines, placements, by=writer)
    assert Article.objects.get(pk=article.pk).headline == "Theirs"
    assert not Byline.objects.filter(author=newcomer).exists()


def test_save_changes_raises_the_version_and_saves_the_rows(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    newcomer = factories.AuthorFactory()
    data = editor_post(
        article,
        headline="Mine",
        **{"bylines-TOTAL_FORMS": 2, "bylines-1-author": newcomer.pk, "bylines-1-position": 1},
    )
    form, bylines, placements = bound_forms(article, data)
    saved = drafting.save_changes(article, form, bylines, placements, by=writer)
    stored = Article.objects.get(pk=saved.pk)
    assert (stored.headline, stored.version) == ("Mine", 2)
    assert stored.ordered_authors() == [writer.author, newcomer]
