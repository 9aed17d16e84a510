"""The editor and the review page in a real browser: counters, rows, locks, conflicts, buttons.

Screenshots of the editor, the review page and a diff at 1280 and 390 px go to docs/screenshots/
when NEWSROOM_SCREENSHOTS is set (`NEWSROOM_SCREENSHOTS=1 pytest tests/browser -k screenshots`).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article
from articles.review import comments
from tests import factories
from tests.browser.test_overview_browser import SCREENSHOTS, picture
from tests.support.browser import no_horizontal_overflow, serve_media

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


# Stale saves (merge, per-paragraph choice) are driven in tests/browser/test_editor_merge.py.


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
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
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
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".desk-messages")).to_contain_text("Saved")
    assert Article.objects.get(pk=article.pk).ordered_authors() == [second, first, third]
    # No script errors and nothing refused by the Content-Security-Policy.
    assert problems == []


def review_scene(writer, editor) -> Article:
    """A piece in review with what an editor meets on a real day: findings, a picture, a thread."""
    politics = factories.SectionFactory(name="Politics", slug="politics")
    fmu = factories.AuthorFactory(name="Fabian Müller", sign_off="fmu")
    image = factories.ImageFactory(
        file=picture(("#9cc3e6", "#56794f"), 1),
        caption="Kyiv would like to use the missiles against targets in Russia.",
        creator="Andrew Dickson",
        organisation="US Army",
        agencies="AP/dpa",
        is_archive=True,
    )
    article = factories.ArticleFactory(
        kicker="Ukraine war",
        headline="Washington weighs longer-range missiles for Kyiv",
        teaser="The US government is discussing whether Ukraine may use Western weapons against targets "
        "deep inside Russia. A decision could come within weeks.",
        dateline="Washington, DC/Kiev",
        section=politics,
        authors=[writer.author, fmu],
        created_by=writer,
        body=(
            "The debate in Washington has gathered pace. Ukraine wants to strike airfields in Russia and "
            "the Crimea The missiles have a range of up to 300 kilometres.\n\n"
            "## Allies are divided\n\n"
            "Several members of the NATO On the other hand warn of escalation. Kiev says it needs the "
            "weapons now, before the autumn offensive.\n\n"
            "> We cannot fight with one hand tied behind our back.\n\n"
            "Kyiv has asked for the the permission for months. (fmu)"
        ),
    )
    factories.PlacementFactory(article=article, image=image, role="lead")
    workflow.save_article(article, by=writer, base_version=article.version, fields={"teaser": article.teaser + " "})
    article = Article.objects.get(pk=article.pk)
    workflow.save_article(
        article,
        by=editor,
        base_version=article.version,
        fields={"headline": "Washington weighs longer-range missiles for Ukraine"},
    )
    article = Article.objects.get(pk=article.pk)
    workflow.submit(article, by=writer)
    comments.add_comment(article, by=editor, body=f"@{writer.username} can we get a second source on the range?")
    comments.add_comment(article, by=writer, body="Added the Pentagon figure in the second paragraph.")
    return Article.objects.get(pk=article.pk)


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_editor_and_review(browser, live_server, writer, editor, width, tmp_path):
    article = review_scene(writer, editor)
    target = SCREENSHOTS if os.environ.get("NEWSROOM_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    serve_media(page)
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/desk/**")
        for name, url in [
            ("review", f"/desk/articles/{article.pk}/"),
            ("editor", f"/desk/articles/{article.pk}/edit/"),
        ]:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert no_horizontal_overflow(page), f"{name} overflows at {width} px"
            page.screenshot(path=str(target / f"{name}-{width}.png"), full_page=True)
        # The findings are marked in the text and the marks lead to the list.
        page.goto(f"/desk/articles/{article.pk}/")
        expect(page.locator("mark.finding-mark").first).to_be_visible()
        newest = Article.objects.get(pk=article.pk).version
        page.goto(f"/desk/articles/{article.pk}/diff/?old=1&new={newest}")
        expect(page.locator("ins.diff-ins").first).to_be_visible()
        page.screenshot(path=str(target / f"diff-{width}.png"), full_page=True)
    finally:
        context.close()
    assert (target / f"review-{width}.png").stat().st_size > 10_000


def test_heartbeat_warns_when_an_editor_takes_the_piece_over(page, sign_in, browser, live_server, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    page.clock.install()
    sign_in(writer)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    # The GET took nothing: the page takes the lock with a POST as it opens (no "Start editing" button needed).
    expect(page.locator("#article-form[data-lock-held=true]")).to_be_attached()
    expect(page.get_by_role("button", name="Start editing")).to_have_count(0)
    expect(page.locator("#lock-lost")).to_be_hidden()
    other_context, other = sign_in_context(browser, live_server, editor)
    try:
        other.goto(f"/desk/articles/{article.pk}/edit/")
        expect(other.locator(".lock-notice")).to_contain_text(f"Being edited by {writer.get_full_name()}")
        other.get_by_role("button", name="Take over").click()
        expect(other.locator(".desk-messages")).to_contain_text("taken the piece over")
    finally:
        other_context.close()
    # The writer's next heartbeat learns it: a warning, and her text stays in the form.
    page.get_by_label("Body").fill("Still typing.")
    page.clock.fast_forward("00:35")
    expect(page.locator("#lock-lost")).to_be_visible()
    expect(page.locator("#lock-lost")).to_contain_text("Someone else has taken this piece over")
    expect(page.get_by_label("Body")).to_have_value("Still typing.")
