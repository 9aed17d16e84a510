"""The planning pages: planning an assignment, the writer's dashboard, the story budget and its CSV."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Assignment, Placement
from articles.workflow import planning
from tests import factories

pytestmark = pytest.mark.django_db


def local(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_editor_plans_an_assignment_through_the_form(client, editor, writer):
    client.force_login(editor)
    section = factories.SectionFactory(name="Politics", slug="politics")
    response = client.post(
        reverse("desk:assignment-create"),
        {
            "headline": "Budget vote",
            "section": section.pk,
            "planned_words": "450",
            "deadline": "2030-03-02T15:00",
            "publish_planned_at": "2030-03-02T18:00",
            "assignees": [writer.pk],
            "picture_request": "Portrait of the mayor",
            "notes": "Call the treasurer.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?date=2030-03-02")
    assignment = Assignment.objects.get()
    assert assignment.created_by == editor and list(assignment.assignees.all()) == [writer]
    assert timezone.localtime(assignment.deadline).hour == 15


def test_bad_form_keeps_what_was_typed(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("desk:assignment-create"),
        {"headline": "Keep this headline", "deadline": "not a date", "notes": "Keep these notes"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep this headline" in page and "Keep these notes" in page
    assert not Assignment.objects.exists()


def test_writer_sees_own_assignments_first_with_due_marks_and_starts_one(client, editor, writer, other_writer):
    now = timezone.now()
    due = factories.AssignmentFactory(
        headline="Due soon", deadline=now + datetime.timedelta(hours=1), assignees=[writer]
    )
    late = factories.AssignmentFactory(
        headline="Too late", deadline=now - datetime.timedelta(hours=1), assignees=[writer]
    )
    factories.AssignmentFactory(headline="Not mine", assignees=[other_writer])
    factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Some draft")
    client.force_login(writer)
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert "Not mine" not in page
    assert page.index("My assignments") < page.index("My drafts")
    assert page.index("Too late") < page.index("Due soon")  # nearest deadline first
    due_item = page[page.index(f'data-assignment="{due.pk}"') :][:1500]
    late_item = page[page.index(f'data-assignment="{late.pk}"') :][:1500]
    assert ">due<" in due_item and "overdue" not in due_item
    assert ">overdue<" in late_item

    response = client.post(reverse("desk:assignment-start", args=[due.pk]))
    article = Article.objects.get(assignment=due)
    assert response.status_code == 302 and response["Location"] == reverse("desk:article-edit", args=[article.pk])
    assert list(article.authors.all()) == [writer.author]


def test_writer_cannot_start_someone_elses_assignment(client, writer, other_writer):
    others = factories.AssignmentFactory(assignees=[other_writer])
    client.force_login(writer)
    assert client.post(reverse("desk:assignment-start", args=[others.pk])).status_code == 404
    assert not Article.objects.exists()


def test_drop_refused_once_filed_says_why(client, editor, writer):
    assignment = factories.AssignmentFactory(assignees=[writer])
    article = planning.start_writing(assignment, by=writer)
    Article.objects.filter(pk=article.pk).update(body="Words.", teaser="T.")
    from articles import workflow

    workflow.submit(Article.objects.get(pk=article.pk), by=writer)
    client.force_login(editor)
    response = client.post(reverse("desk:assignment-drop", args=[assignment.pk]), follow=True)
    assert "already filed" in response.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).dropped_at is None


def make_day(day, count, section, writer):
    """`count` assignments on `day`, half of them started with a body and a picture."""
    for n in range(count):
        assignment = factories.AssignmentFactory(
            headline=f"Plan {n}", section=section, deadline=local(day, 10), planned_words=10, assignees=[writer]
        )
        assignment.picture_request = "A picture"
        assignment.save()
        if n % 2:
            article = planning.start_writing(assignment, by=writer)
            Article.objects.filter(pk=article.pk).update(body="word " * 20)
            Placement.objects.create(article=article, image=factories.ImageFactory(), role=Placement.Role.LEAD)


def test_budget_shows_planned_vs_actual_late_and_over_length(client, editor, writer):
    day = timezone.localdate() - datetime.timedelta(days=1)  # yesterday: every open assignment is late
    section = factories.SectionFactory(name="Local", slug="local")
    make_day(day, 2, section, writer)
    factories.AssignmentFactory(headline="Other day", deadline=local(day + datetime.timedelta(days=2), 9))
    client.force_login(editor)
    response = client.get(reverse("desk:planning-budget"), {"date": day.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Plan 0" in page and "Other day" not in page
    assert page.count("data-budget-row") == 2
    assert page.count("budget-late") >= 1 and "over length" in page
    assert "@page" not in page  # the print rules live in the stylesheet
    response = client.get(reverse("desk:planning-budget"), {"date": day.isoformat(), "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Place", "Headline", "Section"]
    assert [row[0] for row in rows[1:]] == ["1", "2"]
    by_headline = {row[1]: row[1:] for row in rows[1:]}
    assert by_headline["Plan 1"][4:6] == ["10", "20"] and by_headline["Plan 1"][9] == "yes"
    assert by_headline["Plan 0"][5] == "" and by_headline["Plan 0"][8] == "yes"
    assert by_headline["Plan 1"][7] == "in place" and by_headline["Plan 0"][7] == "requested (agency)"


def test_budget_filters_by_section_and_scopes_writers(client, writer, other_writer):
    day = timezone.localdate()
    mine = factories.SectionFactory(name="Mine", slug="mine")
    factories.AssignmentFactory(headline="Mine here", section=mine, deadline=local(day, 12), assignees=[writer])
    factories.AssignmentFactory(headline="Elsewhere", deadline=local(day, 12), assignees=[writer])
    factories.AssignmentFactory(headline="Someone else's", deadline=local(day, 12), assignees=[other_writer])
    client.force_login(writer)
    page = client.get(reverse("desk:planning-budget"), {"date": day.isoformat()}).content.decode()
    assert "Mine here" in page and "Elsewhere" in page and "Someone else" not in page
    page = client.get(reverse("desk:planning-budget"), {"date": day.isoformat(), "section": "mine"}).content.decode()
    assert "Mine here" in page and "Elsewhere" not in page


def test_budget_refuses_a_bad_date_with_a_message(client, editor):
    client.force_login(editor)
    response = client.get(reverse("desk:planning-budget"), {"date": "2024-13-45"})
    assert response.status_code == 400
    assert "There is no budget for" in response.content.decode()


def test_print_stylesheet_fits_a4_landscape():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/planning.css")).read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4 landscape" in css


@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_budget_queries_do_not_grow_with_rows(client, editor, writer, fmt):
    day = timezone.localdate()
    section = factories.SectionFactory()
    client.force_login(editor)
    url = reverse("desk:planning-budget")
    params = {"date": day.isoformat(), "format": fmt}

    def count() -> int:
        client.get(url, params)  # warm caches (session, permissions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    make_day(day, 2, section, writer)
    few = count()
    make_day(day, 18, section, writer)
    assert Assignment.objects.count() == 20
    assert count() == few


def test_planning_pages_speak_german(client, writer, editor):
    from articles.models import DeskProfile

    DeskProfile.objects.update_or_create(user=writer, defaults={"language": "de"})
    factories.AssignmentFactory(
        headline="Hafenmauer", deadline=timezone.now() + datetime.timedelta(hours=1), assignees=[writer]
    )
    client.force_login(writer)
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert "Meine Aufträge" in page and ">fällig<" in page and "Mit dem Schreiben beginnen" in page
    page = client.get(reverse("desk:planning-budget")).content.decode()
    assert "Themenplan" in page and "Geplante Wörter" in page and "Planung" in page
    assert "Planned words" not in page


def test_dashboard_marks_only_open_work_and_keeps_started_pieces_marked(client, editor, writer):
    """Due/overdue follow the assignment's state: a started draft still counts, a filed piece no longer does."""
    from articles import workflow

    now = timezone.now()
    later = factories.AssignmentFactory(
        headline="Later today", deadline=now + datetime.timedelta(hours=5), assignees=[writer]
    )
    started = factories.AssignmentFactory(
        headline="Started late", deadline=now - datetime.timedelta(hours=2), assignees=[writer]
    )
    draft = planning.start_writing(started, by=writer)
    filed = factories.AssignmentFactory(
        headline="Filed late", deadline=now - datetime.timedelta(hours=3), assignees=[writer]
    )
    piece = planning.start_writing(filed, by=writer)
    Article.objects.filter(pk=piece.pk).update(teaser="A teaser.", body="Filed text.", dateline="Bonn")
    workflow.submit(Article.objects.get(pk=piece.pk), by=writer)
    client.force_login(writer)
    page = client.get(reverse("desk:dashboard")).content.decode()
    mine = page[page.index("My assignments") : page.index("My drafts")]
    assert "Filed late" not in mine
    later_item = mine[mine.index(f'data-assignment="{later.pk}"') :].split("</li>", 1)[0]
    started_item = mine[mine.index(f'data-assignment="{started.pk}"') :].split("</li>", 1)[0]
    assert "assignment-mark" not in later_item
    assert ">overdue<" in started_item and reverse("desk:article-edit", args=[draft.pk]) in started_item


def test_a_long_budget_is_paged_and_printable_whole(client, editor, writer, monkeypatch):
    from articles.desk import planning as planning_views

    monkeypatch.setattr(planning_views, "BUDGET_ROWS_PER_PAGE", 3)
    day = timezone.localdate()
    section = factories.SectionFactory()
    client.force_login(editor)
    url = reverse("desk:planning-budget")

    def budget(**params) -> tuple[str, int]:
        client.get(url, {"date": day.isoformat(), **params})  # warm caches (session, permissions)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, {"date": day.isoformat(), **params}).content.decode()
        return page, len(queries)

    make_day(day, 5, section, writer)
    first, few = budget()
    assert first.count("data-budget-row") == 3 and "Rows 1\u20133 of 5." in first
    assert "all=1" in first and 'rel="next"' in first
    second, _ = budget(page=2)
    # The second page goes on counting the day's places, and its first row may still move up.
    assert second.count("data-budget-row") == 2 and "data-place>4<" in second and 'data-first-place="4"' in second
    assert 'value="up" disabled' not in second
    whole, _ = budget(all=1)
    assert whole.count("data-budget-row") == 5 and 'rel="next"' not in whole
    make_day(day, 10, section, writer)
    first, many = budget()
    assert first.count("data-budget-row") == 3 and "Rows 1\u20133 of 15." in first
    assert many == few
