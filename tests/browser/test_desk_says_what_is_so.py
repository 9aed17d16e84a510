"""The desk says only what is so, in a real browser: banners in one area that leaves the form in view, the
"apply" of a check that works, and no desk page that scrolls sideways at 390 px, in English and German."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Autosave, DeskProfile
from articles.workflow import locks
from tests import factories
from tests.i18n.german_newsroom import german_newsroom
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SIDEWAYS_JS = "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
# The page's text but for parts marked as another language (the reader's preview of an English piece).
GERMAN_TEXT_JS = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('[lang]:not([lang^="de"]), script, style').forEach((el) => el.remove());
  return copy.textContent;
}"""


def test_apply_on_the_double_space_removes_it(page, sign_in, editor):
    piece = factories.ArticleFactory(body="The council met.  It voted on the wall.", headline="Harbour wall")
    sign_in(editor)
    page.goto(f"/desk/articles/{piece.pk}/")
    page.get_by_role("button", name="Apply: two spaces → one").click()
    expect(page.locator(".desk-messages")).to_contain_text("Applied 1 correction(s).")
    assert Article.objects.get(pk=piece.pk).body == "The council met. It voted on the wall."


def test_every_banner_sits_in_one_area_and_the_form_stays_in_view(page, sign_in, writer, editor):
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Harbour wall")
    go_live(piece)
    locks.acquire(Article.objects.get(pk=piece.pk), user=editor)
    unsaved = {name: [value + " (unsaved)"] for name, value in [("headline", "Harbour wall"), ("kicker", "Port")]}
    Autosave.objects.create(user=writer, article=piece, base_version=piece.version, data=unsaved)
    sign_in(writer)
    # The take-over of a lock and a failed save add messages; a long day can stack five banners.
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    notices = page.locator("[data-desk-notices]")
    expect(notices.locator(".lock-notice")).to_contain_text("your changes are merged with theirs")
    expect(notices.locator(".editing-notice")).to_be_visible()
    expect(notices.locator("[data-restore-offer]")).to_be_visible()
    # Every banner of the page is in the one area.
    assert page.locator(".alert:visible").count() == notices.locator(".alert:visible").count()
    headline = page.get_by_label("Headline")
    box = headline.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900, "the form is pushed below the fold"


def test_more_than_three_banners_fold_behind_one_button(page, sign_in, writer):
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Harbour wall")
    sign_in(writer)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    page.evaluate(
        """() => { const area = document.querySelector('[data-desk-notices]');
        for (let i = 0; i < 5; i++) { const div = document.createElement('div'); div.className = 'alert alert-info';
        div.textContent = 'Notice ' + i; area.appendChild(div); } }"""
    )
    page.add_script_tag(url="/static/js/desk.js")
    notices = page.locator("[data-desk-notices]")
    expect(notices.locator(".alert:visible")).to_have_count(3)
    notices.get_by_role("button", name="Show 2 more notices").click()
    expect(notices.locator(".alert:visible")).to_have_count(5)


def desk_pages(newsroom: dict) -> list[tuple[str, str]]:
    pieces, image = newsroom["pieces"], newsroom["image"]
    published = pieces["published"]
    return [
        ("dashboard", reverse("desk:dashboard")),
        ("articles", reverse("desk:article-list")),
        ("calendar", reverse("desk:calendar")),
        ("images", reverse("desk:image-list")),
        ("image", reverse("desk:image-detail", kwargs={"pk": image.pk})),
        ("image-upload", reverse("desk:image-upload")),
        ("image-apply", reverse("desk:image-apply", kwargs={"pk": image.pk})),
        ("authors", reverse("desk:author-list")),
        ("author", reverse("desk:author-edit", kwargs={"pk": newsroom["writer"].author.pk})),
        ("author-new", reverse("desk:author-create")),
        ("new", reverse("desk:article-create")),
        ("editor", reverse("desk:article-edit", kwargs={"pk": pieces["draft"].pk})),
        ("editor-live", reverse("desk:article-edit", kwargs={"pk": published.pk})),
        ("review", reverse("desk:article-review", kwargs={"pk": pieces["in_review"].pk})),
        ("review-scheduled", reverse("desk:article-review", kwargs={"pk": pieces["scheduled"].pk})),
        ("history", reverse("desk:article-history", kwargs={"pk": pieces["scheduled"].pk})),
        ("diff", reverse("desk:article-diff", kwargs={"pk": pieces["scheduled"].pk})),
        ("pictures", reverse("desk:picture-search")),
        ("settings", reverse("desk:profile")),
        ("notifications", reverse("desk:notices")),
        ("budget", reverse("desk:planning-budget")),
        ("assignment-new", reverse("desk:assignment-create")),
        ("board", reverse("desk:board")),
    ]


def english_phrases() -> set[str]:
    """The desk's English phrases that have a German translation of their own (two words or more, no
    placeholders): on a German page each is a string that escaped translation."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    return {
        entry.msgid
        for entry in catalogue.translated_entries()
        if entry.msgstr != entry.msgid
        and " " in entry.msgid.strip()
        and not any(mark in entry.msgid for mark in ("%", "{", "<", "\n"))
    }


@pytest.mark.parametrize("language", ["en", "de"])
def test_no_desk_page_scrolls_sideways_at_390_px(browser, live_server, language):
    clear_site_caches()
    newsroom = german_newsroom()
    editor = newsroom["editor"]
    DeskProfile.objects.filter(user=editor).update(language=language)
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(editor.username)
        page.locator("#id_password").fill(factories.PASSWORD)
        page.locator("form [type=submit]").click()
        page.wait_for_url("**/desk/**")
        wide, english = [], []
        phrases = english_phrases() if language == "de" else set()
        for name, url in desk_pages(newsroom):
            response = page.goto(url)
            assert response is not None and response.status == 200, (name, url, response and response.status)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.lang") == language
            if not page.evaluate(SIDEWAYS_JS):
                wide.append((name, page.evaluate("document.scrollingElement.scrollWidth")))
            if phrases:
                shown = " ".join(page.evaluate(GERMAN_TEXT_JS).split())
                english += [(name, phrase) for phrase in phrases if phrase in shown]
        assert wide == [], f"these desk pages scroll sideways at 390 px ({language}): {wide}"
        assert english == [], f"English on the German desk: {english}"
    finally:
        context.close()
