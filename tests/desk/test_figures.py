"""The figures page: charts with tables, filters, CSV per chart, refusals, constant queries, German."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.desk import figures_kept
from articles.desk.charts import Chart, draw, nice_ceiling
from articles.desk.figures import FiguresFilter
from articles.models import Article, DeskProfile, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/desk/figures/"


def make_pieces(count: int, section, *, day: datetime.date) -> None:
    """`count` pieces submitted at 9:00 and published an hour (and a minute per piece) later."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    events = []
    for number in range(count):
        article = factories.ArticleFactory(section=section)
        Article.objects.filter(pk=article.pk).update(created_at=start - datetime.timedelta(hours=1))
        events += [
            WorkflowEvent(
                article=article, transition="submit", from_state="draft", to_state="in_review", created_at=start
            ),
            WorkflowEvent(
                article=article,
                transition="publish",
                from_state="in_review",
                to_state="published",
                created_at=start + datetime.timedelta(hours=1, minutes=number),
            ),
        ]
        factories.AssignmentFactory(section=section, article=article, deadline=start + datetime.timedelta(hours=1))
    WorkflowEvent.objects.bulk_create(events)


def test_editor_sees_every_chart_with_its_table(client, editor):
    section = factories.SectionFactory(name="Politics", slug="politics")
    make_pieces(3, section, day=timezone.localdate())
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for title in (
        "Pieces published per day",
        "From submission to approval",
        "Time in each stage",
        "On time against the deadline",
        "Corrections per 100 pieces",
    ):
        assert title in page
    assert page.count('role="img"') == 5 and page.count("<table") == 5
    assert page.count("<title") >= 5 and "<desc" in page
    assert "In all: 3." in page
    assert '<option value="30" selected>last 30 days</option>' in page
    assert "3 assignments: 3 on time, 0 late, 0 not filed." in page


def test_filters_by_section_desk_and_period(client, editor):
    desk = factories.DeskFactory(slug="sport", name="Sport desk")
    sport = factories.SectionFactory(slug="sport", desk=desk)
    politics = factories.SectionFactory(slug="politics")
    today = timezone.localdate()
    make_pieces(2, sport, day=today)
    make_pieces(1, politics, day=today - datetime.timedelta(days=10))
    client.force_login(editor)
    assert "In all: 2." in client.get(URL, {"desk": "sport"}).content.decode()
    assert "In all: 1." in client.get(URL, {"section": "politics"}).content.decode()
    assert "In all: 2." in client.get(URL, {"period": "7"}).content.decode()
    start = (today - datetime.timedelta(days=12)).isoformat()
    end = (today - datetime.timedelta(days=8)).isoformat()
    assert "In all: 1." in client.get(URL, {"period": "custom", "start": start, "end": end}).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"start": "not a date", "end": "2026-01-01"},
        {"start": "2026-02-01", "end": "2026-01-01"},
        {"start": "2026-01-01"},
    ],
)
def test_a_bad_period_is_said_and_the_default_shown(client, editor, params):
    client.force_login(editor)
    response = client.get(URL, params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The figures below are for the last 30 days" in page and 'role="img"' in page
    assert client.get(URL, {**params, "format": "csv", "chart": "published"}).status_code == 400


def test_each_chart_downloads_as_csv_with_formulas_defused(client, editor):
    section = factories.SectionFactory(name="=HYPERLINK(1)", slug="evil")
    make_pieces(2, section, day=timezone.localdate())
    client.force_login(editor)
    for key in ("published", "review", "stages", "deadlines", "corrections"):
        response = client.get(URL, {"format": "csv", "chart": key, "period": "7"})
        assert response.status_code == 200, key
        assert response["Content-Type"].startswith("text/csv")
        assert f"figures-{key}-" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(rows) > 1
    rows = list(csv.reader(io.StringIO(client.get(URL, {"format": "csv", "chart": "published"}).content.decode())))
    assert rows[0] == ["Day", "Pieces"] and rows[-1] == [timezone.localdate().isoformat(), "2"]
    rows = list(csv.reader(io.StringIO(client.get(URL, {"format": "csv", "chart": "corrections"}).content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert client.get(URL, {"format": "csv", "chart": "nope"}).status_code == 404


def test_writer_is_refused_with_a_reason(client, writer):
    client.force_login(writer)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Your own pieces and deadlines are on your dashboard" in response.content.decode()
    assert "Figures" not in client.get(reverse("desk:dashboard")).content.decode().split("</nav>")[0]


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_queries_do_not_grow_with_events(client, editor, fmt):
    section = factories.SectionFactory()
    client.force_login(editor)
    params = {"format": fmt, "chart": "review"} if fmt == "csv" else {}

    def count() -> int:
        client.get(URL, params)  # warm caches (session, permissions)
        cache.delete(figures_kept.key(FiguresFilter().scope()))  # count the figures, not serve kept ones
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    make_pieces(2, section, day=timezone.localdate())
    few = count()
    make_pieces(20, section, day=timezone.localdate() - datetime.timedelta(days=1))
    assert WorkflowEvent.objects.count() == 44
    assert count() == few


def test_the_figures_speak_german(client, editor):
    DeskProfile.objects.update_or_create(user=editor, defaults={"language": "de"})
    make_pieces(2, factories.SectionFactory(), day=timezone.localdate())
    client.force_login(editor)
    page = client.get(URL).content.decode()
    assert "Veröffentlichte Beiträge pro Tag" in page and "Korrekturen je 100 Beiträge" in page
    assert "Pieces published per day" not in page
    assert '<option value="30" selected>letzte 30 Tage</option>' in page  # the period shown is the one counted
    rows = list(csv.reader(io.StringIO(client.get(URL, {"format": "csv", "chart": "published"}).content.decode())))
    assert rows[0] == ["Tag", "Beiträge"]


def test_nice_axis_and_bars_follow_the_values():
    assert [nice_ceiling(v) for v in (0, 0.3, 7, 10, 11, 240)] == [1, 0.5, 10, 10, 20, 250]
    chart = Chart("k", "t", "d", "c", ["a", "b"], [("x", [5, None]), ("y", [10, 2.5])], axis_top=1)
    drawing = draw(chart)
    heights = [bar["height"] for bar in drawing["bars"]]
    assert len(heights) == 3 and heights[1] == 2 * heights[0] == 4 * heights[2]
    assert drawing["grid"][-1]["text"] == "10"
