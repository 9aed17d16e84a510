"""The desk board and the story budget in a real browser: filters, keyboard moves, refused drops, reordering.

Screenshots of budget and board at 1280 and 390 px go to docs/screenshots/ when NEWSROOM_SCREENSHOTS is set,
otherwise into a temporary folder; the test always checks that the page does not overflow a phone's width
(the board scrolls sideways inside itself).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Assignment
from tests import factories
from tests.support.browser import no_horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

expect = pytest.importorskip("playwright.sync_api").expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def card(page, article: Article):
    return page.locator(f'[data-card="article-{article.pk}"]')


def in_column(page, column: str, article: Article):
    return page.locator(f'[data-column="{column}"] [data-card="article-{article.pk}"]')


def desks_with_pieces(writer, other_writer):
    sport = factories.DeskFactory(name="Sport", slug="sport")
    news = factories.DeskFactory(name="News", slug="news")
    football = factories.SectionFactory(name="Football", slug="football", desk=sport)
    politics = factories.SectionFactory(name="Politics", slug="politics", desk=news)
    transfer = factories.ArticleFactory(
        headline="Transfer window closes", section=football, authors=[writer.author], created_by=writer
    )
    workflow.submit(transfer, by=writer)
    speech = factories.ArticleFactory(
        headline="Speech in parliament", section=politics, authors=[other_writer.author], created_by=other_writer
    )
    draft = factories.ArticleFactory(
        headline="Derby preview", section=football, authors=[writer.author], created_by=writer
    )
    return Article.objects.get(pk=transfer.pk), speech, draft


def test_editor_filters_the_board_by_desk_and_moves_a_card_with_the_keyboard(
    page, sign_in, editor, writer, other_writer
):
    transfer, speech, _draft = desks_with_pieces(writer, other_writer)
    sign_in(editor)
    page.goto("/desk/board/")
    expect(card(page, speech)).to_be_visible()
    page.get_by_role("form", name="Filter the board").get_by_label("Desk").select_option("sport")
    page.get_by_role("button", name="Show").press("Enter")
    page.wait_for_url("**/desk/board/?desk=sport*")
    expect(card(page, speech)).to_have_count(0)
    expect(in_column(page, "in_review", transfer)).to_be_visible()

    # The card's move is a real button: reach it from the keyboard and press Enter.
    button = card(page, transfer).get_by_role("button", name="Move: Publish now")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-board-announcer]")).to_contain_text("Moved: “Transfer window closes” is now")
    expect(in_column(page, "live", transfer)).to_be_visible()
    # The board was drawn again with its filters, and the focus is back on the moved card.
    expect(card(page, speech)).to_have_count(0)
    assert page.evaluate("document.activeElement.closest('[data-card]')?.dataset.card") == f"article-{transfer.pk}"
    assert Article.objects.get(pk=transfer.pk).status == "published"


def test_a_forbidden_drop_shows_its_reason_and_the_card_goes_back(page, sign_in, writer, other_writer):
    _transfer, _speech, draft = desks_with_pieces(writer, other_writer)
    sign_in(writer)
    page.goto("/desk/board/?desk=all")
    expect(in_column(page, "writing", draft)).to_be_visible()
    card(page, draft).drag_to(page.locator('[data-column="live"]'))
    refusal = card(page, draft).locator("[data-card-refusal]")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("was not moved")
    expect(refusal).to_contain_text("no move to that column")
    expect(in_column(page, "writing", draft)).to_be_visible()
    expect(page.locator("[data-board-announcer]")).to_contain_text("was not moved")
    assert Article.objects.get(pk=draft.pk).status == "draft"


def budget_order(page) -> list[str]:
    return page.locator("tr[data-assignment] .budget-headline").all_inner_texts()


def test_the_budget_is_reordered_and_the_order_survives_reload(page, sign_in, editor, writer):
    today = timezone.localdate()
    for hour, headline in ((9, "Morning briefing"), (11, "Council vote"), (15, "Harbour wall")):
        factories.AssignmentFactory(
            headline=headline,
            deadline=timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour))),
            assignees=[writer],
        )
    sign_in(editor)
    page.goto(f"/desk/planning/?date={today.isoformat()}&desk=all")
    expect(page.locator("tr[data-assignment]")).to_have_count(3)
    assert [text.strip() for text in budget_order(page)] == ["Morning briefing", "Council vote", "Harbour wall"]

    # From the keyboard: Alt+Down on a row moves it one place; the server keeps the order.
    first = page.locator("tr[data-assignment]").first
    first.get_by_role("link", name="Edit").focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("[data-budget-announcer]")).to_contain_text("order has been saved")
    # With the arrow button: "Harbour wall" one place up.
    page.locator("tr[data-assignment]").nth(2).get_by_role("button", name="Move up: Harbour wall").click()
    expect(page.locator("tr[data-assignment]").nth(1)).to_contain_text("Harbour wall")
    expect(page.locator("[data-budget-announcer]")).to_contain_text("order has been saved")
    page.wait_for_load_state("networkidle")

    page.reload()
    expected = ["Council vote", "Harbour wall", "Morning briefing"]
    expect(page.locator("tr[data-assignment]").first).to_contain_text("Council vote")
    assert [text.strip() for text in budget_order(page)] == expected
    assert list(Assignment.objects.order_by("budget_position").values_list("headline", flat=True)) == expected
    assert page.locator("tr[data-assignment] [data-place]").all_inner_texts() == ["1", "2", "3"]


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_budget_and_board(browser, live_server, editor, writer, other_writer, width, tmp_path):
    target = SCREENSHOTS if os.environ.get("NEWSROOM_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    desks_with_pieces(writer, other_writer)
    ann = factories.UserFactory(first_name="Ann", last_name="Lens")
    today = timezone.localdate()
    for hour, headline, words in (
        (7, "Overnight storm damage", 350),
        (10, "Council budget vote", 600),
        (16, "Cup draw", 250),
    ):
        factories.AssignmentFactory(
            headline=headline,
            planned_words=words,
            deadline=timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour))),
            assignees=[writer],
            picture_request="Street scene",
            picture_by=ann if hour == 10 else None,
        )
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/desk/**")
        for name, url in (("budget", f"/desk/planning/?date={today.isoformat()}"), ("board", "/desk/board/")):
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert no_horizontal_overflow(page), f"{name} overflows at {width} px"
            page.screenshot(path=str(target / f"planning-{name}-{width}.png"), full_page=True)
    finally:
        context.close()
