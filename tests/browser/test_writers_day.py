"""A writer's whole day with two writers and an editor, in a real browser (#23 "done when").

Sent back with a comment anchored to words, the writer answers and fixes in the editor without
leaving it; the editor suggests three changes, the writer accepts two and rejects one, and the editor
publishes exactly that text; the writer proposes a change to the live piece, which readers do not get
until an editor approves it. On every desk page of the day, for each person, no link offers
something that ends in a refusal.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Article, PublishedVersion, State, Suggestion
from tests import factories
from tests.browser.test_editor_comments import select_in_copy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Harbour wall to be rebuilt by spring"
BODY = "The council met on Monday.\n\nIt voted on the harbour wall after midnight.\n\nThe mayor abstained."
SUGGESTED = "Harbour's east wall to be rebuilt by spring"
TEASER = "After a long night the council agreed how to pay for the new harbour wall."
PROPOSED = "Harbour wall: work starts in March"


def switch_user(page, sign_in, user) -> None:
    page.context.clear_cookies()
    sign_in(user)


def no_dead_ends(page, who: str) -> list[str]:
    """Every desk link on the page answers this person with something other than a refusal."""
    links = page.eval_on_selector_all(
        "a[href^='/desk/']", "els => [...new Set(els.map(e => e.getAttribute('href').split('#')[0]))]"
    )
    refused = [href for href in links if page.request.get(href, max_redirects=0).status == 403]
    assert refused == [], f"{who} is offered links that end in a refusal on {page.url}: {refused}"
    return links


def reader_headline(page, article: Article) -> str:
    live = PublishedVersion.objects.live().get(article=article)
    context = page.context.browser.new_context(base_url=page.url.split("/desk/")[0])
    try:
        reader = context.new_page()
        reader.goto(live.get_absolute_url())
        return reader.get_by_role("heading", level=1).inner_text()
    finally:
        context.close()


def test_a_writers_day_never_dead_ends(page, sign_in, writer, other_writer, editor):
    factories.SectionFactory(name="Politics", slug="politics")
    theirs = factories.ArticleFactory(authors=[other_writer.author], created_by=other_writer, headline="Theirs")

    # Morning: the writer writes and submits.
    sign_in(writer)
    page.goto("/desk/articles/new/")
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Teaser").fill(TEASER)
    page.get_by_label("Body").fill(BODY)
    page.get_by_label("Section").select_option(label="Politics")
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url("**/desk/articles/*/")
    article = Article.objects.get(headline=HEADLINE)
    no_dead_ends(page, "the writer")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".state-badge").first).to_have_text("In review")
    no_dead_ends(page, "the writer")
    for url in ("/desk/", "/desk/articles/", "/desk/calendar/", "/desk/notifications/"):
        page.goto(url)
        no_dead_ends(page, "the writer")

    # The editor comments on words and sends it back.
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/")
    no_dead_ends(page, "the editor")
    select_in_copy(page, "harbour wall")
    page.get_by_label("Comment", exact=True).fill("Which wall exactly?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".desk-messages")).to_contain_text("Comment added.")
    page.get_by_label("What should change? (required)").fill("Name the wall, please.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".state-badge").first).to_have_text("Draft")

    # The other writer's desk offers nothing on this piece that would be refused.
    switch_user(page, sign_in, other_writer)
    for url in ("/desk/", "/desk/articles/", f"/desk/articles/{theirs.pk}/"):
        page.goto(url)
        no_dead_ends(page, "the other writer")

    # (The check sees a refusal when there is one: the other writer may not edit this piece.)
    assert page.request.get(f"/desk/articles/{article.pk}/edit/", max_redirects=0).status in (403, 404)

    # The writer reads the note and the comment beside the text, answers, fixes and resubmits from the editor.
    switch_user(page, sign_in, writer)
    page.goto("/desk/")
    no_dead_ends(page, "the writer")
    page.goto(f"/desk/articles/{article.pk}/edit/")
    no_dead_ends(page, "the writer")
    expect(page.locator("#review-note")).to_contain_text("Name the wall, please.")
    panel = page.locator("#editor-comments")
    comment = panel.locator(".comment", has_text="Which wall exactly?")
    comment.get_by_role("button", name="Reply").click()
    page.keyboard.type("The east wall — fixed.")
    panel.get_by_role("button", name="Add comment").click()
    expect(panel.locator(".comment", has_text="The east wall — fixed.")).to_be_visible()
    comment.get_by_role("button", name="Resolve").click()
    expect(comment).to_contain_text("Resolved by")
    page.get_by_label("Body").fill(BODY.replace("the harbour wall", "the harbour's east wall"))
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(f"**/desk/articles/{article.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".state-badge").first).to_have_text("In review")

    # The editor suggests three changes instead of making them.
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    no_dead_ends(page, "the editor")
    page.locator("[data-suggest-mode]").click()
    page.get_by_label("Headline").fill(SUGGESTED)
    page.get_by_label("Teaser").fill(TEASER.replace("a long night", "a long night of talks"))
    body = page.locator("#id_body")
    body.fill(body.input_value().replace("Monday", "Tuesday"))
    page.get_by_role("button", name="Keep as suggestions").first.click()
    expect(page.locator(".desk-messages")).to_contain_text("3 suggestions kept for the writer.")
    assert Article.objects.get(pk=article.pk).headline == HEADLINE  # suggestions change nothing yet

    # The writer accepts two and rejects one, in the editor.
    switch_user(page, sign_in, writer)
    page.goto("/desk/notifications/")
    no_dead_ends(page, "the writer")
    page.goto(f"/desk/articles/{article.pk}/edit/")
    no_dead_ends(page, "the writer")
    panel = page.locator("#suggestions")
    expect(panel.locator(".suggestion")).to_have_count(3)
    for field, button, said in (
        ("headline", "Accept", "1 suggestion accepted"),
        ("body", "Reject", "1 suggestion rejected."),
        ("teaser", "Accept", "1 suggestion accepted"),
    ):
        suggestion = Suggestion.objects.get(article=article, field=field)
        page.locator(f"#suggestion-{suggestion.pk}").get_by_role("button", name=button).click()
        expect(page.locator(".desk-messages")).to_contain_text(said)
    expect(page.locator("#suggestions")).to_have_count(0)

    # The editor publishes: readers get exactly the accepted text.
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".state-badge").first).to_have_text("Published")
    live = PublishedVersion.objects.live().get(article=article)
    assert (live.headline, live.teaser) == (SUGGESTED, TEASER.replace("a long night", "a long night of talks"))
    assert "Monday" in live.body_html and "Tuesday" not in live.body_html
    assert reader_headline(page, article) == SUGGESTED

    # Afternoon: the writer proposes a change to the live piece; readers keep the approved text.
    switch_user(page, sign_in, writer)
    page.goto("/desk/articles/")
    no_dead_ends(page, "the writer")
    page.goto(f"/desk/articles/{article.pk}/edit/")
    page.get_by_label("Headline").fill(PROPOSED)
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(f"**/desk/articles/{article.pk}/")
    expect(page.locator(".state-badge").first).to_contain_text("changes pending")
    no_dead_ends(page, "the writer")
    assert reader_headline(page, article) == SUGGESTED
    assert Article.objects.get(pk=article.pk).status == State.PUBLISHED

    # Until an editor approves it.
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/")
    no_dead_ends(page, "the editor")
    correct = page.locator("form.transition-correct")
    correct.get_by_label("I have checked the changes above").check()
    correct.get_by_role("button", name="Correct the live version now").click()
    expect(page.locator(".state-badge").first).to_have_text("Published")
    assert reader_headline(page, article) == PROPOSED
