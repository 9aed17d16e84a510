"""Comments anchored to words: found again after edits, outdated when the words are gone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import workflow
from articles.review import anchors, comments
from tests import factories

BODY = "The council met.\n\nThe council voted on the wall.\n\nThe mayor abstained."


def test_locate_prefers_the_occurrence_whose_context_matches():
    second = BODY.index("The council voted")
    before, after = anchors.context_of(BODY, second, second + len("The council"))
    assert anchors.locate(BODY, "The council", before, after) == (second, second + len("The council"))
    first_before, first_after = anchors.context_of(BODY, 0, len("The council"))
    assert anchors.locate(BODY, "The council", first_before, first_after) == (0, len("The council"))


def test_locate_follows_the_words_through_edits_elsewhere_and_gives_up_when_they_go():
    start = BODY.index("voted on the wall")
    before, after = anchors.context_of(BODY, start, start + len("voted on the wall"))
    edited = "A new first paragraph.\n\n" + BODY.replace("abstained", "left early")
    found = anchors.locate(edited, "voted on the wall", before, after)
    assert found and edited[found[0] : found[1]] == "voted on the wall"
    # Line breaks inside the words may change.
    assert anchors.locate(edited.replace("voted on", "voted\non"), "voted on the wall", before, after)
    assert anchors.locate(BODY.replace("voted on the wall", "agreed"), "voted on the wall", before, after) is None


@pytest.mark.django_db
def test_the_review_page_marks_anchored_words_and_flags_outdated_comments(client, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    start = BODY.index("voted on the wall")
    before, after = anchors.context_of(BODY, start, start + len("voted on the wall"))
    comment = comments.add_comment(article, by=editor, body="Which vote?", anchor=("voted on the wall", before, after))
    client.force_login(editor)
    url = reverse("desk:article-review", kwargs={"pk": article.pk})
    html = client.get(url).content.decode()
    assert f'<mark class="comment-anchor" id="anchor-{comment.pk}">voted on the wall' in html
    workflow.save_article(article, by=writer, base_version=1, fields={"body": "Intro.\n\n" + BODY})
    html = client.get(url).content.decode()
    assert f'id="anchor-{comment.pk}">voted on the wall' in html and "outdated" not in html
    workflow.save_article(article, by=writer, base_version=2, fields={"body": BODY.replace("voted on the wall", "met")})
    response = client.get(url)
    [item] = response.context["comments"]
    assert item.outdated
    assert '<mark class="comment-anchor"' not in response.content.decode()
    assert "Which vote?" in response.content.decode()


@pytest.mark.django_db
def test_comments_can_be_resolved_and_reopened(client, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    comment = comments.add_comment(article, by=editor, body="Check the mayor.")
    client.force_login(writer)
    url = reverse("desk:comment-resolve", kwargs={"pk": article.pk})
    assert client.post(url, {"comment": comment.pk, "action": "resolve"}).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_at is not None and comment.resolved_by == writer
    client.post(url, {"comment": comment.pk, "action": "reopen"})
    comment.refresh_from_db()
    assert comment.resolved_at is None and comment.resolved_by is None


@pytest.mark.django_db
def test_mentionable_people_are_those_who_can_open_the_piece(writer, other_writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    names = {user.username for user in comments.mentionable(article)}
    assert writer.username in names and editor.username in names
    assert other_writer.username not in names
