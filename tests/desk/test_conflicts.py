"""Stale saves on the desk: merged with a notice, or the per-passage choice; nothing stored or typed is lost."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import workflow
from tests import factories
from tests.desk.test_desk_editing import editor_post, reload

pytestmark = pytest.mark.django_db

BODY = "The council met.\n\nIt voted on the harbour wall.\n\nThe mayor abstained."


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY, headline="Harbour wall")


def test_different_paragraphs_are_merged_and_the_notice_names_them(client, editor, writer, piece):
    stale = editor_post(piece, body=BODY.replace("The council met.", "The council met until dawn."))
    workflow.save_article(
        piece,
        by=writer,
        base_version=1,
        fields={"body": BODY.replace("abstained.", "abstained, to everyone's surprise.")},
    )
    client.force_login(editor)
    response = client.post(reverse("desk:article-edit", kwargs={"pk": piece.pk}), stale)
    assert response.status_code == 302
    stored = reload(piece)
    assert "met until dawn." in stored.body
    assert "to everyone's surprise." in stored.body
    assert stored.version == 3
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Merged with the version" in notice and "paragraph 3" in notice for notice in notices), notices


def test_overlapping_changes_show_the_choice_and_overwrite_nothing(client, editor, writer, piece):
    stale = editor_post(piece, headline="Editor's headline", body=BODY.replace("voted on", "voted for"))
    workflow.save_article(
        piece,
        by=writer,
        base_version=1,
        fields={"headline": "Writer's headline", "body": BODY.replace("voted on", "argued about")},
    )
    client.force_login(editor)
    url = reverse("desk:article-edit", kwargs={"pk": piece.pk})
    response = client.post(url, stale)
    assert response.status_code == 409
    assert response.templates[0].name == "desk/article_conflict.html"
    html = response.content.decode()
    assert "voted for" in html and "argued about" in html
    stored = reload(piece)
    assert stored.headline == "Writer's headline" and "argued about" in stored.body

    # Post the page back with a choice per conflict, as the browser would.
    fields = {field["name"]: field for field in response.context["fields"]}
    assert set(fields) == {"headline", "body"}
    data = dict(response.context["carried"])
    data.update({"base_version": response.context["base_version"], "_save": "1"})
    resolve = []
    for name, field in fields.items():
        resolve.append(name)
        data[f"resolve-{name}-count"] = len(field["segments"])
        for segment in field["segments"]:
            prefix = f"resolve-{name}-{segment['index']}"
            if segment.get("conflict"):
                data[f"{prefix}-mine"] = segment["mine"]
                data[f"{prefix}-theirs"] = segment["theirs"]
                data[prefix] = "theirs" if name == "headline" else "both"
            else:
                data[f"{prefix}-text"] = segment["text"]
    data["resolve"] = resolve
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = reload(piece)
    assert stored.headline == "Writer's headline"
    assert "It voted for the harbour wall." in stored.body
    assert "It argued about the harbour wall." in stored.body
    assert stored.body.startswith("The council met.")


def test_a_conflict_left_without_a_choice_keeps_both(client, editor, writer, piece):
    from django.http import QueryDict

    from articles.desk.conflicts import resolved_post

    post = QueryDict(mutable=True)
    post.update({"resolve": "body", "resolve-body-count": "2", "resolve-body-0-text": "Kept."})
    post.update({"resolve-body-1-mine": "Mine.", "resolve-body-1-theirs": "Theirs."})
    assert resolved_post(post)["body"] == "Kept.\n\nMine.\n\nTheirs."
