"""The editor and the review page in a real browser: counters, rows, locks, conflicts, buttons."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in_context(browser, live_server, user):
    """A second, independent browser (its own cookies), signed in as `user`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/desk/**")
    return context, page


def test_stale_save_shows_the_conflict_page_with_the_text_kept(page, sign_in, browser, live_server, editor):
    article = factories.ArticleFactory(headline="Tram line costs rise again")
    second_editor = factories.EditorFactory(first_name="Anna", last_name="Berg")
    sign_in(editor)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    other_context, other = sign_in_context(browser, live_server, second_editor)
    try:
        other.goto(f"/desk/articles/{article.pk}/edit/")
        # Anna sees who has the piece open.
        expect(other.locator(".lock-notice")).to_contain_text(f"Being edited by {editor.get_full_name()} since")
        other.get_by_label("Headline").fill("Tram line costs rise for the third time")
        other.get_by_role("button", name="Save", exact=True).click()
        expect(other.locator(".desk-messages")).to_contain_text("Saved")
    finally:
        other_context.close()

    mine = "The city now expects the line to cost 410 million euros.\n\nThat is twice the first estimate."
    page.get_by_label("Body").fill(mine)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Someone saved this piece before you")
    expect(page.locator("#conflict-form").get_by_label("Body")).to_have_value(mine)
    expect(page.locator(".conflict-theirs").nth(1)).to_contain_text("Tram line costs rise for the third time")
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Tram line costs rise for the third time"
    assert mine not in stored.body

    # Saving over the newer version is a deliberate second step.
    page.get_by_role("button", name="Save my version over the stored one").click()
    expect(page.locator(".desk-messages")).to_contain_text("Saved")
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == mine.replace("\n", "\r\n") or stored.body == mine


def test_writer_sees_no_publish_button(page, sign_in, writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(article, by=writer)
    sign_in(writer)
    page.goto(f"/desk/articles/{article.pk}/")
    expect(page.get_by_role("heading", name="Next steps")).to_be_visible()
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    expect(page.get_by_role("button", name="Schedule")).to_have_count(0)


def test_counters_and_byline_rows(page, sign_in, editor):
    first, second = factories.AuthorFactory(name="Fabian Müller"), factories.AuthorFactory(name="Aylin Kaya")
    article = factories.ArticleFactory(authors=[first, second], headline="Short")
    sign_in(editor)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    expect(page.locator("#id_headline_count")).to_have_text("5 / 90 characters")
    page.get_by_label("Headline").fill("x" * 95)
    expect(page.locator("#id_headline_count")).to_contain_text("5 too many")
    page.get_by_label("Headline").fill("Council agrees on the harbour budget")
    expect(page.locator("#id_teaser_count")).to_contain_text("/ 300 characters")

    # Move the second author up, add a third, save: the order is the one on screen.
    third = factories.AuthorFactory(name="Jana Beispiel")
    page.reload()
    rows = page.locator("[data-formset=bylines] [data-formset-row]")
    rows.nth(1).get_by_role("button", name="Move up").click()
    page.get_by_role("button", name="Add author").click()
    page.locator("select[name='bylines-2-author']").select_option(str(third.pk))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".desk-messages")).to_contain_text("Saved")
    assert Article.objects.get(pk=article.pk).ordered_authors() == [second, first, third]
