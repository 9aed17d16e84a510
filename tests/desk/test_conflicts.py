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


# --- bylines and pictures: merged as lists --------------------------------------------------------


def notices_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_two_stale_saves_merge_bylines_pictures_and_text(client, editor, writer, piece):
    """Both open version 1: the writer rearranges bylines and pictures, the editor then saves the headline."""
    co_author = factories.AuthorFactory(name="Co Author")
    dropped = factories.AuthorFactory(name="Dropped Author")
    piece.bylines.create(author=dropped, position=1)
    lead = factories.PlacementFactory(article=piece, role="lead", position=0)
    inline = factories.PlacementFactory(article=piece, role="inline", position=1)
    piece = workflow.save_article(piece, by=writer, base_version=piece.version, fields={"teaser": "Set up"})
    url = reverse("desk:article-edit", kwargs={"pk": piece.pk})
    editors_form = editor_post(piece, headline="The editor's headline")

    # The writer's save from the same version: a byline dropped, one added, the pictures swapped.
    writers_form = editor_post(piece)
    writers_form["bylines-1-DELETE"] = "on"
    writers_form.update({"bylines-TOTAL_FORMS": 3, "bylines-2-article": piece.pk, "bylines-2-author": co_author.pk})
    writers_form["bylines-2-position"] = 2
    writers_form.update({"placements-0-role": "inline", "placements-0-position": 2, "placements-1-role": "lead"})
    writers_form["placements-1-position"] = 0
    client.force_login(writer)
    assert client.post(url, writers_form).status_code == 302

    # The editor's save is now stale; its rows still name the dropped byline (a row that no longer exists).
    client.force_login(editor)
    response = client.post(url, editors_form)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = reload(piece)
    assert stored.headline == "The editor's headline"
    assert [byline.author for byline in stored.bylines.order_by("position")] == [writer.author, co_author]
    roles = {placement.pk: placement.role for placement in stored.placements.all()}
    assert roles == {lead.pk: "inline", inline.pk: "lead"}  # the same rows, nothing re-created
    notice = next(notice for notice in notices_of(response) if "Merged with the version" in notice)
    assert "bylines" in notice and "pictures" in notice


def test_a_stale_save_of_new_bylines_is_kept_beside_their_text(client, editor, writer, piece):
    co_author = factories.AuthorFactory(name="Co Author")
    url = reverse("desk:article-edit", kwargs={"pk": piece.pk})
    writers_form = editor_post(piece)
    writers_form.update({"bylines-TOTAL_FORMS": 2, "bylines-1-article": piece.pk, "bylines-1-author": co_author.pk})
    writers_form["bylines-1-position"] = 1
    workflow.save_article(piece, by=editor, base_version=piece.version, fields={"headline": "Edited"})
    client.force_login(writer)
    response = client.post(url, writers_form)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = reload(piece)
    assert stored.headline == "Edited"
    assert [byline.author for byline in stored.bylines.order_by("position")] == [writer.author, co_author]
    notice = next(notice for notice in notices_of(response) if "Merged with the version" in notice)
    assert "Headline" in notice and "bylines" not in notice


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_bylines_changed_on_both_sides_ask_and_overwrite_nothing(client, editor, writer, piece, choice):
    mine_author = factories.AuthorFactory(name="Mine Author")
    their_author = factories.AuthorFactory(name="Their Author")
    url = reverse("desk:article-edit", kwargs={"pk": piece.pk})
    stale = editor_post(piece, headline="Editor's headline")
    stale.update({"bylines-TOTAL_FORMS": 2, "bylines-1-article": piece.pk, "bylines-1-author": mine_author.pk})
    stale["bylines-1-position"] = 1
    theirs = editor_post(piece)
    theirs.update({"bylines-0-author": their_author.pk})
    client.force_login(writer)
    assert client.post(url, theirs).status_code == 302

    client.force_login(editor)
    response = client.post(url, stale)
    assert response.status_code == 409
    assert [byline.author for byline in reload(piece).bylines.all()] == [their_author]  # nothing overwritten
    assert any("same bylines or pictures" in notice for notice in notices_of(response))
    chunks = response.context["fields"][0]["segments"][0]
    assert "Mine" in str(chunks["mine_chunks"]) and "Their" in str(chunks["theirs_chunks"])
    fields = {field["name"]: field for field in response.context["fields"]}
    assert set(fields) == {"bylines"}
    segment = fields["bylines"]["segments"][0]
    data = dict(response.context["carried"])
    data.update({"base_version": response.context["base_version"], "_save": "1", "resolve": ["bylines"]})
    data.update({"resolve-bylines-count": 1, "resolve-bylines-0": choice})
    data.update({"resolve-bylines-0-mine": segment["mine"], "resolve-bylines-0-theirs": segment["theirs"]})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = reload(piece)
    assert stored.headline == "Editor's headline"
    authors = [byline.author for byline in stored.bylines.order_by("position")]
    assert authors == ([writer.author, mine_author] if choice == "mine" else [their_author])


def test_a_stale_save_of_pictures_writes_them_on_the_same_rows(client, editor, writer, piece):
    lead = factories.PlacementFactory(article=piece, role="lead", position=0)
    inline = factories.PlacementFactory(article=piece, role="inline", position=1)
    piece = workflow.save_article(piece, by=writer, base_version=piece.version, fields={"teaser": "Set up"})
    url = reverse("desk:article-edit", kwargs={"pk": piece.pk})
    stale = editor_post(piece)
    stale.update({"placements-0-role": "inline", "placements-0-position": 3, "placements-0-caption": "Mine"})
    stale.update({"placements-1-role": "lead", "placements-1-position": 0, "placements-1-DELETE": ""})
    workflow.save_article(piece, by=writer, base_version=piece.version, fields={"kicker": "Their kicker"})
    client.force_login(editor)
    response = client.post(url, stale)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = reload(piece)
    assert stored.kicker == "Their kicker"
    rows = {
        placement.pk: (placement.role, placement.position, placement.caption) for placement in stored.placements.all()
    }
    assert rows == {lead.pk: ("inline", 3, "Mine"), inline.pk: ("lead", 0, "")}
    notice = next(notice for notice in notices_of(response) if "Merged with the version" in notice)
    assert "pictures" not in notice


def test_the_notice_names_who_saved_the_text_not_who_changed_the_state_since(client, editor, writer, piece):
    stale = editor_post(piece, body=BODY.replace("The council met.", "The council met until dawn."))
    workflow.save_article(
        piece,
        by=writer,
        base_version=1,
        fields={"body": BODY.replace("abstained.", "abstained, to everyone's surprise.")},
    )
    submitter = factories.EditorFactory()
    workflow.submit(reload(piece), by=submitter)  # a state change is in the history too, with its own user
    client.force_login(editor)
    response = client.post(reverse("desk:article-edit", kwargs={"pk": piece.pk}), stale)
    assert response.status_code == 302
    notices = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert writer.get_full_name() in notices and submitter.get_full_name() not in notices, notices


# --- garbled posts: a clear 400, nothing saved, nothing typed lost ------------------------------


@pytest.mark.parametrize("count", ["abc", "-1", "1e3", "²", "9" * 40])
def test_a_garbled_conflict_count_is_a_400_that_keeps_the_text(client, editor, piece, count):
    data = editor_post(piece)
    data.pop("body")  # the conflict page sends a conflicting field only as its segments
    data.update({"resolve": "body", "resolve-body-count": count, "resolve-body-0-text": "Kept."})
    data.update({"resolve-body-1-mine": "My careful rewrite.", "resolve-body-1-theirs": "Their version."})
    client.force_login(editor)

    response = client.post(reverse("desk:article-edit", kwargs={"pk": piece.pk}), data)

    if count == "9" * 40:  # a number, only too many: capped, not refused
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert "could not be read" in " ".join(notices_of(response))
    assert response.context["form"]["body"].value() == "Kept.\n\nMy careful rewrite.\n\nTheir version."
    assert reload(piece).body == BODY


@pytest.mark.parametrize("base_version", ["²", "99999999999999999999", "-3", "abc"])
def test_a_garbled_base_version_is_a_400_not_a_500(client, editor, piece, base_version):
    data = editor_post(piece, body="My careful rewrite.", base_version=base_version)
    client.force_login(editor)

    response = client.post(reverse("desk:article-edit", kwargs={"pk": piece.pk}), data)

    assert response.status_code == 400
    assert "My careful rewrite." in response.content.decode()
    assert reload(piece).body == BODY


@pytest.mark.parametrize("total", ["abc", "²", "99999999999999999999"])
def test_a_garbled_formset_count_is_a_400_not_a_500(client, editor, piece, total):
    data = editor_post(piece, body="My careful rewrite.")
    data["placements-TOTAL_FORMS"] = total
    client.force_login(editor)

    response = client.post(reverse("desk:article-edit", kwargs={"pk": piece.pk}), data)

    assert response.status_code == 400
    assert "My careful rewrite." in response.content.decode()
