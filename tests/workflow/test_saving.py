"""The editor's save (`workflow.save_submission`): all together, merged, or nothing when it conflicts."""

from __future__ import annotations

import uuid

import pytest
from django.http import QueryDict

from articles import workflow
from articles.desk.forms import ArticleForm, BylineFormSet, PlacementFormSet
from articles.models import Article, Byline
from articles.workflow.editing import WORKFLOW_FIELDS
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
    return form.submission(bylines, placements)


def test_a_conflicting_stale_save_writes_neither_fields_nor_bylines(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    newcomer = factories.AuthorFactory()
    data = editor_post(
        article,
        headline="Mine",
        **{"bylines-TOTAL_FORMS": 2, "bylines-1-author": newcomer.pk, "bylines-1-position": 1},
    )
    submission = bound_forms(article, data)
    workflow.save_article(article, by=writer, base_version=article.version, fields={"headline": "Theirs"})
    result = workflow.save_submission(Article.objects.get(pk=article.pk), submission, by=writer)
    assert result.outcome is workflow.Outcome.CONFLICT
    assert [conflict.name for conflict in result.merge.conflicts] == ["headline"]
    assert Article.objects.get(pk=article.pk).headline == "Theirs"
    assert not Byline.objects.filter(author=newcomer).exists()


def test_a_save_raises_the_version_and_saves_the_rows(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    newcomer = factories.AuthorFactory()
    data = editor_post(
        article,
        headline="Mine",
        **{"bylines-TOTAL_FORMS": 2, "bylines-1-author": newcomer.pk, "bylines-1-position": 1},
    )
    result = workflow.save_submission(article, bound_forms(article, data), by=writer)
    assert result.outcome is workflow.Outcome.SAVED
    stored = Article.objects.get(pk=result.article.pk)
    assert (stored.headline, stored.version) == ("Mine", 2)
    assert stored.ordered_authors() == [writer.author, newcomer]


def test_a_stale_save_of_other_fields_is_merged_and_says_what_it_took(writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    submission = bound_forms(article, editor_post(article, headline="Mine"))
    workflow.save_article(article, by=editor, base_version=article.version, fields={"kicker": "Theirs"})
    result = workflow.save_submission(Article.objects.get(pk=article.pk), submission, by=writer)
    assert result.outcome is workflow.Outcome.MERGED
    assert [merged.name for merged in result.merge.theirs_taken] == ["kicker"]
    assert result.other_save.who == (editor.get_full_name() or editor.get_username())
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.kicker, stored.version) == ("Mine", "Theirs", 3)


def test_a_resent_submission_is_answered_already_saved(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    submission = bound_forms(article, editor_post(article, headline="Mine", save_token=str(uuid.uuid4())))
    assert workflow.save_submission(article, submission, by=writer).outcome is workflow.Outcome.SAVED
    again = workflow.save_submission(Article.objects.get(pk=article.pk), submission, by=writer)
    assert (again.outcome, again.article.pk) == (workflow.Outcome.ALREADY_SAVED, article.pk)
    assert Article.objects.get(pk=article.pk).version == 2


def test_the_editor_form_shows_exactly_the_fields_an_edit_saves():
    assert tuple(ArticleForm._meta.fields) == workflow.EDITABLE_FIELDS
    # How the piece came about (who created it, from which template), not its content: set once, never edited.
    bookkeeping = {"id", "version", "created_at", "updated_at", "import_key", "created_by", "template"}
    content = {field.name for field in Article._meta.concrete_fields} - WORKFLOW_FIELDS
    assert set(workflow.EDITABLE_FIELDS) == content - bookkeeping


# --- the first picture leads ------------------------------------------------------------------


def _pictures(*rows) -> dict:
    data = {"placements-TOTAL_FORMS": len(rows)}
    for index, (image, role, position) in enumerate(rows):
        data.update(
            {
                f"placements-{index}-image": image.pk,
                f"placements-{index}-role": role,
                f"placements-{index}-position": position,
                f"placements-{index}-caption": "",
            }
        )
    return data


def test_the_first_picture_placed_becomes_the_lead(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    first, second = factories.ImageFactory(), factories.ImageFactory()
    data = editor_post(article, **_pictures((second, "inline", 3), (first, "inline", 0)))

    workflow.save_submission(article, bound_forms(article, data), by=writer)

    roles = dict(article.placements.values_list("image_id", "role"))
    assert roles == {first.pk: "lead", second.pk: "inline"}  # the first by position, not by row


def test_a_chosen_lead_and_a_piece_that_had_pictures_are_left_as_they_are(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    first, second = factories.ImageFactory(), factories.ImageFactory()
    data = editor_post(article, **_pictures((first, "inline", 0), (second, "lead", 1)))
    workflow.save_submission(article, bound_forms(article, data), by=writer)
    assert dict(article.placements.values_list("image_id", "role")) == {first.pk: "inline", second.pk: "lead"}

    # The editor then makes the lead inline: the piece had pictures, so that is their choice.
    article = Article.objects.get(pk=article.pk)
    data = editor_post(article, **{"placements-1-role": "inline"})
    workflow.save_submission(article, bound_forms(article, data), by=writer)
    assert set(article.placements.values_list("role", flat=True)) == {"inline"}


def test_a_new_draft_with_a_picture_gets_it_as_lead(writer):
    image = factories.ImageFactory()
    values = {name: getattr(factories.ArticleFactory.build(), name) for name in workflow.EDITABLE_FIELDS}
    values["section"] = None

    saved = workflow.create_draft(
        workflow.Submission(values=values, authors=[writer.author], pictures=[(image, "inline", 0, "")]), by=writer
    )

    assert saved.article.placements.get().role == "lead"


def test_the_lead_rule_holds_in_a_merged_save(writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Old")
    image = factories.ImageFactory()
    stale = bound_forms(article, editor_post(article, **_pictures((image, "inline", 0))))
    workflow.save_article(article, by=editor, base_version=article.version, fields={"headline": "Theirs"})

    result = workflow.save_submission(Article.objects.get(pk=article.pk), stale, by=writer)

    assert result.outcome is workflow.Outcome.MERGED
    assert Article.objects.get(pk=article.pk).placements.get().role == "lead"
