"""Suggestion mode on the desk (#23 point 3): the Suggest editor, the no-JS list with accept/reject forms,
the panels on the editor and review page, publishing that asks first, refusals that say why."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.models import Article, Suggestion
from articles.workflow import suggestions
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "The council met on Monday.\n\nIt voted on the harbour wall after midnight.\n\nThe mayor abstained."


@pytest.fixture
def piece(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY, headline="Council votes")
    factories.PlacementFactory(article=article, caption="The old wall.")
    return article


def suggest_post(piece, **changes):
    placement = piece.placements.get()
    data = {
        "base_version": piece.version,
        "kicker": piece.kicker,
        "headline": piece.headline,
        "teaser": piece.teaser,
        "dateline": piece.dateline,
        "body": piece.body,
        f"caption_{placement.pk}": placement.caption,
    }
    data.update(changes)
    return data


def test_the_suggest_editor_keeps_changes_as_suggestions(client, editor, piece):
    client.force_login(editor)
    url = reverse("desk:article-suggest", args=[piece.pk])
    page = client.get(url).content.decode()
    assert "Keep as suggestions" in page and 'aria-current="page" data-suggest-mode' in page
    placement = piece.placements.get()
    response = client.post(
        url,
        suggest_post(
            piece,
            headline="Council votes at last",
            body=BODY.replace("Monday", "Tuesday").replace("\n", "\r\n"),
            **{f"caption_{placement.pk}": "The old wall at dawn."},
        ),
    )
    assert response.status_code == 302
    assert Suggestion.objects.filter(article=piece, author=editor).count() == 3
    assert Article.objects.get(pk=piece.pk).headline == "Council votes"


def test_writers_cannot_suggest_and_are_told_why(client, writer, piece):
    client.force_login(writer)
    response = client.post(reverse("desk:article-suggest", args=[piece.pk]), suggest_post(piece, headline="x"))
    assert response.status_code == 403
    assert "Only editors may suggest" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_writer_decides_without_javascript(client, writer, editor, piece):
    made = suggestions.propose(
        piece,
        by=editor,
        base_version=piece.version,
        fields={"headline": "Council votes at last", "body": BODY.replace("Monday", "Tuesday")},
    )
    client.force_login(writer)
    url = reverse("desk:article-suggestions", args=[piece.pk])
    page = client.get(url).content.decode()
    assert page.count('form="suggestion-form"') == 2 + 2 * len(made)  # all, and each: accept, reject
    assert '<del class="suggestion-del"' in page and "Tuesday" in page
    headline = next(s for s in made if s.field == "headline")
    body = next(s for s in made if s.field == "body")
    response = client.post(url, {"action": f"accept:{headline.pk}", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(url, {"action": f"reject:{body.pk}"}, follow=True)
    assert "1 suggestion rejected." in response.content.decode()
    piece = Article.objects.get(pk=piece.pk)
    assert piece.headline == "Council votes at last" and "Monday" in piece.body


def test_a_garbled_decision_is_a_message_not_an_error(client, writer, piece):
    client.force_login(writer)
    url = reverse("desk:article-suggestions", args=[piece.pk])
    response = client.post(url, {"action": "accept:²"}, follow=True)
    assert response.status_code == 200
    assert "Nothing was decided" in response.content.decode()


def test_another_writer_gets_404_and_a_reader_of_the_piece_without_edit_rights_403(client, piece, editor):
    suggestions.propose(piece, by=editor, base_version=piece.version, fields={"headline": "Other"})
    other = factories.WriterFactory()
    client.force_login(other)
    url = reverse("desk:article-suggestions", args=[piece.pk])
    assert client.post(url, {"action": "accept_all"}).status_code == 404
    assert Suggestion.objects.open().count() == 1


def test_editor_and_review_page_show_the_suggestions(client, writer, editor, piece):
    suggestions.propose(piece, by=editor, base_version=piece.version, fields={"headline": "Council votes at last"})
    client.force_login(writer)
    editor_page = client.get(reverse("desk:article-edit", args=[piece.pk])).content.decode()
    assert 'id="suggestions"' in editor_page and "Accept all" in editor_page
    # The panel's form is not inside the editor's form.
    assert editor_page.index('id="suggestion-form"') > editor_page.index(
        "</form>", editor_page.index('id="article-form"')
    )
    assert "data-suggest-mode" not in editor_page  # a writer has no Suggest mode
    review = client.get(reverse("desk:article-review", args=[piece.pk])).content.decode()
    assert 'id="suggestions"' in review and "at last" in review


def test_publishing_with_open_suggestions_asks_first(client, writer, editor, piece, settings):
    piece.placements.all().delete()  # its picture lacks what a publication needs: not this test's business
    workflow.submit(piece, by=writer)
    suggestions.propose(piece, by=editor, base_version=piece.version, fields={"headline": "Council votes at last"})
    client.force_login(editor)
    review = client.get(reverse("desk:article-review", args=[piece.pk])).content.decode()
    assert "Go ahead with 1 open suggestion undecided" in review
    url = reverse("desk:article-transition", args=[piece.pk])
    data = {"transition": "publish", "publish-revision": piece.version}
    page = client.post(url, data, follow=True).content.decode()
    assert "suggestion is still open" in page
    assert Article.objects.get(pk=piece.pk).status == "in_review"
    settings.NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING = True
    client.post(url, {**data, "publish-suggestions_ok": "on"})
    assert Article.objects.get(pk=piece.pk).status == "in_review"
    settings.NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING = False
    client.post(url, {**data, "publish-suggestions_ok": "on"})
    assert Article.objects.get(pk=piece.pk).status == "published"


def _many(piece, editor, count):
    words = piece.body.split(" ")
    body = " ".join(f"{word}X" if index < count else word for index, word in enumerate(words))
    return suggestions.propose(piece, by=editor, base_version=piece.version, fields={"body": body})


@pytest.mark.parametrize("page", ["desk:article-edit", "desk:article-review", "desk:article-suggestions"])
def test_queries_do_not_grow_with_the_suggestions(client, writer, editor, page):
    counts = []
    for count in (1, 30):
        body = " ".join(f"word{index}" for index in range(200))
        piece = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=body)
        made = _many(piece, editor, count)
        assert len(made) == count
        client.force_login(writer)
        url = reverse(page, args=[piece.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[1] <= counts[0], counts


def test_switching_to_suggest_lets_the_edit_lock_go(client, editor, piece):
    from articles.workflow import locks

    client.force_login(editor)
    locks.acquire(piece, user=editor)
    response = client.post(reverse("desk:article-suggest", args=[piece.pk]), {"switch": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/suggest/")
    assert locks.current_lock(piece) is None
    assert not Suggestion.objects.exists()


def test_the_writers_notice_leads_to_the_suggestions(client, writer, editor, piece):
    suggestions.propose(piece, by=editor, base_version=piece.version, fields={"headline": "Council votes at last"})
    client.force_login(writer)
    page = client.get(reverse("desk:notices")).content.decode()
    assert f"/desk/articles/{piece.pk}/#suggestions" in page


def test_the_list_speaks_german(client, writer, editor, piece):
    suggestions.propose(piece, by=editor, base_version=piece.version, fields={"headline": "Council votes at last"})
    client.force_login(writer)
    url = reverse("desk:article-suggestions", args=[piece.pk])
    page = client.get(url, headers={"accept-language": "de"}).content.decode()
    for words in ("Vorschläge", "Alle annehmen", "Annehmen", "Ablehnen", "Überschrift", "Einfügung"):
        assert words in page, words


def test_bad_input_is_a_form_error_that_keeps_the_text(client, editor, piece):
    client.force_login(editor)
    typed = "A headline far too long " * 20
    response = client.post(reverse("desk:article-suggest", args=[piece.pk]), suggest_post(piece, headline=typed))
    assert response.status_code == 400
    assert typed.strip() in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_piece_without_history_compares_with_its_stored_text(client, editor, piece):
    piece.history.all().delete()  # made outside the editor, say: no record of the version the page showed
    client.force_login(editor)
    client.post(reverse("desk:article-suggest", args=[piece.pk]), suggest_post(piece, headline="Council votes again"))
    assert list(Suggestion.objects.values_list("original", "proposed")) == [("", " again")]
