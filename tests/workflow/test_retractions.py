"""Taking a submission back before an editor acts, and spiking / restoring drafts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, State, WorkflowEvent
from articles.review import comments
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    return workflow.submit(article, by=writer)


def test_the_writer_takes_a_submission_back_before_anyone_acts(writer, submitted):
    article = workflow.take_back(submitted, by=writer)
    assert article.status == State.DRAFT
    assert WorkflowEvent.objects.filter(article=article).last().transition == "take_back"


def test_no_take_back_once_an_editor_commented(writer, editor, submitted):
    comments.add_comment(submitted, by=editor, body="Looking at it now.")
    with pytest.raises(workflow.WrongState):
        workflow.take_back(submitted, by=writer)
    assert Article.objects.get(pk=submitted.pk).status == State.IN_REVIEW


def test_no_take_back_once_an_editor_saved_a_change(writer, editor, submitted):
    workflow.save_article(submitted, by=editor, base_version=submitted.version, fields={"kicker": "Edited"})
    with pytest.raises(workflow.WrongState):
        workflow.take_back(submitted, by=writer)


def test_editors_do_not_take_back_they_request_changes(editor, submitted):
    names = [spec.name for spec in workflow.available_transitions(submitted, editor)]
    assert "take_back" not in names and "request_changes" in names
    with pytest.raises(workflow.NotPermitted):
        workflow.take_back(submitted, by=editor)


def test_another_writer_cannot_take_it_back(other_writer, submitted):
    with pytest.raises(workflow.NotPermitted):
        workflow.take_back(submitted, by=other_writer)


def test_spiked_drafts_leave_the_desk_lists_and_come_back(client, writer):
    draft = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Spike me please")
    workflow.spike(draft, by=writer)
    client.force_login(writer)
    listing = client.get(reverse("desk:article-list")).content.decode()
    assert "Spike me please" not in listing
    assert "Spike me please" not in client.get(reverse("desk:dashboard")).content.decode()
    spiked = client.get(reverse("desk:article-list") + "?status=spiked").content.decode()
    assert "Spike me please" in spiked
    # Restoring goes through the review page's transition form like every other step.
    response = client.post(reverse("desk:article-transition", kwargs={"pk": draft.pk}), {"transition": "unspike"})
    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).status == State.DRAFT
    assert "Spike me please" in client.get(reverse("desk:article-list")).content.decode()


def test_only_drafts_can_be_spiked_and_only_by_who_may_edit(writer, other_writer, submitted):
    with pytest.raises(workflow.WrongState):
        workflow.spike(submitted, by=writer)
    draft = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    with pytest.raises(workflow.NotPermitted):
        workflow.spike(draft, by=other_writer)


def test_take_back_and_spike_are_offered_on_the_review_page(client, writer, submitted):
    client.force_login(writer)
    html = client.get(reverse("desk:article-review", kwargs={"pk": submitted.pk})).content.decode()
    assert "Take back my submission" in html
    response = client.post(reverse("desk:article-transition", kwargs={"pk": submitted.pk}), {"transition": "take_back"})
    assert response.status_code == 302
    html = client.get(reverse("desk:article-review", kwargs={"pk": submitted.pk})).content.decode()
    assert ">Spike<" in html


def test_a_live_pieces_update_is_not_spiked(writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(article, by=writer)
    workflow.publish(article, by=editor)
    workflow.start_update(article, by=writer)
    with pytest.raises(workflow.WrongState):
        workflow.spike(article, by=writer)
    assert Article.objects.get(pk=article.pk).status == State.DRAFT
