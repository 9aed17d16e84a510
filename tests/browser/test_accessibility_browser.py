"""axe-core in Chromium on every page type (public site, desk, admin): no violations.

axe-core comes from PyPI inside axe-playwright-python (installed with the dev
dependencies, never copied into the repo); it is injected with Playwright's
`evaluate`, which the pages' strict CSP does not block.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.support.browser import serve_media
from tests.support.pages import build_newsroom
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _signed_in_context(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def test_no_axe_violations_on_any_page_type(browser, live_server):
    from axe_playwright_python.sync_playwright import Axe

    clear_site_caches()
    pages, users = build_newsroom()
    axe = Axe()
    contexts = {
        "reader": _signed_in_context(browser, live_server, None),
        "editor": _signed_in_context(browser, live_server, users["editor"]),
        "admin": _signed_in_context(browser, live_server, users["admin"]),
    }
    found: dict[str, list[str]] = {}
    try:
        for page_type in pages:
            page = contexts[page_type.who].new_page()
            serve_media(page)
            response = page.goto(page_type.url)
            assert response.status == page_type.status, page_type
            page.wait_for_load_state("networkidle")
            results = axe.run(page)
            violations = [
                f"{violation['id']} ({violation['impact']}): "
                + "; ".join(
                    node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                    for node in violation["nodes"]
                )
                for violation in results.response["violations"]
            ]
            if violations:
                found[f"{page_type.name} {page_type.url}"] = violations
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert len(pages) >= 25
    assert not found, "\n".join(f"{where}: {problem}" for where, problems in found.items() for problem in problems)
