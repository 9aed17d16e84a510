"""An editor plans a piece from a template, then reads the newsroom's figures: charts with their tables."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Assignment, PieceTemplate
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

expect = pytest.importorskip("playwright.sync_api").expect


def test_editor_plans_from_a_template_and_reads_the_figures(page, sign_in):
    editor = factories.EditorFactory(first_name="Eda")
    writer = factories.WriterFactory(first_name="Wim")
    local = factories.SectionFactory(name="Local", slug="local")
    PieceTemplate.objects.create(
        name="Weather warning",
        section=local,
        planned_words=200,
        headline="Weather service warns of storm",
        body="The warning.\n\n## What to do\n\nAdvice.",
        checks=["time-format"],
    )
    piece = factories.ArticleFactory(section=local)
    workflow.publish(workflow.submit(piece, by=editor), by=editor)

    sign_in(editor)
    page.goto("/desk/planning/new/")
    page.get_by_role("link", name="Weather warning").click()
    expect(page.get_by_label("Working headline")).to_have_value("Weather service warns of storm")
    expect(page.get_by_label("Planned length (words)")).to_have_value("200")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page.get_by_label("Deadline").fill(tomorrow.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Writers").select_option(value=str(writer.pk))
    page.get_by_role("button", name="Plan it").click()
    expect(page.get_by_text("The assignment has been planned.")).to_be_visible()
    assignment = Assignment.objects.get()
    assert assignment.template.name == "Weather warning" and assignment.section == local

    page.get_by_role("link", name="Figures", exact=True).click()
    expect(page.get_by_role("heading", name="The newsroom's figures")).to_be_visible()
    published = page.locator("#figure-published")
    expect(published.get_by_role("img", name="Pieces published per day")).to_be_visible()
    expect(published.locator("rect.figure-bar")).to_have_count(1)
    today_row = published.get_by_role("row").last
    expect(today_row.get_by_role("cell")).to_have_text("1")
    expect(page.locator("svg[role=img]")).to_have_count(5)
    expect(page.get_by_role("region", name="Table: Time in each stage")).to_be_visible()
    expect(page.get_by_text("Counted ")).to_contain_text("counted again when they are 10 minutes old")
    page.get_by_role("link", name="Count again now").click()
    expect(page).to_have_url(re.compile(r"/desk/figures/\?fresh=1$"))
    expect(published.get_by_role("row").last.get_by_role("cell")).to_have_text("1")

    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
