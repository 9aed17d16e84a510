"""The Content-Security-Policy in a real browser: it blocks nothing the app needs, and hostile text never runs.

Chromium reports every blocked script, style or connection as a `securitypolicyviolation`
event; a script recorded before any page script runs collects them. The desk, the editor
(with its counters and heartbeat), the review page and the public pages are visited with
hostile text in a piece; no violation may be reported and no `alert()` may ever open.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import PublishedVersion
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""

HOSTILE = "<script>alert('xss-headline')</script><img src=x onerror=alert('xss-img')>"


@pytest.fixture
def watched(page):
    """The page, recording CSP violations, console errors and any dialog (an alert means script ran)."""
    page.add_init_script(RECORD_VIOLATIONS)
    seen = {"dialogs": [], "console": []}

    def on_dialog(dialog):
        if dialog.type == "beforeunload":
            dialog.accept()  # the editor asks before leaving typed text: leave (that is not script injection)
            return
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: seen["console"].append(message.text) if message.type == "error" else None)
    return page, seen


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_desk_and_public_pages_run_under_the_policy_without_violations(watched, sign_in, editor, writer):
    page, seen = watched
    piece = factories.ArticleFactory(
        authors=[writer.author],
        created_by=writer,
        headline=f"Harbour {HOSTILE}",
        teaser=f"The council agreed on the harbour wall. {HOSTILE}",
        body=f"First paragraph. {HOSTILE}\n\n[a link](javascript:alert('xss-link'))\n\nThe end.",
    )
    draft = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline=f"Draft {HOSTILE}")
    workflow.submit(piece, by=writer)
    workflow.publish(piece, by=editor)
    live = PublishedVersion.objects.live().get(article=piece)

    sign_in(editor)
    problems = {}
    for url in (
        "/desk/",
        "/desk/articles/",
        "/desk/calendar/",
        "/desk/images/",
        f"/desk/articles/{piece.pk}/",
        f"/desk/articles/{draft.pk}/edit/",
        "/desk/articles/new/",
        live.get_absolute_url(),
        "/",
        f"/{live.section_slug}/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if url.endswith("/edit/") or url.endswith("/new/"):
            # Exercise the editor's scripts: the live counters react to typing.
            headline = page.locator("#id_headline")
            headline.click()
            headline.press("End")
            headline.type(" more")
            length = len(headline.input_value())
            expect(page.locator("#id_headline_count")).to_contain_text(str(length))
        if found := violations(page):
            problems[url] = found
    assert not problems, f"the Content-Security-Policy blocked: {problems}"
    assert not seen["dialogs"], f"hostile text ran as script: {seen['dialogs']}"
    assert not [text for text in seen["console"] if "Content Security Policy" in text], seen["console"]


def test_the_policy_really_blocks_inline_script(watched, live_server):
    """Guard: the recorder sees a violation when one happens (an injected inline script)."""
    page, seen = watched
    page.goto("/")
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = "alert('inline')";
        document.body.appendChild(s); }"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert any("script-src" in violation for violation in violations(page)), violations(page)
    assert not seen["dialogs"]
