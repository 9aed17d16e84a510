"""Planning: assignments — pieces the desk plans before a draft exists, with deadline and assignees.

An assignment stores only what the planning adds (working headline, planned length, deadline,
picture request, who writes it). Once a draft is started from it, its state is read from the linked
piece's workflow state, so the two never disagree (`Assignment.state`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models.article import Article
from articles.models.newsroom import Desk, Section
from articles.models.states import State

# An assignment whose deadline is this close (and not yet filed) is marked "due".
DUE_WITHIN = datetime.timedelta(hours=2)
# A piece longer than planned by more than this share is "over length".
OVER_LENGTH_TOLERANCE = 0.10


class AssignmentState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    FILED = "filed", _("Filed")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# The piece's workflow state → the assignment's state.
STATE_OF_PIECE = {
    State.DRAFT: AssignmentState.IN_PROGRESS,
    State.IN_REVIEW: AssignmentState.FILED,
    State.SCHEDULED: AssignmentState.FILED,
    State.PUBLISHED: AssignmentState.DONE,
    State.UNPUBLISHED: AssignmentState.DONE,
    State.SPIKED: AssignmentState.DROPPED,
}
# The budget's order: the editors' order where they set one, then the rest by deadline.
BUDGET_ORDER = (models.F("budget_position").asc(nulls_last=True), "deadline", "pk")
OPEN_STATES = {AssignmentState.PLANNED, AssignmentState.ASSIGNED, AssignmentState.IN_PROGRESS}


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssignmentQuerySet:
        """Editors see every assignment; writers the ones they are assigned to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("articles.review_article"):
            return self.all()
        return self.filter(assignees=user)

    def for_day(self, day: datetime.date) -> AssignmentQuerySet:
        """Assignments whose deadline falls on `day` in the newsroom's time zone."""
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return self.filter(deadline__gte=start, deadline__lt=start + datetime.timedelta(days=1))

    def with_budget_data(self) -> AssignmentQuerySet:
        """Everything the budget and dashboard show, in a fixed number of queries."""
        return self.select_related("section", "article", "picture_by").prefetch_related(
            "assignees", models.Prefetch("article__placements")
        )


class Assignment(models.Model):
    headline = models.CharField(
        _("working headline"), max_length=250, help_text=_("What the piece is about; the writer may change it.")
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("desk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("Left empty, the section's desk."),
    )
    planned_words = models.PositiveIntegerField(_("planned length (words)"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), db_index=True, help_text=_("When the piece must be filed."))
    publish_planned_at = models.DateTimeField(_("planned publication"), null=True, blank=True)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("writers"), related_name="assignments", blank=True
    )
    picture_request = models.TextField(
        _("picture request"),
        blank=True,
        help_text=_("What picture is needed; name the agency here when no photographer of ours takes it."),
    )
    picture_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("photographer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="picture_assignments",
        limit_choices_to={"groups__name": "Photographer"},
        help_text=_("The photographer asked for the picture; leave empty for an agency picture."),
    )
    budget_position = models.PositiveIntegerField(
        _("place in the budget"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when an editor reorders the day's budget; unordered pieces follow by deadline."),
    )
    notes = models.TextField(_("notes"), blank=True)
    article = models.OneToOneField(
        Article,
        verbose_name=_("piece"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignment",
    )
    dropped_at = models.DateTimeField(_("dropped"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[assignees])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            # The budget and the board filtered by desk: one day of one desk.
            models.Index(fields=["desk", "deadline"], name="assignment_desk_deadline"),
            # The board's "planned" column: open plans without a piece yet, nearest deadline first.
            models.Index(
                fields=["deadline"],
                name="assignment_open_deadline",
                condition=models.Q(article__isnull=True, dropped_at__isnull=True),
            ),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return self.headline

    @property
    def state(self) -> str:
        """Read from the linked piece where there is one; uses prefetched assignees when present."""
        if self.dropped_at is not None:
            return AssignmentState.DROPPED
        if self.article_id is not None and self.article is not None:
            return STATE_OF_PIECE.get(self.article.status, AssignmentState.IN_PROGRESS)
        return AssignmentState.ASSIGNED if len(self.assignees.all()) else AssignmentState.PLANNED

    @property
    def state_label(self) -> str:
        return AssignmentState(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.is_open and self.deadline < (now or timezone.now())

    def is_due(self, now: datetime.datetime | None = None) -> bool:
        """Open and the deadline within the next two hours (not yet passed)."""
        now = now or timezone.now()
        return self.is_open and now <= self.deadline <= now + DUE_WITHIN

    @property
    def actual_words(self) -> int | None:
        return len(self.article.body.split()) if self.article_id and self.article is not None else None

    @property
    def is_over_length(self) -> bool:
        actual = self.actual_words
        if not self.planned_words or actual is None:
            return False
        return actual > self.planned_words * (1 + OVER_LENGTH_TOLERANCE)

    @property
    def picture_status(self) -> str:
        """None requested, in place, or requested — from the photographer named, else from an agency."""
        if not self.picture_request and self.picture_by_id is None:
            return str(_("none requested"))
        if self.article_id and self.article is not None and len(self.article.placements.all()):
            return str(_("in place"))
        if self.picture_by is not None:
            name = self.picture_by.get_full_name() or self.picture_by.username
            return str(_("requested from %(name)s")) % {"name": name}
        return str(_("requested (agency)"))
