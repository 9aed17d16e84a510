"""The desk board: cards in the right column, only allowed moves offered, refused moves change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, DeskProfile
from tests import factories

pytestmark = pytest.mark.django_db


def column_of(page: str, card: str) -> str:
    """The data-column of the section holding `card`."""
    at = page.index(f'data-card="{card}"')
    start = page.rindex("data-column=", 0, at)
    return page[start + len('data-column="') :].split('"', 1)[0]


def test_cards_sit_in_their_stage(client, editor, writer):
    plan = factories.AssignmentFactory(headline="Planned only", assignees=[writer])
    draft = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    review = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(review, by=writer)
    returned = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(returned, by=writer)
    workflow.request_changes(Article.objects.get(pk=returned.pk), by=editor, comment="Shorter, please.")
    live = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(live, by=writer)
    workflow.publish(Article.objects.get(pk=live.pk), by=editor)
    client.force_login(editor)
    page = client.get(reverse("desk:board")).content.decode()
    assert column_of(page, f"assignment-{plan.pk}") == "planned"
    assert column_of(page, f"article-{draft.pk}") == "writing"
    assert column_of(page, f"article-{review.pk}") == "in_review"
    assert column_of(page, f"article-{returned.pk}") == "changes_requested"
    assert column_of(page, f"article-{live.pk}") == "live"


def test_only_allowed_moves_are_offered(client, writer, editor):
    draft = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    client.force_login(writer)
    page = client.get(reverse("desk:board")).content.decode()
    card = page[page.index(f'data-card="article-{draft.pk}"') :].split("</li>", 1)[0]
    assert 'value="submit"' in card and 'value="publish"' not in card
    workflow.submit(draft, by=writer)
    client.force_login(editor)
    page = client.get(reverse("desk:board")).content.decode()
    card = page[page.index(f'data-card="article-{draft.pk}"') :].split("</li>", 1)[0]
    assert 'value="publish"' in card and 'value="request_changes"' in card


def test_a_move_calls_the_workflow(client, writer):
    draft = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    client.force_login(writer)
    response = client.post(reverse("desk:board-move", args=[draft.pk]), {"transition": "submit"}, follow=True)
    assert Article.objects.get(pk=draft.pk).status == "in_review"
    assert "Moved:" in response.content.decode()


@pytest.mark.parametrize(("language", "said"), [("en", "was not moved"), ("de", "wurde nicht verschoben")])
def test_a_forbidden_move_is_refused_with_its_reason_in_both_languages(client, writer, language, said):
    DeskProfile.objects.update_or_create(user=writer, defaults={"language": language})
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    client.force_login(writer)
    response = client.post(reverse("desk:board-move", args=[piece.pk]), {"transition": "publish"}, follow=True)
    page = response.content.decode()
    assert said in page
    assert Article.objects.get(pk=piece.pk).status == "in_review"
    # A draft missing what a submission needs: the service's own reason is shown.
    empty = factories.ArticleFactory(authors=[writer.author], created_by=writer, teaser="", body="")
    page = client.post(reverse("desk:board-move", args=[empty.pk]), {"transition": "submit"}, follow=True)
    assert said in page.content.decode()
    assert Article.objects.get(pk=empty.pk).status == "draft"


def test_request_changes_without_a_comment_is_refused(client, editor, writer):
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    client.force_login(editor)
    client.post(reverse("desk:board-move", args=[piece.pk]), {"transition": "request_changes"})
    assert Article.objects.get(pk=piece.pk).status == "in_review"
    client.post(reverse("desk:board-move", args=[piece.pk]), {"transition": "request_changes", "comment": "Cut it."})
    assert Article.objects.get(pk=piece.pk).status == "draft"
