"""The desk's planning pages: the story budget of a day, and creating, changing, dropping and starting assignments.

Thin views: the services live in articles.workflow.planning, the reads in articles.desk.planning_selectors.
"""

from __future__ import annotations

import csv
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from articles import workflow
from articles.desk import piece_templates
from articles.desk.planning_filters import filter_context, planning_filters
from articles.desk.planning_selectors import BudgetRows, budget_rows
from articles.desk.view_helpers import csv_safe, parse_day
from articles.desk.widgets import DateTimeLocalInput
from articles.models import Assignment
from articles.models.planning import BUDGET_ORDER
from articles.workflow import planning

BUDGET_ROWS_PER_PAGE = 100


class WriterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class AssignmentForm(forms.ModelForm):
    deadline = forms.DateTimeField(label=gettext_lazy("Deadline"), widget=DateTimeLocalInput)
    publish_planned_at = forms.DateTimeField(
        label=gettext_lazy("Planned publication"), widget=DateTimeLocalInput, required=False
    )
    assignees = WriterChoiceField(
        label=gettext_lazy("Writers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=gettext_lazy("Everyone who writes the piece: they become its bylines when writing starts."),
    )

    class Meta:
        model = Assignment
        fields = [
            "headline",
            "section",
            "desk",
            "planned_words",
            "deadline",
            "publish_planned_at",
            "assignees",
            "picture_request",
            "picture_by",
            "notes",
            "template",
        ]
        widgets = {"picture_request": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Whoever may write pieces: the Writer and Editor groups (through their permission).
        writers = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(groups__permissions__codename="add_article", groups__permissions__content_type__app_label="articles")
                | Q(is_superuser=True)
            )
            .distinct()
            .order_by("first_name", "username")
        )
        self.fields["assignees"].queryset = writers

    def clean(self):
        cleaned = super().clean()
        deadline, planned = cleaned.get("deadline"), cleaned.get("publish_planned_at")
        if deadline and planned and planned < deadline:
            self.add_error("publish_planned_at", _("The planned publication comes before the deadline."))
        return cleaned


def _require_editor(user) -> None:
    if not workflow.is_editor(user):
        raise PermissionDenied(_("Only editors plan assignments."))


@login_required
def budget(request: HttpRequest) -> HttpResponse:
    """The story budget of one day: planned and running pieces, planned against actual words, in the editors' order."""
    day = parse_day(request.GET.get("date"))
    status = 200
    if day is None:
        messages.error(
            request,
            _("There is no budget for “%(date)s”: give a date such as %(today)s.")
            % {"date": request.GET.get("date", "")[:40], "today": timezone.localdate().isoformat()},
        )
        day, status = timezone.localdate(), 400
    filters = planning_filters(request)
    if request.GET.get("format") == "csv" and status == 200:
        return _budget_csv(budget_rows(request.user, day, filters=filters), day)
    # A hundred rows a page keeps "all desks" on a busy day quick; `?all=1` is the whole day, for printing.
    show_all = request.GET.get("all") == "1"
    if show_all:
        rows = budget_rows(request.user, day, filters=filters)
        page, first_place, last_page = None, 1, True
    else:
        page = Paginator(BudgetRows(request.user, day, filters=filters), BUDGET_ROWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        rows, first_place, last_page = page.object_list, page.start_index() or 1, not page.has_next()
    previous, following = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    context = {
        "day": day,
        "rows": rows,
        "page": page,
        "show_all": show_all,
        "first_place": first_place,
        "last_page": last_page,
        "previous_query": filters.query(date=previous.isoformat()),
        "next_query": filters.query(date=following.isoformat()),
        "board_query": filters.query(),
        "today": timezone.localdate(),
        "is_editor": workflow.is_editor(request.user),
        **filter_context(filters, date=day.isoformat()),
    }
    return render(request, "desk/planning/budget.html", context, status=status)


@login_required
@require_POST
def budget_reorder(request: HttpRequest) -> HttpResponse:
    """Reorder the day's budget: one piece up or down (buttons), or the whole order shown (drag, Alt+arrows).

    The filters of the page ride in the form's address: the pieces reordered are the ones the editor saw.
    """
    _require_editor(request.user)
    wants_json = "application/json" in request.headers.get("Accept", "")
    filters = planning_filters(request, data=request.GET)
    day = parse_day(request.POST.get("date") or "-")
    try:
        if day is None:
            raise workflow.WrongState(_("Give the day of the budget (YYYY-MM-DD)."))
        shown = list(
            filters.assignments(Assignment.objects.visible_to(request.user).for_day(day))
            .order_by(*BUDGET_ORDER)
            .values_list("pk", flat=True)
        )
        if "order" in request.POST:
            order = [int(pk) for pk in request.POST["order"].split(",") if pk.strip().isdigit()]
            planning.reorder_budget(by=request.user, day=day, order=order)
            text = _("The budget's order has been saved.")
        else:
            moved = get_object_or_404(Assignment.objects.for_day(day), pk=_pk(request.POST.get("move")))
            up = request.POST.get("direction") != "down"
            planning.move_in_budget(moved, by=request.user, among=shown, up=up)
            text = (_("Moved up: “%(headline)s”.") if up else _("Moved down: “%(headline)s”.")) % {
                "headline": moved.headline
            }
    except workflow.WorkflowError as error:
        text = _("The order was not changed. %(reason)s") % {"reason": error}
        if wants_json:
            return JsonResponse({"ok": False, "message": text}, status=409)
        messages.error(request, text)
    else:
        if wants_json:
            return JsonResponse({"ok": True, "message": text})
        messages.success(request, text)
    return redirect(f"{_budget_url()}?{filters.query(date=(day or timezone.localdate()).isoformat())}")


def _pk(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 12 else 0


def _budget_csv(rows, day: datetime.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{day.isoformat()}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Place"),
            _("Headline"),
            _("Section"),
            _("State"),
            _("Deadline"),
            _("Planned words"),
            _("Actual words"),
            _("Who"),
            _("Picture"),
            _("Late"),
            _("Over length"),
        ]
    )
    for place, row in enumerate(rows, start=1):
        deadline = timezone.localtime(row.deadline).strftime("%Y-%m-%d %H:%M") if row.deadline else ""
        writer.writerow(
            [
                place,
                csv_safe(row.headline),
                csv_safe(row.section.name if row.section else ""),
                row.state,
                deadline,
                "" if row.planned_words is None else row.planned_words,
                "" if row.actual_words is None else row.actual_words,
                csv_safe(", ".join(row.who)),
                row.picture,
                _("yes") if row.late else "",
                _("yes") if row.over_length else "",
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_editor(request.user)
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk) if pk else None
    template = piece_templates.template_for(request) if assignment is None and request.method == "GET" else None
    form = AssignmentForm(request.POST or None, instance=assignment, initial=_initial_from(template))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data.get(name) for name in planning.PLANNED_FIELDS}
            try:
                if assignment is None:
                    assignment = planning.create_assignment(
                        by=request.user, fields=fields, assignees=form.cleaned_data["assignees"]
                    )
                    messages.success(request, _("The assignment has been planned."))
                else:
                    planning.update_assignment(
                        assignment, by=request.user, fields=fields, assignees=form.cleaned_data["assignees"]
                    )
                    messages.success(request, _("The assignment has been saved."))
            except workflow.WorkflowError as error:
                messages.error(request, _("Nothing was saved. %(reason)s") % {"reason": error})
                status = 409
            else:
                day = timezone.localdate(assignment.deadline).isoformat()
                return redirect(f"{_budget_url()}?date={day}")
        else:
            messages.error(request, _("Please correct the errors below."))
            status = 400
    context = {
        "form": form,
        "assignment": assignment,
        "piece_template": template,
        "template_choices": piece_templates.template_choices(request.user) if assignment is None else [],
    }
    return render(request, "desk/planning/assignment_form.html", context, status=status)


def _initial_from(template) -> dict:
    """What a template plans: the kind of piece, its section (and so its desk) and its length."""
    if template is None:
        return {}
    return {
        "template": template.pk,
        "headline": template.headline or template.name,
        "section": template.section_id,
        "desk": template.section.desk_id if template.section else None,
        "planned_words": template.planned_words,
    }


def _budget_url() -> str:
    return reverse("desk:planning-budget")


@login_required
@require_POST
def assignment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request.user)
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    try:
        planning.drop_assignment(assignment, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The assignment has been dropped."))
    return redirect(f"{_budget_url()}?date={timezone.localdate(assignment.deadline).isoformat()}")


@login_required
@require_POST
def assignment_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the draft an assignment plans, then open it in the editor."""
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    if not planning.may_start(request.user, assignment):
        raise PermissionDenied(_("Only the writers of this assignment or an editor may start it."))
    try:
        article = planning.start_writing(assignment, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("desk:dashboard")
    messages.success(request, _("Your draft is ready. Happy writing."))
    return redirect("desk:article-edit", pk=article.pk)
