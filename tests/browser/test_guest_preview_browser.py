"""A guest without an account: the editor makes a preview link on the review page, the guest opens it in a
browser of their own, reads the piece marked "not published", leaves a comment; the editor sees it; axe finds
nothing on the guest's page at 1280 and 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import ReviewComment
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_guest_reads_the_preview_and_comments_and_the_editor_sees_it(page, sign_in, browser, live_server, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    writer, editor = factories.WriterFactory(), factories.EditorFactory()
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Harbour wall gives way")
    workflow.submit(article, by=writer)

    sign_in(editor)
    page.goto(f"/desk/articles/{article.pk}/")
    card = page.locator("#preview-links")
    card.get_by_label("For whom").fill("legal desk")
    card.get_by_label("Guest may comment").check()
    card.get_by_role("button", name="Make a preview link").click()
    notice = page.get_by_text("Preview link for legal desk made")
    expect(notice).to_be_visible()
    address = re.search(r"/preview/\S+/", notice.inner_text()).group(0)

    guest = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    try:
        reader = guest.new_page()
        reader.goto(address)
        expect(reader.get_by_role("heading", name="Harbour wall gives way")).to_be_visible()
        expect(reader.get_by_role("note")).to_contain_text("Not published.")
        for width in (390, 1280):
            reader.set_viewport_size({"width": width, "height": 900})
            reader.screenshot(path=str(tmp_path / f"guest-{width}.png"), full_page=True)
            assert reader.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
            violations = Axe().run(reader).response["violations"]
            assert not violations, [violation["id"] for violation in violations]
        reader.get_by_label("Your name").fill("Vera Law")
        reader.get_by_label("Your comment", exact=True).fill("Please cut the second quote.")
        reader.get_by_role("button", name="Send comment").click()
        expect(reader.get_by_role("status")).to_contain_text("your comment has reached the newsroom")
    finally:
        guest.close()

    assert ReviewComment.objects.get().guest_name == "Vera Law"
    page.reload()
    expect(page.locator("#comments")).to_contain_text("Please cut the second quote.")
    expect(page.locator("#comments")).to_contain_text("guest, through the preview link for legal desk")
