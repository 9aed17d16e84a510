"""load_demo plans a day: assignments for today, one being written, shown on the writer's dashboard."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles import demo
from articles.demo.planning import PLANNED_DAY
from articles.models import Article, Assignment, AssignmentState, Section

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_plans_today_once_and_the_desk_shows_it(settings, client):
    settings.DEBUG = True
    assert f"Planned {len(PLANNED_DAY)} assignments for today." in load()
    assert Assignment.objects.count() == len(PLANNED_DAY)
    states = {a.state for a in Assignment.objects.select_related("article")}
    assert states >= {AssignmentState.PLANNED, AssignmentState.ASSIGNED, AssignmentState.IN_PROGRESS}
    assert AssignmentState.FILED in states
    assert Article.objects.count() == len(demo.PIECES)  # linked to demo pieces, no extra drafts
    # Every section is looked after by a desk, and the day's assignments are on their sections' desks.
    assert not Section.objects.filter(desk__isnull=True).exists()
    assert all(a.desk_id == a.section.desk_id for a in Assignment.objects.select_related("section") if a.section)
    # One plan is a kind of piece: its draft will start from the template and carry its checks to review.
    assert Assignment.objects.get(headline="Cup tie preview").template.name == "Match report"
    writer = get_user_model().objects.get(username="writer")

    assert "assignments for today" not in load()
    assert Assignment.objects.count() == len(PLANNED_DAY)

    client.force_login(writer)
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert "Council agrees harbour budget" in page and ">overdue<" in page and ">due<" in page
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    page = client.get(reverse("desk:planning-budget")).content.decode()
    assert page.count("data-budget-row") >= len(PLANNED_DAY)
