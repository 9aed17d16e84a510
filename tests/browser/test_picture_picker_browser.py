"""The picture picker in a real browser: type, choose with the keyboard, save; and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Placement
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [violation["id"] for violation in Axe().run(page).response["violations"]]


def test_a_picture_is_found_and_chosen_with_the_keyboard(page, sign_in, writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    factories.ImageFactory(caption="Council chamber")
    wanted = factories.ImageFactory(caption="Lighthouse at dawn")
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(writer)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    page.get_by_role("button", name="Add image from the library").click()
    box = page.get_by_role("combobox", name="Image")
    expect(box).to_be_focused()
    box.press_sequentially("lighthouse")
    listbox = page.get_by_role("listbox", name="Matching pictures")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    assert axe_violations(page) == []
    box.press("Enter")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value(f"#{wanted.pk} · Lighthouse at dawn · {wanted.credit_line}")
    expect(page.locator("[data-picker-name]").last).to_have_text(box.input_value())
    # Escape closes a list without choosing.
    box.fill("")
    box.press_sequentially("council")
    expect(listbox.get_by_role("option")).to_have_count(1)
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.fill(f"#{wanted.pk}")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(f"**/desk/articles/{article.pk}/edit/")
    assert list(Placement.objects.filter(article=article).values_list("image_id", flat=True)) == [wanted.pk]
    assert problems == []
    # The search page a browser without JavaScript uses.
    page.goto("/desk/editor/pictures/?q=lighthouse")
    assert axe_violations(page) == []


def test_without_javascript_a_number_from_the_library_search_changes_a_picture(browser, live_server, writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    factories.PlacementFactory(article=article, role="lead")
    wanted = factories.ImageFactory(caption="Lighthouse at dawn")
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(writer.username)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto("/desk/editor/pictures/")
        page.get_by_label("Words of the caption or credit, or a number").fill("lighthouse")
        page.get_by_role("button", name="Search").click()
        number = page.locator(".picture-search-results strong").first.inner_text()
        assert number == str(wanted.pk)
        page.goto(f"/desk/articles/{article.pk}/edit/")
        expect(page.get_by_role("link", name="Find a picture's number in the library")).to_be_attached()
        page.locator("input[name='placements-0-image']").fill(number)
        page.get_by_role("button", name="Save", exact=True).first.click()
        page.wait_for_url(f"**/desk/articles/{article.pk}/edit/")
        box = page.locator("input[name='placements-0-image']")
        expect(box).to_have_value(f"#{wanted.pk} · Lighthouse at dawn · {wanted.credit_line}")
        assert list(Placement.objects.filter(article=article).values_list("image_id", flat=True)) == [wanted.pk]
    finally:
        context.close()
