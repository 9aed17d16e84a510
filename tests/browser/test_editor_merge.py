"""Two people, one piece, in two real browsers: different paragraphs merge; overlaps ask, and nothing is lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests import factories
from tests.browser.test_editing_browser import sign_in_context

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "The council met on Monday.\n\nIt voted on the harbour wall.\n\nThe mayor abstained."


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n")


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY, headline="Harbour wall")


def test_edits_to_different_paragraphs_are_both_stored_with_one_notice(
    page, sign_in, browser, live_server, editor, piece
):
    anna = factories.EditorFactory(first_name="Anna", last_name="Berg")
    sign_in(editor)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    other_context, other = sign_in_context(browser, live_server, anna)
    try:
        other.goto(f"/desk/articles/{piece.pk}/edit/")
        other.get_by_label("Body").fill(BODY.replace("abstained.", "abstained, to everyone's surprise."))
        other.get_by_role("button", name="Save", exact=True).first.click()
        expect(other.locator(".desk-messages")).to_contain_text("Saved")
    finally:
        other_context.close()

    page.get_by_label("Body").fill(BODY.replace("met on Monday.", "met until dawn on Monday."))
    page.get_by_role("button", name="Save", exact=True).first.click()
    notices = page.locator(".desk-messages .alert")
    expect(notices.filter(has_text="Merged with the version")).to_have_count(1)
    expect(notices.filter(has_text="Merged with the version")).to_contain_text("Anna Berg")
    expect(notices.filter(has_text="Merged with the version")).to_contain_text("paragraph 3")
    stored = normalised(Article.objects.get(pk=piece.pk).body)
    assert stored == (
        "The council met until dawn on Monday.\n\nIt voted on the harbour wall.\n\n"
        "The mayor abstained, to everyone's surprise."
    )
    expect(page.get_by_label("Body")).to_have_value(stored)


def test_overlapping_edits_ask_per_paragraph_and_keep_both(page, sign_in, browser, live_server, editor, piece):
    anna = factories.EditorFactory(first_name="Anna", last_name="Berg")
    sign_in(editor)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    other_context, other = sign_in_context(browser, live_server, anna)
    try:
        other.goto(f"/desk/articles/{piece.pk}/edit/")
        other.get_by_label("Body").fill(
            BODY.replace("voted on", "argued for hours about").replace("met on Monday.", "met on Monday night.")
        )
        other.get_by_role("button", name="Save", exact=True).first.click()
        expect(other.locator(".desk-messages")).to_contain_text("Saved")
    finally:
        other_context.close()

    mine = BODY.replace("voted on", "voted 7 to 4 for") + "\n\nA new paragraph only I wrote."
    page.get_by_label("Body").fill(mine)
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Someone saved this piece before you")
    choices = page.locator("[data-conflict]")
    expect(choices).to_have_count(1)  # only the paragraph both changed
    expect(choices.first).to_contain_text("It voted 7 to 4 for the harbour wall.")
    expect(choices.first).to_contain_text("It argued for hours about the harbour wall.")
    # Nothing is stored until the user decides.
    assert "voted 7 to 4" not in Article.objects.get(pk=piece.pk).body
    choices.first.get_by_label("Keep both (mine first) and edit afterwards").check()
    page.get_by_role("button", name="Save with these choices").click()
    expect(page.locator(".desk-messages")).to_contain_text("Saved")
    stored = normalised(Article.objects.get(pk=piece.pk).body)
    assert stored == (
        "The council met on Monday night.\n\nIt voted 7 to 4 for the harbour wall.\n\n"
        "It argued for hours about the harbour wall.\n\nThe mayor abstained.\n\nA new paragraph only I wrote."
    )


def test_a_choice_must_be_made_before_saving(page, sign_in, browser, live_server, editor, piece):
    anna = factories.EditorFactory()
    sign_in(editor)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    other_context, other = sign_in_context(browser, live_server, anna)
    try:
        other.goto(f"/desk/articles/{piece.pk}/edit/")
        other.get_by_label("Headline").fill("Harbour wall: theirs")
        other.get_by_role("button", name="Save", exact=True).first.click()
        expect(other.locator(".desk-messages")).to_contain_text("Saved")
    finally:
        other_context.close()
    page.get_by_label("Headline").fill("Harbour wall: mine")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.get_by_role("button", name="Save with these choices").click()
    # The browser refuses: a radio group is required.
    assert page.evaluate("document.querySelector('#conflict-form').checkValidity()") is False
    page.get_by_label("Keep mine").check()
    page.get_by_role("button", name="Save with these choices").click()
    expect(page.locator(".desk-messages")).to_contain_text("Saved")
    assert Article.objects.get(pk=piece.pk).headline == "Harbour wall: mine"
