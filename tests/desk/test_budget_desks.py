"""The story budget by desk, section and writer; reordering it through its POST; photographers on picture requests."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Assignment, DeskProfile
from tests import factories

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def day():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def plans(day, writer, other_writer):
    sport = factories.DeskFactory(name="Sport", slug="sport")
    news = factories.DeskFactory(name="News", slug="news")
    football = factories.SectionFactory(name="Football", slug="football", desk=sport)
    politics = factories.SectionFactory(name="Politics", slug="politics", desk=news)
    made = {"sport": sport, "news": news}
    for hour, name, section, who in (
        (9, "Cup draw", football, writer),
        (10, "Vote preview", politics, other_writer),
        (11, "Match report", football, other_writer),
        (12, "Budget speech", politics, writer),
    ):
        made[name] = factories.AssignmentFactory(
            headline=name, section=section, deadline=at(day, hour), assignees=[who]
        )
    return made


def budget(client, day, **params) -> str:
    return client.get(reverse("desk:planning-budget"), {"date": day.isoformat(), **params}).content.decode()


def order_on(page: str, names) -> list[str]:
    """The names in the order the budget's table shows them (messages above it may name them too)."""
    table = page[page.index("<tbody>") :]
    return sorted(names, key=table.index)


NAMES = ("Cup draw", "Vote preview", "Match report", "Budget speech")


def test_budget_filters_by_desk_section_and_writer(client, editor, writer, day, plans):
    client.force_login(editor)
    page = budget(client, day, desk="sport")
    assert "Cup draw" in page and "Match report" in page and "Vote preview" not in page
    page = budget(client, day, desk="all", section="politics")
    assert "Vote preview" in page and "Budget speech" in page and "Cup draw" not in page
    page = budget(client, day, desk="all", person=str(writer.pk))
    assert "Cup draw" in page and "Budget speech" in page and "Match report" not in page
    # The next day, the CSV and the board keep the filters.
    page = budget(client, day, desk="sport", person=str(writer.pk))
    following = (day + datetime.timedelta(days=1)).isoformat()
    assert f"?desk=sport&amp;person={writer.pk}&amp;date={following}" in page
    assert f"desk=sport&amp;person={writer.pk}&amp;date={day.isoformat()}&amp;format=csv" in page
    assert f"/desk/board/?desk=sport&amp;person={writer.pk}" in page


def test_a_desk_member_opens_their_desks_budget(client, editor, day, plans):
    plans["news"].members.add(editor)
    client.force_login(editor)
    page = budget(client, day)
    assert "Vote preview" in page and "Cup draw" not in page
    assert "All desks" in page
    assert "Cup draw" in budget(client, day, desk="all")


def test_editor_reorders_with_the_buttons_and_the_order_survives_reload_print_and_csv(client, editor, day, plans):
    client.force_login(editor)
    url = reverse("desk:planning-reorder") + "?desk=all"
    response = client.post(
        url, {"date": day.isoformat(), "move": plans["Budget speech"].pk, "direction": "up"}, follow=True
    )
    assert "Moved up" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("desk:planning-budget") + "?desk=all")
    client.post(url, {"date": day.isoformat(), "move": plans["Budget speech"].pk, "direction": "up"})
    page = budget(client, day, desk="all")
    assert order_on(page, NAMES) == ["Cup draw", "Budget speech", "Vote preview", "Match report"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("desk:planning-budget"), {"date": day.isoformat(), "desk": "all", "format": "csv"}
                ).content.decode()
            )
        )
    )
    assert [row[:2] for row in rows[1:]] == [
        ["1", "Cup draw"],
        ["2", "Budget speech"],
        ["3", "Vote preview"],
        ["4", "Match report"],
    ]


def test_a_filtered_reorder_only_swaps_what_was_shown(client, editor, day, plans):
    client.force_login(editor)
    url = reverse("desk:planning-reorder") + "?desk=sport"
    order = f"{plans['Match report'].pk},{plans['Cup draw'].pk}"
    response = client.post(url, {"date": day.isoformat(), "order": order}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["ok"]
    page = budget(client, day, desk="all")
    assert order_on(page, NAMES) == ["Match report", "Vote preview", "Cup draw", "Budget speech"]


def test_a_refused_reorder_says_why_in_both_languages(client, editor, day, plans):
    client.force_login(editor)
    url = reverse("desk:planning-reorder")
    response = client.post(
        url,
        {"date": day.isoformat(), "move": plans["Cup draw"].pk, "direction": "up", "desk": "all"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 409 and "already first" in response.json()["message"]
    DeskProfile.objects.update_or_create(user=editor, defaults={"language": "de"})
    response = client.post(url, {"date": "nonsense", "order": "1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and "Reihenfolge wurde nicht geändert" in response.json()["message"]
    assert not Assignment.objects.filter(budget_position__isnull=False).exists()


def test_writers_do_not_reorder(client, writer, day, plans):
    client.force_login(writer)
    response = client.post(
        reverse("desk:planning-reorder"), {"date": day.isoformat(), "order": f"{plans['Budget speech'].pk}"}
    )
    assert response.status_code == 403
    assert "Move up" not in budget(client, day)


def test_picture_request_names_a_photographer_and_the_budget_shows_who(client, editor, day):
    ann = factories.UserFactory(first_name="Ann", last_name="Lens")
    ann.groups.add(Group.objects.get(name="Photographer"))
    not_a_photographer = factories.UserFactory(first_name="Bob", last_name="Desk")
    client.force_login(editor)
    form = {"headline": "Harbour wall", "deadline": f"{day.isoformat()}T15:00", "picture_request": "Wall at low tide"}
    response = client.post(reverse("desk:assignment-create"), {**form, "picture_by": not_a_photographer.pk})
    assert response.status_code == 400 and "Harbour wall" in response.content.decode()
    response = client.post(reverse("desk:assignment-create"), {**form, "picture_by": ann.pk})
    assert response.status_code == 302
    assert Assignment.objects.get().picture_by == ann
    page = budget(client, day, desk="all")
    assert "requested from Ann Lens" in page and "Wall at low tide" in page


def test_a_member_of_several_desks_starts_with_all_of_them(client, editor, day, plans):
    plans["news"].members.add(editor)
    plans["sport"].members.add(editor)
    client.force_login(editor)
    page = budget(client, day)
    assert "Vote preview" in page and "Cup draw" in page
