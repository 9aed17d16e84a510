"""Suggestion mode in a real browser (#23 point 3): an editor suggests three changes — the headline, a word of
the body, a caption — the writer accepts two and rejects one in the editor, and exactly that text goes live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, PublishedVersion, Revision, Suggestion
from tests import factories
from tests.support.pictures import image_with_file

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BODY = "The council met on Monday.\n\nIt voted on the harbour wall after midnight.\n\nThe mayor abstained."


def switch_user(page, sign_in, user) -> None:
    page.context.clear_cookies()
    sign_in(user)


def shoot(page, name: str) -> None:
    if not os.environ.get("NEWSROOM_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_editor_suggests_the_writer_accepts_two_and_rejects_one(page, sign_in, writer, editor):
    article = factories.ArticleFactory(
        authors=[writer.author], created_by=writer, body=BODY, headline="Council votes on the wall"
    )
    placement = factories.PlacementFactory(article=article, image=image_with_file(), caption="The old wall.")

    # The editor switches the editor to Suggest and makes three changes.
    sign_in(editor)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    page.locator("[data-suggest-mode]").click()
    expect(page.locator(".suggest-mode-banner")).to_be_visible()
    page.get_by_label("Headline").fill("Council votes on the sea wall")
    body = page.locator("#id_body")
    body.fill(body.input_value().replace("Monday", "Tuesday"))
    page.get_by_label("Caption of picture").fill("The old wall at low tide.")
    page.get_by_role("button", name="Keep as suggestions").first.click()
    expect(page.locator(".desk-messages")).to_contain_text("3 suggestions kept for the writer.")
    shoot(page, "suggestions-suggest-mode")
    assert Suggestion.objects.filter(article=article, state="open").count() == 3
    assert Article.objects.get(pk=article.pk).headline == "Council votes on the wall"  # the piece is unchanged

    # The writer opens the editor: the suggestions are marked there, with their author.
    switch_user(page, sign_in, writer)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    panel = page.locator("#suggestions")
    expect(panel.locator(".suggestion")).to_have_count(3)
    expect(panel.locator(".suggestion-ins").first).to_be_visible()
    expect(panel).to_contain_text(editor.get_full_name())
    shoot(page, "suggestions-editor")
    page.goto(f"/desk/articles/{article.pk}/")
    expect(page.locator("#suggestions .suggestion")).to_have_count(3)
    shoot(page, "suggestions-review")
    page.goto(f"/desk/articles/{article.pk}/edit/")
    headline = Suggestion.objects.get(field="headline")
    word = Suggestion.objects.get(field="body")
    caption = Suggestion.objects.get(field="caption")
    # "Show in text" selects the words in the body.
    page.locator(f"#suggestion-{word.pk} [data-show-suggestion]").click()
    selected = page.evaluate(
        "() => { const b = document.getElementById('id_body'); "
        "return b.value.slice(b.selectionStart, b.selectionEnd); }"
    )
    assert selected == "Monday"
    page.locator(f"#suggestion-{headline.pk}").get_by_role("button", name="Accept").click()
    expect(page.locator(".desk-messages")).to_contain_text("1 suggestion accepted")
    page.locator(f"#suggestion-{word.pk}").get_by_role("button", name="Reject").click()
    expect(page.locator(".desk-messages")).to_contain_text("1 suggestion rejected.")
    page.locator(f"#suggestion-{caption.pk}").get_by_role("button", name="Accept").click()
    expect(page.locator(".desk-messages")).to_contain_text("1 suggestion accepted")
    expect(page.locator("#suggestions")).to_have_count(0)  # none open: the panel is gone
    expect(page.get_by_label("Headline")).to_have_value("Council votes on the sea wall")

    article = Article.objects.get(pk=article.pk)
    current = Revision.objects.get(article=article, number=article.version)
    assert current.headline == "Council votes on the sea wall"
    assert current.body == BODY
    assert [row["caption"] for row in current.placements] == ["The old wall at low tide."]
    assert placement.pk == article.placements.get().pk

    # Approved and published: readers get exactly that text.
    workflow.submit(article, by=writer)
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/")
    expect(page.locator("#suggestions")).to_contain_text("No open suggestions.")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".desk-messages")).to_contain_text("Done")
    live = PublishedVersion.objects.live().get(article=article)
    page.context.clear_cookies()
    page.goto(live.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Council votes on the sea wall")
    expect(page.locator("main")).to_contain_text("The council met on Monday.")
    expect(page.locator("main")).to_contain_text("The old wall at low tide.")
