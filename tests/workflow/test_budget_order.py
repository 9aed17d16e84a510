"""Reordering the day's budget: editors only, a filtered part keeps the others' places, every change audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Assignment
from articles.models.planning import BUDGET_ORDER
from articles.workflow import planning
from tests import factories

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def day_order(day) -> list[str]:
    return list(Assignment.objects.for_day(day).order_by(*BUDGET_ORDER).values_list("headline", flat=True))


@pytest.fixture
def day():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def plans(day):
    return {
        name: factories.AssignmentFactory(headline=name, deadline=at(day, hour))
        for hour, name in ((9, "A"), (10, "B"), (11, "C"), (12, "D"))
    }


def test_unordered_day_runs_by_deadline_and_reorder_sticks(editor, day, plans):
    assert day_order(day) == ["A", "B", "C", "D"]
    planning.reorder_budget(by=editor, day=day, order=[plans[n].pk for n in "DBCA"])
    assert day_order(day) == ["D", "B", "C", "A"]
    # A piece planned later joins at the end, by deadline among the unordered.
    factories.AssignmentFactory(headline="E", deadline=at(day, 8))
    assert day_order(day) == ["D", "B", "C", "A", "E"]


def test_a_filtered_part_swaps_only_among_its_own_places(editor, day, plans):
    # The editor sees B and D only (say, their desk): putting D first puts it in B's place.
    planning.reorder_budget(by=editor, day=day, order=[plans["D"].pk, plans["B"].pk])
    assert day_order(day) == ["A", "D", "C", "B"]


def test_move_up_and_down_among_what_is_shown(editor, day, plans):
    shown = [plans[n].pk for n in "ABCD"]
    planning.move_in_budget(plans["C"], by=editor, among=shown, up=True)
    assert day_order(day) == ["A", "C", "B", "D"]
    shown = [plans[n].pk for n in "ACBD"]
    with pytest.raises(workflow.WrongState, match="already first"):
        planning.move_in_budget(plans["A"], by=editor, among=shown, up=True)
    planning.move_in_budget(plans["A"], by=editor, among=shown, up=False)
    assert day_order(day) == ["C", "A", "B", "D"]


def test_only_editors_reorder_and_only_that_days_pieces(writer, editor, day, plans):
    with pytest.raises(workflow.NotPermitted):
        planning.reorder_budget(by=writer, day=day, order=[plans["B"].pk, plans["A"].pk])
    other_day = factories.AssignmentFactory(headline="Z", deadline=at(day + datetime.timedelta(days=1), 9))
    with pytest.raises(workflow.WrongState, match="changed meanwhile"):
        planning.reorder_budget(by=editor, day=day, order=[other_day.pk, plans["A"].pk])
    assert day_order(day) == ["A", "B", "C", "D"]


def test_reordering_is_audited(editor, day, plans):
    planning.reorder_budget(by=editor, day=day, order=[plans[n].pk for n in "BA"])
    record = plans["B"].history.order_by("-history_id").first()
    assert record.budget_position == 1 and record.history_user == editor


def test_photographer_group_and_picture_status(editor, day):
    from django.contrib.auth.models import Group

    photographers = Group.objects.get(name="Photographer")
    assert photographers.permissions.filter(codename="change_image").exists()
    ann = factories.UserFactory(first_name="Ann", last_name="Lens")
    ann.groups.add(photographers)
    assignment = factories.AssignmentFactory(picture_request="Harbour wall", picture_by=ann, deadline=at(day, 9))
    assert assignment.picture_status == "requested from Ann Lens"
    agency = factories.AssignmentFactory(picture_request="dpa: harbour aerial", deadline=at(day, 9))
    assert agency.picture_status == "requested (agency)"
    assert factories.AssignmentFactory(deadline=at(day, 9)).picture_status == "none requested"
