"""Feedback beside the text (#23 point 2): the editor shows the open review note and the thread, and the
comment endpoints answer the editor's fetch with JSON, or redirect to a safe `next` without it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import ReviewComment
from articles.review import comments
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "The council met on Monday.\n\nIt voted on the harbour wall after midnight.\n\nThe mayor abstained."
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def sent_back(writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    article = workflow.submit(article, by=writer)
    comments.add_comment(
        article, by=editor, body="Which wall exactly?", anchor=("harbour wall", "It voted on the ", " after midnight")
    )
    return workflow.request_changes(article, by=editor, comment="Name the wall and cut the last line.")


def test_the_editor_shows_the_open_note_and_the_anchored_thread(client, writer, sent_back):
    client.force_login(writer)
    page = client.get(reverse("desk:article-edit", args=[sent_back.pk])).content.decode()
    assert "Name the wall and cut the last line." in page
    assert 'id="review-note"' in page
    assert "Which wall exactly?" in page
    assert 'data-show-in-text data-anchor-text="harbour wall"' in page
    # The panel's forms are not inside the editor's form: they post on their own.
    form_end = page.index("</form>", page.index('id="article-form"'))
    assert page.index('id="editor-comment-form"') > form_end
    # Without JavaScript they come back to the editor.
    edit = reverse("desk:article-edit", args=[sent_back.pk])
    assert page.count(f'name="next" value="{edit}#editor-comments"') == 3


def test_the_note_goes_once_the_piece_is_submitted_again(client, writer, sent_back):
    workflow.submit(sent_back, by=writer)
    client.force_login(writer)
    page = client.get(reverse("desk:article-edit", args=[sent_back.pk])).content.decode()
    assert 'id="review-note"' not in page
    assert "Which wall exactly?" in page  # the thread stays


def test_a_comment_asked_for_json_answers_with_its_markup(client, writer, sent_back):
    client.force_login(writer)
    url = reverse("desk:article-comment", args=[sent_back.pk])
    data = {"body": "The harbour's east wall.", "anchor_text": "harbour wall", "anchor_prefix": "on the "}
    answer = client.post(url, data, **JSON)
    assert answer.status_code == 201
    stored = ReviewComment.objects.get(body="The harbour's east wall.")
    assert answer.json()["comment"]["id"] == stored.pk
    assert "The harbour&#x27;s east wall." in answer.json()["comment"]["html"]
    assert answer.json()["open"] == 2


def test_an_empty_comment_asked_for_json_says_why(client, writer, sent_back):
    client.force_login(writer)
    answer = client.post(reverse("desk:article-comment", args=[sent_back.pk]), {"body": ""}, **JSON)
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("The comment was not added")
    assert ReviewComment.objects.count() == 1


def test_without_json_a_comment_goes_back_to_a_safe_next(client, writer, sent_back):
    client.force_login(writer)
    url = reverse("desk:article-comment", args=[sent_back.pk])
    edit = reverse("desk:article-edit", args=[sent_back.pk])
    answer = client.post(url, {"body": "Done.", "next": edit + "#editor-comments"})
    assert answer.status_code == 302 and answer["Location"] == edit + "#editor-comments"
    answer = client.post(url, {"body": "Again.", "next": "https://evil.example/steal"})
    assert answer["Location"] == reverse("desk:article-review", args=[sent_back.pk]) + "#comments"


def test_resolve_and_reopen_answer_json(client, writer, sent_back):
    client.force_login(writer)
    comment = ReviewComment.objects.get()
    url = reverse("desk:comment-resolve", args=[sent_back.pk])
    answer = client.post(url, {"comment": comment.pk, "action": "resolve"}, **JSON)
    assert answer.status_code == 200
    assert answer.json()["comment"]["resolved"] is True and answer.json()["open"] == 0
    assert "Reopen" in answer.json()["comment"]["html"]
    comment.refresh_from_db()
    assert comment.resolved_by == writer
    answer = client.post(url, {"comment": comment.pk, "action": "reopen"}, **JSON)
    assert answer.json()["comment"]["resolved"] is False
    assert client.post(url, {"comment": "999999"}, **JSON).status_code == 404


def test_resolve_without_json_goes_back_to_next(client, writer, sent_back):
    client.force_login(writer)
    comment = ReviewComment.objects.get()
    edit = reverse("desk:article-edit", args=[sent_back.pk])
    url = reverse("desk:comment-resolve", args=[sent_back.pk])
    answer = client.post(url, {"comment": comment.pk, "next": edit})
    assert answer.status_code == 302 and answer["Location"] == edit
    answer = client.post(url, {"comment": comment.pk, "action": "reopen", "next": "//evil.example/"})
    assert answer["Location"] == reverse("desk:article-review", args=[sent_back.pk]) + f"#comment-{comment.pk}"


def test_the_thread_endpoint_returns_only_newer_comments(client, writer, editor, sent_back):
    client.force_login(writer)
    first = ReviewComment.objects.get()
    later = comments.add_comment(sent_back, by=editor, body="And the date, please.")
    url = reverse("desk:comment-thread", args=[sent_back.pk])
    answer = client.get(url, {"after": first.pk})
    assert answer.status_code == 200
    assert [item["id"] for item in answer.json()["comments"]] == [later.pk]
    assert "And the date, please." in answer.json()["comments"][0]["html"]
    assert answer.json()["open"] == 2
    assert client.get(url, {"after": later.pk}).json()["comments"] == []
    assert client.get(url, {"after": "x"}).status_code == 400


def test_another_writer_cannot_read_or_touch_the_thread(client, other_writer, sent_back):
    client.force_login(other_writer)
    comment = ReviewComment.objects.get()
    assert client.get(reverse("desk:comment-thread", args=[sent_back.pk])).status_code == 404
    resolve = reverse("desk:comment-resolve", args=[sent_back.pk])
    assert client.post(resolve, {"comment": comment.pk}, **JSON).status_code == 404
    add = reverse("desk:article-comment", args=[sent_back.pk])
    assert client.post(add, {"body": "Sneaky."}, **JSON).status_code == 404
    comment.refresh_from_db()
    assert comment.resolved_at is None and ReviewComment.objects.count() == 1


def test_anonymous_polling_is_sent_to_sign_in(client, sent_back):
    answer = client.get(reverse("desk:comment-thread", args=[sent_back.pk]))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_thread_endpoint_returns_older_comments_whose_state_changed(client, writer, editor, sent_back):
    client.force_login(writer)
    first = ReviewComment.objects.get()
    url = reverse("desk:comment-thread", args=[sent_back.pk])
    assert client.get(url, {"after": first.pk, "resolved": ""}).json()["changed"] == []
    comments.set_resolved(first, by=editor, resolved=True)
    changed = client.get(url, {"after": first.pk, "resolved": ""}).json()["changed"]
    assert [item["id"] for item in changed] == [first.pk] and changed[0]["resolved"] is True
    # The page already shows it resolved: nothing to change.
    assert client.get(url, {"after": first.pk, "resolved": str(first.pk)}).json()["changed"] == []
