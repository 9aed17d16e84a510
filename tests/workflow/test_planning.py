"""Planning services: who may plan, start and drop assignments, and how an assignment's state follows its piece."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Assignment, AssignmentState
from articles.workflow import planning
from tests import factories

pytestmark = pytest.mark.django_db


def plan(editor, **overrides):
    fields = {
        "headline": "Council votes on harbour",
        "section": factories.SectionFactory(),
        "planned_words": 300,
        "deadline": timezone.now() + datetime.timedelta(hours=5),
        "publish_planned_at": None,
        "picture_request": "Harbour wall at low tide (photographer Ann)",
        "notes": "",
    } | overrides.pop("fields", {})
    return planning.create_assignment(by=editor, fields=fields, assignees=overrides.pop("assignees", []))


def test_editor_plans_writer_may_not(editor, writer):
    assignment = plan(editor, assignees=[writer])
    assert assignment.state == AssignmentState.ASSIGNED
    assert plan(editor).state == AssignmentState.PLANNED
    with pytest.raises(workflow.NotPermitted):
        plan(writer)
    with pytest.raises(workflow.NotPermitted):
        planning.drop_assignment(assignment, by=writer)
    assert Assignment.objects.count() == 2


def test_start_writing_makes_a_linked_draft_with_bylines(editor, writer, other_writer):
    assignment = plan(editor, assignees=[writer, other_writer])
    article = planning.start_writing(assignment, by=writer)
    assignment.refresh_from_db()
    assert assignment.article == article and article.assignment == assignment
    assert article.headline == "Council votes on harbour"
    assert article.section == assignment.section
    assert article.status == "draft" and article.created_by == writer
    assert set(article.authors.all()) == {writer.author, other_writer.author}
    assert assignment.state == AssignmentState.IN_PROGRESS
    # A second start makes no second draft.
    with pytest.raises(workflow.WrongState):
        planning.start_writing(assignment, by=writer)
    assert Article.objects.count() == 1


def test_someone_not_assigned_may_not_start(editor, writer, other_writer):
    assignment = plan(editor, assignees=[writer])
    with pytest.raises(workflow.NotPermitted):
        planning.start_writing(assignment, by=other_writer)
    assert not Article.objects.exists()
    # An editor may start it for the writer: the writer is still the byline.
    article = planning.start_writing(assignment, by=editor)
    assert list(article.authors.all()) == [writer.author]


def test_state_follows_the_piece(editor, writer):
    assignment = plan(editor, assignees=[writer])
    article = planning.start_writing(assignment, by=writer)
    Article.objects.filter(pk=article.pk).update(body="Enough words for the piece.", teaser="Teaser.")
    article = Article.objects.get(pk=article.pk)
    workflow.submit(article, by=writer)
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.FILED
    workflow.publish(Article.objects.get(pk=article.pk), by=editor)
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.DONE


def test_dropped_assignment_cannot_be_started_or_changed(editor, writer):
    assignment = plan(editor, assignees=[writer])
    planning.drop_assignment(assignment, by=editor)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DROPPED
    with pytest.raises(workflow.WrongState):
        planning.start_writing(assignment, by=writer)
    with pytest.raises(workflow.WrongState):
        planning.update_assignment(assignment, by=editor, fields={"headline": "New"}, assignees=[])
    assert not Article.objects.exists()


def test_changes_are_audited_with_assignees(editor, writer):
    assignment = plan(editor)
    planning.update_assignment(assignment, by=editor, fields={"planned_words": 500}, assignees=[writer])
    history = list(assignment.history.order_by("history_date", "history_id"))
    assert history[0].planned_words == 300 and history[-1].planned_words == 500
    assert [row.user for row in history[-1].assignees.all()] == [writer]
    assert not history[0].assignees.exists()


def test_due_and_overdue(editor, writer):
    now = timezone.now()
    due = plan(editor, assignees=[writer], fields={"deadline": now + datetime.timedelta(minutes=90)})
    overdue = plan(editor, assignees=[writer], fields={"deadline": now - datetime.timedelta(minutes=1)})
    later = plan(editor, assignees=[writer], fields={"deadline": now + datetime.timedelta(hours=3)})
    assert due.is_due(now) and not due.is_overdue(now)
    assert overdue.is_overdue(now) and not overdue.is_due(now)
    assert not later.is_due(now) and not later.is_overdue(now)


def test_link_piece_only_once_and_by_editors(editor, writer):
    assignment = plan(editor, assignees=[writer])
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    with pytest.raises(workflow.NotPermitted):
        planning.link_piece(assignment, article=article, by=writer)
    planning.link_piece(assignment, article=article, by=editor)
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.IN_PROGRESS
    with pytest.raises(workflow.WrongState):
        planning.link_piece(plan(editor), article=article, by=editor)


def test_an_assignment_belongs_to_its_sections_desk_unless_given_one(editor):
    sport = factories.DeskFactory(name="Sport desk", slug="sport-desk")
    news = factories.DeskFactory(name="News desk", slug="news-desk")
    section = factories.SectionFactory(desk=sport)
    assert plan(editor, fields={"section": section}).desk == sport
    assert plan(editor, fields={"section": section, "desk": news}).desk == news
    assert plan(editor, fields={"section": factories.SectionFactory()}).desk is None
    moved = plan(editor, fields={"section": factories.SectionFactory()})
    planning.update_assignment(moved, by=editor, fields={"section": section}, assignees=[])
    moved.refresh_from_db()
    assert moved.desk == sport
