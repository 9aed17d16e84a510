"""Autosave on the desk: kept per user and piece, never a version, offered back with what differs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Autosave
from tests import factories
from tests.desk.test_desk_editing import editor_post, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer, body="First.\n\nSecond.")


def autosave(client, piece, **changes):
    return client.post(
        reverse("desk:article-autosave", kwargs={"pk": piece.pk}),
        editor_post(piece, **changes),
        headers={"Accept": "application/json"},
    )


def test_autosave_keeps_the_form_per_user_and_is_not_a_version(client, writer, editor, piece):
    client.force_login(writer)
    assert autosave(client, piece, headline="Typed, not saved").status_code == 200
    assert autosave(client, piece, headline="Typed again").status_code == 200
    kept = Autosave.objects.get()
    assert kept.user == writer and kept.data["headline"] == ["Typed again"] and kept.base_version == 1
    stored = reload(piece)
    assert stored.version == 1 and stored.headline != "Typed again"
    # Nobody else sees it.
    client.force_login(editor)
    html = client.get(reverse("desk:article-edit", kwargs={"pk": piece.pk})).content.decode()
    assert "Typed again" not in html


def test_reopening_offers_the_autosave_with_what_differs_and_restores_it(client, writer, piece):
    client.force_login(writer)
    autosave(client, piece, body="First.\n\nSecond, longer now.")
    url = reverse("desk:article-edit", kwargs={"pk": piece.pk})
    response = client.get(url)
    offer = response.context["restore"]
    assert [label for label, _chunks in offer.changes] == ["Body"]
    assert '<ins class="diff-ins">Second, longer now.</ins>' in response.content.decode() or "longer now" in (
        response.content.decode()
    )
    response = client.get(url + "?restore=1")
    assert response.context["form"]["body"].value() == "First.\n\nSecond, longer now."
    assert response.context["form"]["base_version"].value() == "1"
    # Saving the restored form stores it and forgets the autosave.
    response = client.post(url, editor_post(piece, body="First.\n\nSecond, longer now."))
    assert response.status_code == 302
    assert not Autosave.objects.exists()
    assert reload(piece).body == "First.\n\nSecond, longer now."


def test_an_autosave_equal_to_the_stored_piece_is_not_offered(client, writer, piece):
    client.force_login(writer)
    autosave(client, piece)
    assert client.get(reverse("desk:article-edit", kwargs={"pk": piece.pk})).context["restore"] is None


def test_discard_drops_only_my_autosave(client, writer, editor, piece):
    client.force_login(editor)
    autosave(client, piece, headline="Editor's")
    client.force_login(writer)
    autosave(client, piece, headline="Writer's")
    response = client.post(reverse("desk:article-autosave-discard", kwargs={"pk": piece.pk}))
    assert response.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == [editor.username]


def test_autosave_is_scoped_to_pieces_the_user_may_edit(client, other_writer, piece):
    client.force_login(other_writer)
    assert autosave(client, piece).status_code == 404
    assert not Autosave.objects.exists()


def test_autosave_refuses_an_over_long_body_with_a_message(client, writer, piece, settings):
    settings.NEWSROOM_BODY_MAX_CHARS = 100
    client.force_login(writer)
    response = autosave(client, piece, body="x" * 101)
    assert response.status_code == 413
    assert "longer than the editor accepts" in response.json()["error"]


def test_autosave_costs_the_same_queries_for_a_short_and_a_long_piece(client, writer, piece):
    long_piece = factories.ArticleFactory(
        authors=[writer.author], created_by=writer, body="\n\n".join(["A paragraph."] * 300)
    )
    for number in range(5):
        factories.PlacementFactory(article=long_piece, position=number, role="inline")
    client.force_login(writer)
    counts = []
    for article in (piece, long_piece):
        autosave(client, article)
        with CaptureQueriesContext(connection) as context:
            assert autosave(client, article).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_server_form_error_keeps_an_over_long_body(client, writer, piece, settings):
    settings.NEWSROOM_BODY_MAX_CHARS = 100
    client.force_login(writer)
    response = client.post(reverse("desk:article-edit", kwargs={"pk": piece.pk}), editor_post(piece, body="y" * 150))
    assert response.status_code == 400
    html = response.content.decode()
    assert "y" * 150 in html
    assert "the editor accepts at most 100" in html
    assert Article.objects.get(pk=piece.pk).body == "First.\n\nSecond."


def test_a_post_over_the_request_limit_is_answered_on_the_editor(client, writer, piece, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(writer)
    response = client.post(reverse("desk:article-edit", kwargs={"pk": piece.pk}), editor_post(piece, body="z" * 2000))
    assert response.status_code == 400
    assert "larger than the server accepts" in response.content.decode()
    assert response.templates[0].name == "desk/article_form.html"


@pytest.mark.parametrize("posted", ["abc", "²", "-7", "0", "99999999999999999999"])
def test_a_garbled_base_version_is_kept_as_a_version_that_exists(client, writer, piece, posted):
    client.force_login(writer)

    assert autosave(client, piece, headline="Typed", base_version=posted).status_code == 200

    assert Autosave.objects.get().base_version == 1
