"""The desk board: cards in the right column, only allowed moves offered, refused moves change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

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


# --- queries, filters, moves by drop ----------------------------------------------------------------


def board_pieces(writer, editor, n: int) -> None:
    """`n` pieces in each stage a card can be in."""
    for _ in range(n):
        factories.AssignmentFactory(assignees=[writer])
        factories.ArticleFactory(authors=[writer.author], created_by=writer)
        review = factories.ArticleFactory(authors=[writer.author], created_by=writer)
        workflow.submit(review, by=writer)
        live = factories.ArticleFactory(authors=[writer.author], created_by=writer)
        workflow.submit(live, by=writer)
        workflow.publish(Article.objects.get(pk=live.pk), by=editor)


@pytest.mark.parametrize("who", ["editor", "writer"])
def test_board_queries_do_not_grow_with_cards(client, editor, writer, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor if who == "editor" else writer)
    url = reverse("desk:board")

    def count() -> int:
        client.get(url)  # warm the session and permission caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    board_pieces(writer, editor, 1)
    few = count()
    board_pieces(writer, editor, 6)
    page = client.get(url).content.decode()
    assert page.count("data-card=") >= 24 and "Move:" in page
    assert count() == few


@pytest.fixture
def desks(writer, other_writer):
    sport = factories.DeskFactory(name="Sport", slug="sport")
    news = factories.DeskFactory(name="News", slug="news")
    football = factories.SectionFactory(name="Football", slug="football", desk=sport)
    politics = factories.SectionFactory(name="Politics", slug="politics", desk=news)
    return {
        "sport": sport,
        "news": news,
        "match": factories.AssignmentFactory(headline="Match report", section=football, desk=sport, assignees=[writer]),
        "vote": factories.AssignmentFactory(
            headline="Vote preview", section=politics, desk=news, assignees=[other_writer]
        ),
        "transfer": factories.ArticleFactory(headline="Transfer story", section=football, authors=[writer.author]),
        "speech": factories.ArticleFactory(headline="Speech story", section=politics, authors=[other_writer.author]),
    }


def test_board_filters_by_desk_section_and_person(client, editor, writer, desks):
    client.force_login(editor)
    url = reverse("desk:board")
    page = client.get(url).content.decode()  # the editor is on no desk: everything
    assert all(text in page for text in ("Match report", "Vote preview", "Transfer story", "Speech story"))
    page = client.get(url, {"desk": "sport"}).content.decode()
    assert "Match report" in page and "Transfer story" in page
    assert "Vote preview" not in page and "Speech story" not in page
    page = client.get(url, {"desk": "all", "section": "politics"}).content.decode()
    assert "Vote preview" in page and "Speech story" in page and "Match report" not in page
    writer.first_name, writer.last_name = "Ann <b>", "Lee"
    writer.save()
    page = client.get(url, {"desk": "all", "person": str(writer.pk)}).content.decode()
    assert "Match report" in page and "Transfer story" in page and "Speech story" not in page
    assert f'<option value="{writer.pk}" selected>Ann &lt;b&gt; Lee</option>' in page  # chosen, and escaped
    assert page.count(" selected>") == 2  # the person and "All desks", nothing else
    # The filters ride along in every move's address.
    page = client.get(url, {"desk": "sport", "person": str(writer.pk)}).content.decode()
    assert f"/move/?desk=sport&amp;person={writer.pk}" in page


def test_a_desk_member_opens_their_own_desk_with_all_desks_one_click_away(client, editor, desks):
    desks["news"].members.add(editor)
    client.force_login(editor)
    page = client.get(reverse("desk:board")).content.decode()
    assert "Vote preview" in page and "Match report" not in page
    assert 'href="?desk=all"' in page
    page = client.get(reverse("desk:board"), {"desk": "all"}).content.decode()
    assert "Match report" in page and 'href="?desk=news"' in page


def test_a_move_keeps_the_filters(client, writer, desks):
    draft = desks["transfer"]
    client.force_login(writer)
    response = client.post(
        reverse("desk:board-move", args=[draft.pk]) + "?desk=sport&section=football", {"transition": "submit"}
    )
    assert response["Location"] == reverse("desk:board") + "?desk=sport&section=football"


def test_a_card_dropped_on_a_column_makes_that_move(client, editor, writer):
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    client.force_login(editor)
    url = reverse("desk:board-move", args=[piece.pk])
    response = client.post(url, {"to": "live"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] and answer["column"] == "live" and "Moved:" in answer["message"]
    assert Article.objects.get(pk=piece.pk).status == "published"


@pytest.mark.parametrize(
    ("language", "said", "why"),
    [
        ("en", "was not moved", "no move to that column"),
        ("de", "wurde nicht verschoben", "nicht in diese Spalte verschoben werden"),
    ],
)
def test_a_forbidden_drop_is_refused_with_its_reason(client, writer, editor, language, said, why):
    DeskProfile.objects.update_or_create(user=writer, defaults={"language": language})
    draft = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    client.force_login(writer)
    url = reverse("desk:board-move", args=[draft.pk])
    # No move goes from writing straight to live.
    response = client.post(url, {"to": "live"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert said in response.json()["message"] and why in response.json()["message"]
    # A move the workflow does not allow this user: the service's reason.
    workflow.submit(draft, by=writer)
    response = client.post(url, {"to": "live"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and said in response.json()["message"]
    # Scheduling needs a time: the board sends the editor to the review page.
    client.force_login(editor)
    response = client.post(url, {"to": "scheduled"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert Article.objects.get(pk=draft.pk).status == "in_review"


def test_a_drop_on_changes_requested_needs_the_comment(client, editor, writer):
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    client.force_login(editor)
    url = reverse("desk:board-move", args=[piece.pk])
    response = client.post(url, {"to": "changes_requested"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and "Please write a comment" in response.json()["message"]
    response = client.post(url, {"to": "changes_requested", "comment": "Cut it."}, HTTP_ACCEPT="application/json")
    assert response.json() == {
        "ok": True,
        "message": response.json()["message"],
        "column": "changes_requested",
    }
    assert Article.objects.get(pk=piece.pk).status == "draft"


# --- bounded columns -------------------------------------------------------------------------------


def test_a_full_column_shows_the_most_urgent_cards_and_links_to_the_rest(
    client, editor, writer, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.desk.planning_selectors import BOARD_CARDS_PER_COLUMN

    client.force_login(editor)
    url = reverse("desk:board")

    def board() -> tuple[str, int]:
        client.get(url)  # warm the session and permission caches
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return page, len(queries)

    factories.ArticleFactory(authors=[writer.author], created_by=writer)
    _, few = board()
    for _ in range(BOARD_CARDS_PER_COLUMN + 2):
        factories.ArticleFactory(authors=[writer.author], created_by=writer)
    page, many = board()
    writing = page[page.index('data-column="writing"') : page.index('data-column="in_review"')]
    assert writing.count("data-card=") == BOARD_CARDS_PER_COLUMN
    # The count says how many there are in all; the link leads to the list of drafts.
    assert f">{BOARD_CARDS_PER_COLUMN + 3}</span>" in writing
    assert "3 more" in writing and f'href="{reverse("desk:article-list")}?status=draft"' in writing
    assert many == few


def test_a_card_s_moves_share_one_form_and_the_comment_move_keeps_its_own(client, editor, writer):
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    client.force_login(editor)
    page = client.get(reverse("desk:board")).content.decode()
    card = page[page.index(f'data-card="article-{piece.pk}"') :].split("</li>", 1)[0]
    # "Publish now" and the others are buttons of one form; "Request changes" needs its comment field.
    assert card.count("<form") == 2
    assert 'name="transition" value="publish"' in card
    assert 'name="comment" required' in card
    response = client.post(
        reverse("desk:board-move", args=[piece.pk]), {"transition": "publish"}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["ok"] and Article.objects.get(pk=piece.pk).status == "published"


@pytest.mark.parametrize(("language", "deadline", "words"), [("en", "deadline", "words"), ("de", "Abgabe", "Wörter")])
def test_a_card_says_its_deadline_length_and_people(client, editor, writer, language, deadline, words):
    """The labels the board writes for each card (board_columns) say what the template's tags said."""
    DeskProfile.objects.update_or_create(user=editor, defaults={"language": language})
    nameless = factories.WriterFactory(first_name="", last_name="")
    plan = factories.AssignmentFactory(assignees=[writer, nameless], planned_words=600)
    nobody = factories.AssignmentFactory(assignees=[], planned_words=None)
    second = factories.AuthorFactory(name="Zoe Zweite")
    piece = factories.ArticleFactory(authors=[writer.author, second], created_by=writer)
    factories.AssignmentFactory(article=piece)
    client.force_login(editor)
    page = client.get(reverse("desk:board")).content.decode()

    def card(name: str) -> str:
        return page[page.index(f'data-card="{name}"') :].split("</li>", 1)[0]

    with translation.override(language):
        due = date_format(timezone.localtime(plan.deadline), "SHORT_DATETIME_FORMAT")
        nobody_assigned = translation.gettext("nobody assigned yet")
    assert f"{deadline} {due} · 600 {words}" in card(f"assignment-{plan.pk}")
    assert f"{writer.get_full_name()}, {nameless.username}" in card(f"assignment-{plan.pk}")
    assert f"{nobody_assigned}</div>" in card(f"assignment-{nobody.pk}")
    assert f"{words}</div>" not in card(f"assignment-{nobody.pk}")
    piece_card = card(f"article-{piece.pk}")
    assert f"{deadline} " in piece_card and f"{writer.author.name}, Zoe Zweite</div>" in piece_card
