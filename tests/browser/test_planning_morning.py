"""A newsroom's morning in a real browser (#25 "done when"): an editor plans three pieces from templates with
deadlines and assigns them; a writer starts one from the dashboard; it moves across the board to live; the story
budget shows planned against actual words; the figures page counts it in its charts.

The clock is set to a fixed morning (time-machine, ticking), so deadlines, the budget's day and the figures'
period are the same whenever the test runs.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import expect

from articles.models import Article, Assignment, PieceTemplate, State
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
MORNING = datetime.datetime(2026, 3, 10, 8, 0, tzinfo=BERLIN)
# A report of 120 words (words the spelling and style checks accept: nothing blocks filing it).
SENTENCES = [
    "City won the derby by two goals to one on Tuesday evening.",
    "The home side pressed from the first whistle and scored after ten minutes.",
    "Their captain headed in a corner at the near post.",
    "The visitors levelled before the break through a long shot.",
    "After the break both teams tired and chances were rare.",
    "A late penalty decided the match in front of a full stadium.",
]
REPORT = " ".join(SENTENCES * 3)
BODY_WORDS = len(REPORT.split())


def plan(page, template: str, headline: str, deadline: str, writer) -> None:
    page.goto("/desk/planning/new/")
    page.get_by_role("link", name=template, exact=True).click()
    page.get_by_label("Working headline").fill(headline)
    page.get_by_label("Deadline").fill(f"2026-03-10T{deadline}")
    page.get_by_label("Writers").select_option(value=str(writer.pk))
    page.get_by_role("button", name="Plan it").click()
    expect(page.get_by_text("The assignment has been planned.")).to_be_visible()


def card(page, headline: str):
    return page.locator(".desk-board-card", has_text=headline).first


def column(page, key: str):
    return page.locator(f"[data-column='{key}']")


def test_a_morning_from_plan_to_figures(page, sign_in, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    editor = factories.EditorFactory(first_name="Eda")
    writer = factories.WriterFactory(first_name="Wim")
    sport = factories.SectionFactory(name="Sport", slug="sport")
    local = factories.SectionFactory(name="Local", slug="local")
    PieceTemplate.objects.create(
        name="Match report", section=sport, planned_words=300, body="Result.\n\n## How it went\n\nThe match."
    )
    PieceTemplate.objects.create(
        name="Weather warning", section=local, planned_words=150, body="The warning.\n\n## What to do\n\nAdvice."
    )

    with time_machine.travel(MORNING, tick=True):
        # 08:00 — the editor plans the day from templates and assigns the writer.
        sign_in(editor)
        plan(page, "Match report", "Derby: the result", "11:00", writer)
        plan(page, "Match report", "Cup draw reactions", "15:00", writer)
        plan(page, "Weather warning", "Storm warning for the coast", "12:00", writer)
        assert Assignment.objects.count() == 3
        derby = Assignment.objects.get(headline="Derby: the result")
        assert (derby.template.name, derby.section, derby.planned_words) == ("Match report", sport, 300)

        # The writer sees the assignments first and starts the derby from the dashboard.
        page.context.clear_cookies()
        sign_in(writer)
        page.goto("/desk/")
        mine = page.locator("section[aria-labelledby='assignments-heading']")
        for headline in ("Derby: the result", "Cup draw reactions", "Storm warning for the coast"):
            expect(mine).to_contain_text(headline)
        mine.locator(f"[data-assignment='{Assignment.objects.get(headline='Derby: the result').pk}']").get_by_role(
            "button", name="Start writing"
        ).click()
        page.wait_for_url("**/edit/**")
        body = page.get_by_label("Body")
        expect(body).to_contain_text("## How it went")  # the template's skeleton
        body.fill(REPORT)
        page.get_by_label("Teaser").fill("City beat their neighbours with a late penalty.")
        page.get_by_role("button", name="Save and review").click()
        page.wait_for_url("**/desk/articles/*/")
        article = Article.objects.get(assignment=derby)

        # Across the board: the writer files it, the editor publishes it.
        page.goto("/desk/board/")
        expect(column(page, "writing")).to_contain_text("Derby")
        card(page, "Derby: the result").get_by_role("button", name="Move: Submit for review").click()
        expect(column(page, "in_review")).to_contain_text("Derby")
        page.context.clear_cookies()
        sign_in(editor)
        page.goto("/desk/board/")
        card(page, "Derby: the result").get_by_role("button", name="Move: Publish now").click()
        expect(column(page, "live")).to_contain_text("Derby")
        assert Article.objects.get(pk=article.pk).status == State.PUBLISHED

        # The budget: planned against actual words, and the piece done.
        page.goto("/desk/planning/?date=2026-03-10&desk=all")
        row = page.locator("[data-budget-row]", has_text="Derby: the result")
        expect(row).to_contain_text("300")
        expect(row).to_contain_text(str(BODY_WORDS))
        expect(page.locator("[data-budget-row]")).to_have_count(3)

        # The figures: one piece published today, filed before its deadline.
        page.goto("/desk/figures/")
        published = page.locator("#figure-published")
        expect(published.get_by_role("row").last.get_by_role("cell")).to_have_text("1")
        deadlines = page.locator("#figure-deadlines")
        expect(deadlines.get_by_role("row", name="on time")).to_contain_text("100")
