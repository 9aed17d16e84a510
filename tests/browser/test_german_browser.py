"""The desk and the public site in German, in a real browser at 1280 and 390 px.

German words are long: no page may scroll sideways, and no button, badge, navigation link or
table header may cut its text. Screenshots go to docs/screenshots/de-*.png when
NEWSROOM_SCREENSHOTS is set (`NEWSROOM_SCREENSHOTS=1 pytest tests/browser -k german`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import factories
from tests.i18n.german_newsroom import german_newsroom
from tests.support.browser import serve_media
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Elements whose text must fit: a clipped or overflowing label is a layout bug in German.
CLIPPED_JS = """
() => {
  // Visually-hidden things (a 1 px box, like the table head on phones) are for screen readers only.
  const shown = (el) => { for (; el; el = el.parentElement) { if (el.getBoundingClientRect().width <= 2) return false; }
                          return true; };
  return [...document.querySelectorAll('button, .btn, .badge, th, .nav-link, .desk-flag, .dropdown-item, label')]
  .filter((el) => el.offsetParent !== null && shown(el))
  .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'
                  || el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((el) => el.tagName + ': ' + el.textContent.trim().slice(0, 60));
}
"""


def check_layout(page, name: str, width: int) -> None:
    assert page.evaluate("document.documentElement.lang") == "de", name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        f"{name} scrolls sideways at {width} px"
    )
    assert page.evaluate(CLIPPED_JS) == [], f"{name} at {width} px"


@pytest.mark.parametrize("width", [1280, 390])
def test_german_desk_and_site_fit_and_screenshots(browser, live_server, settings, width, tmp_path):
    settings.NEWSROOM_SITE_LANGUAGE = "de"
    clear_site_caches()
    newsroom = german_newsroom()
    pieces = newsroom["pieces"]
    target = SCREENSHOTS if os.environ.get("NEWSROOM_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    serve_media(page)
    try:
        page.goto("/accounts/login/")
        check_layout(page, "sign-in", width)
        page.screenshot(path=str(target / f"de-sign-in-{width}.png"))
        page.get_by_label("Benutzername").fill(newsroom["editor"].username)
        page.get_by_label("Passwort").fill(factories.PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url("**/desk/**")
        desk = [
            ("dashboard", "/desk/"),
            ("articles", "/desk/articles/"),
            ("calendar", "/desk/calendar/"),
            ("images", "/desk/images/"),
            ("editor", f"/desk/articles/{pieces['draft'].pk}/edit/"),
            ("review", f"/desk/articles/{pieces['in_review'].pk}/"),
            ("settings", "/desk/profile/"),
        ]
        for name, url in desk:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            check_layout(page, name, width)
            page.screenshot(path=str(target / f"de-{name}-{width}.png"), full_page=True)
        assert page.get_by_role("heading", name="Ihre Einstellungen").is_visible()
        version = pieces["published"].versions.get(is_live=True)
        for name, url in [("site-front", "/"), ("site-article", version.get_absolute_url())]:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            check_layout(page, name, width)
            page.screenshot(path=str(target / f"de-{name}-{width}.png"), full_page=True)
        assert page.get_by_text("17. Juli 2024").first.is_visible()
    finally:
        context.close()


def test_the_clipping_check_sees_a_cut_off_button(page):
    page.set_content(
        '<html lang="de"><body><button style="width:40px;overflow:hidden;white-space:nowrap">'
        "Veröffentlichen</button></body></html>"
    )
    assert page.evaluate(CLIPPED_JS) == ["BUTTON: Veröffentlichen"]
