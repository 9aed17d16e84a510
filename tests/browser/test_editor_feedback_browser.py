"""Feedback beside the text (#23 point 2) in a real browser: the writer sent back with an anchored comment
works in the editor — note, comment, "Show in text", reply, resolve, new comments — without leaving it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, ReviewComment
from articles.review import comments
from tests import factories
from tests.browser.test_editor_comments import select_in_copy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "The council met on Monday.\n\nIt voted on the harbour wall after midnight.\n\nThe mayor abstained."


def test_the_writer_answers_and_resolves_beside_the_text_without_leaving_the_editor(page, sign_in, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    workflow.submit(article, by=writer)

    # The editor comments on words of the body and sends the piece back.
    sign_in(editor)
    page.goto(f"/desk/articles/{article.pk}/")
    select_in_copy(page, "harbour wall")
    page.get_by_label("Comment", exact=True).fill("Which wall exactly?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".desk-messages")).to_contain_text("Comment added.")
    page.get_by_label("What should change? (required)").fill("Name the wall, please.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".desk-messages")).to_contain_text("Done")
    first = ReviewComment.objects.get()

    # The writer opens the editor: the note and the anchored comment are beside the body.
    page.context.clear_cookies()
    sign_in(writer)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    expect(page.locator("#review-note")).to_contain_text("Name the wall, please.")
    panel = page.locator("#editor-comments")
    comment = panel.locator(f"#editor-comment-{first.pk}")
    expect(comment).to_contain_text("Which wall exactly?")
    page.evaluate("window.__notReloaded = true")

    # An unsaved edit in the piece's own form, which none of what follows may lose.
    page.locator("#id_headline").fill("Unsaved headline typed by the writer")

    # "Show in text": the words are selected in the body, by keyboard too.
    comment.get_by_role("button", name="Show in text").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_body")).to_be_focused()
    selected = page.evaluate(
        "(() => { const b = document.getElementById('id_body');"
        " return b.value.slice(b.selectionStart, b.selectionEnd); })()"
    )
    assert selected == "harbour wall"

    # Reply on the same words, then resolve: both without a page load.
    comment.get_by_role("button", name="Reply").click()
    expect(panel.locator("[data-reply-words]")).to_have_text("harbour wall")
    field = panel.get_by_label("Comment", exact=True)
    expect(field).to_be_focused()
    expect(field).to_have_value(f"@{editor.username} ")  # the reply mentions whom it answers
    page.keyboard.type("The east wall — fixed in the text.")
    panel.get_by_role("button", name="Add comment").click()
    reply = panel.locator(".comment", has_text="The east wall — fixed in the text.")
    expect(reply).to_be_visible()
    expect(panel.locator("[data-comments-live]")).to_have_text("Comment added.")
    stored = ReviewComment.objects.get(body__contains="The east wall")
    assert stored.author == writer and stored.anchor_text == "harbour wall"
    assert stored.body.startswith(f"@{editor.username} ")

    comment.get_by_role("button", name="Resolve").click()
    expect(comment).to_contain_text("Resolved by")
    expect(panel.locator("[data-open-comments]")).to_have_text("1")
    first.refresh_from_db()
    assert first.resolved_by == writer

    # A comment the editor adds meanwhile arrives with the next poll, announced.
    newest = comments.add_comment(article, by=editor, body="Thanks — and the date?")
    assert page.evaluate("window.NewsroomEditorComments.poll()") == 1
    expect(panel.locator(".comment", has_text="Thanks — and the date?")).to_be_visible()
    expect(panel.locator("[data-comments-live]")).to_have_text("New comments: 1.")
    # The editor resolves it on their side: the next poll shows it resolved.
    comments.set_resolved(newest, by=editor, resolved=True)
    assert page.evaluate("window.NewsroomEditorComments.poll()") == 0
    expect(panel.locator(f"#editor-comment-{newest.pk}")).to_contain_text("Resolved by")
    expect(panel.locator("[data-open-comments]")).to_have_text("1")

    # Nothing reloaded, nothing typed was lost, and the piece itself was not saved.
    assert page.evaluate("window.__notReloaded") is True
    expect(page.locator("#id_headline")).to_have_value("Unsaved headline typed by the writer")
    assert Article.objects.get(pk=article.pk).headline != "Unsaved headline typed by the writer"
