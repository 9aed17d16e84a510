"""A whole day around one revision-bound piece, in a real browser: what the desk says and what readers get.

Write → submit → schedule → edit while scheduled → publish_scheduled → edit the live piece →
correct it live (after seeing the live↔revision diff and confirming) → withdraw. At every
step the test reads the desk's badge and the public page. With NEWSROOM_SCREENSHOTS set,
it also stores the review page (live ↔ revision diff) and the dashboard at 1280 and 390 px
in docs/screenshots/.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, PublishedVersion, State
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
APPROVED = "Harbour wall to be rebuilt by spring"
UNREVIEWED = "Harbour wall: costs double, says a leaked memo"


def switch_user(page, sign_in, user) -> None:
    page.context.clear_cookies()
    sign_in(user)


def badge(page):
    return page.locator(".page-actions .state-badge, .state-badge").first


def public_page(page, article: Article):
    """The reader's view, signed out."""
    live = PublishedVersion.objects.live().filter(article=article).first()
    page.context.clear_cookies()
    if live is None:
        return None
    response = page.goto(live.get_absolute_url())
    assert response.status == 200
    return live


def shoot(page, name: str) -> None:
    if not os.environ.get("NEWSROOM_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_revision_bound_day(page, sign_in, writer, editor):
    factories.SectionFactory(name="Politics", slug="politics")

    # 1. The writer writes and submits.
    sign_in(writer)
    page.goto("/desk/articles/new/")
    page.get_by_label("Headline").fill(APPROVED)
    page.get_by_label("Teaser").fill(
        "After a long night of talks the council has agreed how to pay for the new harbour wall."
    )
    page.get_by_label("Body").fill("The council met until after midnight.\n\nWork starts in spring.")
    page.get_by_label("Section").select_option(label="Politics")
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url("**/desk/articles/*/")
    article = Article.objects.get(headline=APPROVED)
    expect(page.locator("#preview-heading")).to_contain_text("Preview of revision 1")
    page.get_by_role("button", name="Submit for review").click()
    expect(badge(page)).to_have_text("In review")

    # 2. The editor schedules revision 1.
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/")
    when = (timezone.localtime() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    page.get_by_label("Publish at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(badge(page)).to_have_text("Scheduled")
    assert Article.objects.get(pk=article.pk).scheduled_revision.number == 1

    # 3. The editor edits the scheduled piece: warned before, told after; the schedule keeps revision 1.
    page.goto(f"/desk/articles/{article.pk}/edit/")
    expect(page.locator(".editing-notice")).to_contain_text("This piece is scheduled")
    page.get_by_label("Headline").fill(UNREVIEWED)
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(f"**/desk/articles/{article.pk}/")
    expect(page.locator(".desk-messages")).to_contain_text("Revision 2 is saved but not live or scheduled")
    expect(badge(page)).to_have_text("Scheduled · newer edits not scheduled")
    expect(page.locator(".pending-notice")).to_contain_text("Revision 1 is scheduled")
    expect(page.get_by_role("button", name="Schedule revision 2 instead").first).to_be_visible()
    # What readers would not get: scheduled revision 1 ↔ this revision 2, and the preview says so.
    expect(page.locator("#scheduled-diff")).to_contain_text("Scheduled: revision 1 → this revision 2")
    expect(page.locator("#scheduled-diff ins")).to_contain_text("leaked memo")
    expect(page.locator("#preview-heading + span")).to_contain_text("readers get revision 1")
    shoot(page, "review-scheduled-diff")

    # 4. The time comes (the clock is moved, not the command's idea of it): revision 1 goes live, not 2.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    assert Article.objects.get(pk=article.pk).status == State.PUBLISHED
    public_page(page, article)
    expect(page.get_by_role("heading", level=1)).to_have_text(APPROVED)
    expect(page.locator("body")).not_to_contain_text("leaked memo")

    # 5. The desk says the piece is live with changes pending, and shows exactly what they are.
    sign_in(editor)
    page.goto("/desk/")
    recent = page.locator("section[aria-labelledby='published-heading']")
    expect(recent).to_contain_text("Live · changes pending")
    expect(page.locator(".desk-count-live .desk-count-number")).to_have_text("1")
    expect(page.locator(".desk-count-pending .desk-count-number")).to_have_text("1")
    shoot(page, "dashboard-live-pending")
    page.goto(f"/desk/articles/{article.pk}/")
    expect(badge(page)).to_have_text("Live · changes pending")
    diff = page.locator("#live-diff")
    expect(diff).to_contain_text("Live: revision 1 → this revision 2")
    expect(diff.locator("ins")).to_contain_text("leaked memo")
    expect(page.locator("#preview-heading + span")).to_contain_text("not live yet")
    shoot(page, "review-live-diff")

    # 6. The urgent correction asks to confirm: without the tick nothing goes live.
    correct = page.locator("form.transition-correct")
    correct.get_by_label("Public correction note").fill("An earlier version gave the wrong costs.")
    expect(correct.get_by_label("I have checked the changes above")).to_have_attribute("required", "")
    correct.get_by_label("I have checked the changes above").check()
    correct.get_by_role("button", name="Correct the live version now").click()
    expect(badge(page)).to_have_text("Published")
    expect(page.locator("#live-diff")).to_contain_text("No differences")
    public_page(page, article)
    expect(page.get_by_role("heading", level=1)).to_have_text(UNREVIEWED)
    expect(page.locator("body")).to_contain_text("An earlier version gave the wrong costs.")

    # 7. Start an update: still live, and the desk says so (not "Draft").
    sign_in(editor)
    page.goto(f"/desk/articles/{article.pk}/")
    page.get_by_role("button", name="Start an update").click()
    expect(badge(page)).to_have_text("Live · update in draft")

    # 8. Withdraw: the piece leaves the site.
    withdraw = page.locator("form.transition-withdraw")
    withdraw.get_by_label("Reason").fill("Legal asked us to take it down.")
    withdraw.get_by_role("button", name="Withdraw").click()
    expect(badge(page)).to_have_text("Withdrawn")
    assert not PublishedVersion.objects.live().filter(article=article).exists()
    page.context.clear_cookies()
    gone = page.goto(PublishedVersion.objects.filter(article=article).first().get_absolute_url())
    assert gone.status in (404, 410) or APPROVED not in page.content()
