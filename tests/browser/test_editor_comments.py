"""Comments anchored to words in a real browser; picture details fixed inside the editor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, Image, ReviewComment
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "The council met on Monday.\n\nIt voted on the harbour wall after midnight.\n\nThe mayor abstained."


def select_in_copy(page, words: str) -> None:
    """Select `words` in the body of the marked copy, as a mouse would, and let go."""
    page.evaluate(
        """(words) => {
          const copy = document.querySelector('[data-anchorable] .marked-text');
          const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const at = walker.currentNode.nodeValue.indexOf(words);
            if (at !== -1) {
              const range = document.createRange();
              range.setStart(walker.currentNode, at);
              range.setEnd(walker.currentNode, at + words.length);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              copy.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
              return;
            }
          }
          throw new Error('words not found: ' + words);
        }""",
        words,
    )


def test_an_anchored_comment_follows_its_words_and_is_outdated_when_they_go(page, sign_in, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    sign_in(editor)
    review = f"/desk/articles/{article.pk}/"
    page.goto(review)
    select_in_copy(page, "harbour wall")
    expect(page.locator("[data-anchor-words]")).to_have_text("harbour wall")
    page.get_by_label("Comment", exact=True).fill("Which wall exactly?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".desk-messages")).to_contain_text("Comment added.")
    comment = ReviewComment.objects.get()
    assert comment.anchor_text == "harbour wall" and comment.anchor_prefix.endswith("It voted on the ")
    anchor = page.locator(f"#anchor-{comment.pk}")
    expect(anchor).to_contain_text("harbour wall")
    expect(page.locator(f"#comment-{comment.pk} .comment-quote a")).to_have_attribute("href", f"#anchor-{comment.pk}")

    # An edit elsewhere in the body: the comment keeps its words.
    workflow.save_article(article, by=writer, base_version=1, fields={"body": "A new first line.\n\n" + BODY})
    page.goto(review)
    expect(page.locator(f"#anchor-{comment.pk}")).to_contain_text("harbour wall")
    expect(page.locator(f"#comment-{comment.pk}")).not_to_contain_text("outdated")

    # The words are deleted: the comment stays, marked outdated.
    stored = Article.objects.get(pk=article.pk)
    workflow.save_article(
        stored, by=writer, base_version=2, fields={"body": stored.body.replace("the harbour wall", "it")}
    )
    page.goto(review)
    expect(page.locator(f"#anchor-{comment.pk}")).to_have_count(0)
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("outdated")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Which wall exactly?")

    # Resolved, then reopened.
    page.locator(f"#comment-{comment.pk}").get_by_role("button", name="Resolve").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("resolved")
    page.locator(f"#comment-{comment.pk}").get_by_role("button", name="Reopen").click()
    expect(page.locator(f"#comment-{comment.pk}")).not_to_contain_text("Resolved by")


def test_mentions_complete_the_people_who_can_open_the_piece(page, sign_in, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    outsider = factories.WriterFactory(username="wanda.outside")
    sign_in(editor)
    page.goto(f"/desk/articles/{article.pk}/")
    field = page.get_by_label("Comment", exact=True)
    field.press_sequentially(f"Please check, @{writer.username[:3]}")
    options = page.get_by_role("option")
    expect(options.first).to_contain_text(f"@{writer.username}")
    expect(page.get_by_role("listbox")).not_to_contain_text(outsider.username)
    field.press("Enter")
    expect(field).to_have_value(f"Please check, @{writer.username} ")


def test_picture_details_are_fixed_inside_the_editor(page, sign_in, writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    image = factories.ImageFactory(caption="Harbour at dusk", creator="", organisation="", agencies="", alt_text="")
    factories.PlacementFactory(article=article, image=image, role="lead")
    sign_in(writer)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    page.get_by_text("Fix caption, credit and alt text").click()
    page.locator(f"#id_picture-{image.pk}-creator").fill("Ana Ruiz")
    page.locator(f"#id_picture-{image.pk}-agencies").fill("dpa")
    page.locator(f"#id_picture-{image.pk}-alt_text").fill("A stone wall by dark water")
    page.get_by_role("button", name="Save picture details").click()
    expect(page.locator("[data-picture-status]")).to_have_text("Saved to the picture.")
    expect(page.locator("[data-picture-credit]")).to_have_text("© Ana Ruiz/dpa")
    image = Image.objects.get(pk=image.pk)
    assert image.credit_line == "© Ana Ruiz/dpa" and image.alt_text == "A stone wall by dark water"
    assert image.history.order_by("-history_date").first().history_user == writer
    assert page.url.endswith(f"/desk/articles/{article.pk}/edit/")  # never left the piece
