"""Planning services: create, change and drop assignments, and start the draft an assignment plans.

Editors plan; the writers an assignment names (or an editor) start writing it. Each function is
keyword-only and atomic, checks who may act, and raises a `WorkflowError` with a message for the user.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from articles.i18n.languages import site_language
from articles.models import Article, Assignment, Author
from articles.models.planning import BUDGET_ORDER
from articles.workflow.errors import NotPermitted, WrongState
from articles.workflow.permissions import is_active_user, is_editor
from articles.workflow.saving import Submission, create_draft

# The fields an editor sets on an assignment (assignees are set beside them).
PLANNED_FIELDS = (
    "headline",
    "section",
    "desk",
    "planned_words",
    "deadline",
    "publish_planned_at",
    "picture_request",
    "picture_by",
    "notes",
    "template",
)


def _check_editor(user) -> None:
    if not is_editor(user):
        raise NotPermitted(_("Only editors plan assignments."))


def _check_not_dropped(assignment: Assignment) -> None:
    if assignment.dropped_at is not None:
        raise WrongState(_("This assignment was dropped."))


def _default_desk(assignment: Assignment) -> None:
    """An assignment without a desk of its own belongs to its section's desk."""
    if assignment.desk_id is None and assignment.section is not None:
        assignment.desk = assignment.section.desk


@transaction.atomic
def create_assignment(*, by, fields: dict[str, Any], assignees) -> Assignment:
    """A new assignment with its writers; editors only."""
    _check_editor(by)
    assignment = Assignment(created_by=by, **{name: fields.get(name) for name in PLANNED_FIELDS})
    assignment.picture_request = assignment.picture_request or ""
    assignment.notes = assignment.notes or ""
    _default_desk(assignment)
    assignment.save()
    assignment.assignees.set(assignees)
    return assignment


@transaction.atomic
def update_assignment(assignment: Assignment, *, by, fields: dict[str, Any], assignees) -> Assignment:
    """Change the plan; editors only, and not once it was dropped."""
    _check_editor(by)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _check_not_dropped(assignment)
    for name in PLANNED_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(assignment, name, "" if value is None and name in ("picture_request", "notes") else value)
    _default_desk(assignment)
    assignment.save()
    assignment.assignees.set(assignees)
    return assignment


@transaction.atomic
def drop_assignment(assignment: Assignment, *, by, at: datetime.datetime | None = None) -> Assignment:
    """Drop the plan (the draft, if one was started, stays as it is); editors only."""
    _check_editor(by)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _check_not_dropped(assignment)
    if assignment.article_id is not None and assignment.article.status != "draft":
        raise WrongState(_("The piece was already filed: it follows the workflow now, not the plan."))
    assignment.dropped_at = at or timezone.now()
    assignment.save(update_fields=["dropped_at", "updated_at"])
    return assignment


@transaction.atomic
def link_piece(assignment: Assignment, *, article: Article, by) -> Assignment:
    """Link a piece already under way to the assignment that plans it; editors only."""
    _check_editor(by)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _check_not_dropped(assignment)
    if assignment.article_id is not None or Assignment.objects.filter(article=article).exists():
        raise WrongState(_("This assignment or this piece is already linked."))
    assignment.article = article
    assignment.save(update_fields=["article", "updated_at"])
    return assignment


@transaction.atomic
def reorder_budget(*, by, day: datetime.date, order: list[int]) -> list[Assignment]:
    """Put the day's assignments named in `order` in that order; the others keep their places. Editors only.

    `order` may be a part of the day (the budget filtered by desk, section or person): the named pieces
    swap among the places they hold, so a filtered reorder never moves a piece the editor did not see.
    Every changed place is recorded in the assignments' history.
    """
    _check_editor(by)
    day_plan = list(Assignment.objects.for_day(day).select_for_update().order_by(*BUDGET_ORDER))
    by_pk = {assignment.pk: assignment for assignment in day_plan}
    wanted = list(dict.fromkeys(pk for pk in order if pk in by_pk))
    if len(wanted) != len(set(order)):
        raise WrongState(_("The budget changed meanwhile: reload it and try again."))
    named = set(wanted)
    slots = [index for index, assignment in enumerate(day_plan) if assignment.pk in named]
    for slot, pk in zip(slots, wanted, strict=True):
        day_plan[slot] = by_pk[pk]
    changed = []
    for position, assignment in enumerate(day_plan, start=1):
        if assignment.budget_position != position:
            assignment.budget_position = position
            changed.append(assignment)
    if changed:
        bulk_update_with_history(changed, Assignment, ["budget_position"], default_user=by)
    return day_plan


def move_in_budget(assignment: Assignment, *, by, among: list[int], up: bool) -> list[Assignment]:
    """One place up or down among the pieces the editor sees (`among`, in the order shown)."""
    if assignment.pk not in among:
        raise WrongState(_("The budget changed meanwhile: reload it and try again."))
    order = list(among)
    index = order.index(assignment.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(order):
        raise WrongState(_("This piece is already first.") if up else _("This piece is already last."))
    order[index], order[other] = order[other], order[index]
    day = timezone.localdate(assignment.deadline)
    return reorder_budget(by=by, day=day, order=order)


def may_start(user, assignment: Assignment) -> bool:
    """An assigned writer or an editor, with the right to write pieces."""
    if not is_active_user(user) or not user.has_perm("articles.add_article"):
        return False
    return is_editor(user) or assignment.assignees.filter(pk=user.pk).exists()


def start_writing(assignment: Assignment, *, by) -> Article:
    """The draft this assignment plans: its section, headline and writers as bylines, linked both ways."""
    if not may_start(by, assignment):
        raise NotPermitted(_("Only the writers of this assignment or an editor may start it."))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        _check_not_dropped(assignment)
        if assignment.article_id is not None:
            raise WrongState(_("A draft was already started from this assignment."))
        authors = list(Author.objects.filter(user__in=assignment.assignees.all()).order_by("name"))
        # The kind of piece it is: the template's prefilled text and body skeleton.
        template = assignment.template
        values = {
            "kicker": template.kicker if template else "",
            "headline": assignment.headline,
            "teaser": template.teaser if template else "",
            "dateline": template.dateline if template else "",
            "date": None,
            "body": template.body if template else "",
            "section": assignment.section or (template.section if template else None),
            "slug": "",
            "expire_at": None,
            "embargoed_until": None,
            "language": site_language(),
        }
        result = create_draft(Submission(values=values, authors=authors, pictures=[]), by=by, template=template)
        assignment.article = result.article
        assignment.save(update_fields=["article", "updated_at"])
    return result.article
