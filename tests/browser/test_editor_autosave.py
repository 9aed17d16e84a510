"""Never lose typed work, in a real browser: autosave and restore, the offline copy, the leave prompt."""

from __future__ import annotations

import contextlib
import datetime
import time

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from articles.models import Article, Autosave, DeskProfile
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "The council met on Monday.\n\nIt voted on the harbour wall."
TYPED = "Typed just before the tab crashed: the wall will cost 41 million euros."


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY, headline="Harbour wall")


def test_autosaved_text_is_offered_back_after_the_page_is_killed(page, sign_in, writer, piece):
    sign_in(writer)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    page.locator("#id_body").press("Control+End")
    page.locator("#id_body").press_sequentially("\n\n" + TYPED[:20])
    page.locator("#id_body").type(TYPED[20:])
    expect(page.locator("#autosave-status")).to_have_text("All changes saved", timeout=10_000)
    kept = Autosave.objects.get(user=writer, article=piece)
    assert TYPED in kept.data["body"][0]
    assert Article.objects.get(pk=piece.pk).version == 1  # an autosave is not a save

    context = page.context
    page.close()  # the tab is gone: no unload prompt, no save
    again = context.new_page()
    again.goto(f"/desk/articles/{piece.pk}/edit/")
    offer = again.locator("[data-restore-offer]")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("kept on the server")
    expect(offer.locator("ins")).to_contain_text("41 million euros")
    again.get_by_role("link", name="Restore my unsaved changes").click()
    expect(again.locator("#id_body")).to_have_value(f"{BODY}\n\n{TYPED}".replace("\n", "\n"))
    again.get_by_role("button", name="Save", exact=True).first.click()
    expect(again.locator(".desk-messages")).to_contain_text("Saved")
    stored = Article.objects.get(pk=piece.pk)
    assert TYPED in stored.body and stored.version == 2
    assert not Autosave.objects.filter(article=piece).exists()


def wait_for_stored(context, key: str) -> None:
    """Until the browser context's own storage (not only the page's memory) holds `key`."""
    deadline = time.monotonic() + 10
    while not any(
        item["name"] == key for origin in context.storage_state()["origins"] for item in origin["localStorage"]
    ):
        assert time.monotonic() < deadline, f"{key} never reached the browser's storage"


def crash_the_tab(page) -> None:
    """Crash the tab's renderer as a failing tab does: no pagehide, no unload, nothing sent."""
    # The navigation never completes (the renderer is gone): its error is expected.
    with page.expect_event("crash", timeout=10_000), contextlib.suppress(PlaywrightError):
        page.goto("chrome://crash", timeout=10_000)
    page.close()  # the crashed tab goes away (nothing of it runs any more)


def test_offline_the_text_is_kept_in_the_browser_and_offered_back(page, sign_in, writer, piece):
    sign_in(writer)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    page.context.set_offline(True)
    page.get_by_label("Headline").fill("Harbour wall: typed on the train")
    expect(page.locator("#autosave-status")).to_have_text("Offline — kept in this browser", timeout=10_000)
    assert not Autosave.objects.exists()
    context = page.context
    wait_for_stored(context, f"newsroom-autosave-{piece.pk}")
    # The tab crashes while offline: nothing runs as it goes. (A tab *closed* sends its text as it goes, from
    # its pagehide; on a loaded machine Chromium ran that after the test had gone back online, the server then
    # had the same text and offered it instead — right for the writer, but not the case this test is about.)
    crash_the_tab(page)
    context.set_offline(False)
    again = context.new_page()
    again.goto(f"/desk/articles/{piece.pk}/edit/")
    panel = again.locator("[data-browser-restore]")
    expect(panel).to_be_visible()
    panel.get_by_role("button", name="Restore them").click()
    expect(again.get_by_label("Headline")).to_have_value("Harbour wall: typed on the train")
    # Back online, the restored text goes to the server as well.
    expect(again.locator("#autosave-status")).to_have_text("All changes saved", timeout=10_000)
    assert Autosave.objects.get(article=piece).data["headline"] == ["Harbour wall: typed on the train"]


def test_leaving_with_unsaved_changes_asks_first(page, sign_in, writer, piece):
    sign_in(writer)
    edit_url = f"/desk/articles/{piece.pk}/edit/"
    page.goto(edit_url)
    # Nothing typed: links just work.
    page.get_by_role("link", name="Articles", exact=True).click()
    page.wait_for_url("**/desk/articles/")
    page.goto(edit_url)
    page.get_by_label("Headline").fill("Harbour wall: a sharper headline")
    page.get_by_role("link", name="Dashboard").click()
    dialog = page.locator("#leave-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Leave without saving?")
    dialog.get_by_role("button", name="Stay and keep editing").click()
    expect(dialog).to_be_hidden()
    assert page.url.endswith(edit_url)
    expect(page.get_by_label("Headline")).to_have_value("Harbour wall: a sharper headline")

    # Closing the tab asks through the browser's own prompt.
    seen = []

    def on_dialog(prompt):
        seen.append(prompt.type)
        prompt.accept()

    page.on("dialog", on_dialog)
    # Offline first: the editor sends its last keystrokes as the tab goes, and that request must not reach
    # the server while the test database is being emptied (on PostgreSQL the two deadlock).
    page.context.set_offline(True)
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert seen == ["beforeunload"]


def test_leave_anyway_goes_where_the_link_points(page, sign_in, writer, piece):
    sign_in(writer)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    page.get_by_label("Headline").fill("Harbour wall: never mind")
    page.get_by_role("link", name="Dashboard").click()
    page.locator("#leave-dialog").get_by_role("button", name="Leave this page").click()
    page.wait_for_url("**/desk/")
    assert Article.objects.get(pk=piece.pk).headline == "Harbour wall"


def test_saving_does_not_ask(page, sign_in, writer, piece):
    sign_in(writer)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    page.get_by_label("Headline").fill("Harbour wall: saved properly")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".desk-messages")).to_contain_text("Saved")
    assert Article.objects.get(pk=piece.pk).headline == "Harbour wall: saved properly"


def visible_offers(page):
    return page.locator("[data-restore-offer]:visible, [data-browser-restore]:visible")


def test_a_tab_closed_right_after_typing_gets_every_character_back(page, sign_in, writer, piece):
    sign_in(writer)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    body = page.locator("#id_body")
    body.press("Control+End")
    body.press_sequentially("\n\n" + TYPED)
    context = page.context
    page.close()  # at once: no autosave interval has passed for the last keystrokes

    again = context.new_page()
    again.goto(f"/desk/articles/{piece.pk}/edit/")
    offers = visible_offers(again)
    expect(offers).to_have_count(1)  # one offer, never two competing
    offers.get_by_role("link", name="Restore my unsaved changes").or_(
        offers.get_by_role("button", name="Restore them")
    ).click()
    expect(again.locator("#id_body")).to_have_value(f"{BODY}\n\n{TYPED}")


@pytest.mark.parametrize(
    ("language", "where_and_when"),
    [
        ("en", "Unsaved changes from 4 Dec, 14:05, kept only in this browser."),
        ("de", "Nicht gespeicherte Änderungen von 4. Dez., 14:05 Uhr, nur in diesem Browser aufbewahrt."),
    ],
)
def test_a_newer_copy_in_this_browser_is_the_one_offer_and_says_where_and_when(
    page, sign_in, writer, piece, language, where_and_when
):
    DeskProfile.objects.create(user=writer, language=language)
    saved_at = timezone.make_aware(datetime.datetime(2026, 12, 4, 14, 2))
    Autosave.objects.create(
        user=writer, article=piece, base_version=piece.version, data={"headline": ["Harbour wall: on the server"]}
    )
    Autosave.objects.filter(article=piece).update(saved_at=saved_at)
    sign_in(writer)
    page.goto(f"/desk/articles/{piece.pk}/edit/")
    # Typed later, offline: only this browser has it (14:05 in Berlin is 13:05 UTC).
    copy = {
        "at": int(datetime.datetime(2026, 12, 4, 13, 5, tzinfo=datetime.UTC).timestamp() * 1000),
        "data": {"headline": ["Harbour wall: typed on the train"], "body": [BODY]},
    }
    page.evaluate(
        "([key, copy]) => localStorage.setItem(key, JSON.stringify(copy))", [f"newsroom-autosave-{piece.pk}", copy]
    )
    page.reload()
    offers = visible_offers(page)
    expect(offers).to_have_count(1)
    panel = page.locator("[data-browser-restore]")
    expect(panel).to_contain_text(where_and_when)
    if language == "en":
        expect(panel).to_contain_text("What differs from the stored piece: Headline.")
    expect(page.locator("[data-restore-offer]")).to_be_hidden()
    assert "offline" not in panel.inner_text() and "PM" not in panel.inner_text()


def test_text_already_saved_is_never_offered_back(page, sign_in, writer):
    sign_in(writer)
    page.goto("/desk/articles/new/")
    page.get_by_label("Headline").fill("Ferry runs every twenty minutes")
    page.locator("#id_body").fill("The harbour authority presented the timetable.")
    expect(page.locator("#autosave-status")).to_have_text("Kept in this browser until the first save", timeout=10_000)
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url("**/edit/")
    # What a slow first save left behind: the timer's copy of the form, written while the save was under way.
    page.evaluate(
        """() => { const copy = JSON.parse(localStorage.getItem('newsroom-autosave-new') || 'null')
        || {at: Date.now(), data: {}}; copy.submitted = false; localStorage.setItem('newsroom-autosave-new',
        JSON.stringify(copy)); }"""
    )
    assert page.evaluate("localStorage.getItem('newsroom-autosave-new')") is not None
    page.goto("/desk/articles/new/")
    expect(page.get_by_label("Headline")).to_have_value("")
    expect(visible_offers(page)).to_have_count(0)
    assert Article.objects.count() == 1
