"""The newsroom's figures page (`/desk/figures/`, editors): charts with their tables, and each as CSV.

The numbers come from articles.desk.figures_selectors, counted ahead and kept a few minutes
(articles.desk.figures_kept); this module turns them into charts (articles.desk.charts).
"""

from __future__ import annotations

import csv
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from articles import workflow
from articles.desk import figures_kept
from articles.desk import figures_selectors as figures
from articles.desk.charts import Chart
from articles.desk.figures_kept import DEFAULT_PERIOD, PERIODS
from articles.desk.view_helpers import csv_safe
from articles.desk.widgets import DateInput
from articles.models import Desk, Section, State

# A longer period is refused: the page draws one column per day.
MAX_DAYS = 366


class FiguresFilter(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False, initial=str(DEFAULT_PERIOD))
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)
    desk = forms.ModelChoiceField(
        label=gettext_lazy("Desk"),
        queryset=Desk.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All desks"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    section = forms.ModelChoiceField(
        label=gettext_lazy("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All sections"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built per request, so the labels are in the user's language.
        self.fields["period"].choices = [(str(days), _("last %(days)s days") % {"days": days}) for days in PERIODS] + [
            ("custom", _("from … to …"))
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if cleaned.get("period") == "custom" or start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both dates of the period, from and to."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most a year."))
        return cleaned

    def scope(self) -> figures.Scope:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = timezone.localdate()
        if data.get("start") and data.get("end"):
            first, last = data["start"], data["end"]
        else:
            days = int(data.get("period") or DEFAULT_PERIOD) if data.get("period") != "custom" else DEFAULT_PERIOD
            first, last = today - datetime.timedelta(days=days - 1), today
        return figures.Scope(first, last, desk=data.get("desk"), section=data.get("section"))


def _require_editor(user) -> None:
    if not workflow.is_editor(user):
        raise PermissionDenied(
            _("The newsroom's figures are for editors. Your own pieces and deadlines are on your dashboard.")
        )


def _hours(duration: datetime.timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / 3600


def _day_label(day: datetime.date) -> str:
    return date_format(day, _("M j"))


def build_charts(counted: figures.Figures) -> list[Chart]:
    """Every chart of the page, from the figures of its scope."""
    published, review, review_days, stages = counted.published, counted.review, counted.review_days, counted.stages
    share, overall, per_section = counted.on_time, counted.corrections, counted.corrections_per_section
    hours = _("hours")
    stage_names = {State.DRAFT: _("Writing (draft)"), State.IN_REVIEW: _("In review"), State.SCHEDULED: _("Scheduled")}
    return [
        Chart(
            key="published",
            title=_("Pieces published per day"),
            description=_("Pieces that went live each day (a piece published twice on one day counts once)."),
            category_label=_("Day"),
            series=[_("Pieces")],
            rows=[(_day_label(day), [count]) for day, count in published],
            csv_labels=[day.isoformat() for day, _count in published],
            notes=[_("In all: %(count)s.") % {"count": sum(count for _day, count in published)}],
        ),
        Chart(
            key="review",
            title=_("From submission to approval"),
            description=_(
                "Hours from a piece's submission to its approval (published or scheduled): "
                "median and 90th percentile of the approvals of each day."
            ),
            category_label=_("Day"),
            series=[_("Median"), _("90th percentile")],
            rows=[(_day_label(day), [_hours(spread.median), _hours(spread.p90)]) for day, spread in review_days],
            csv_labels=[day.isoformat() for day, _spread in review_days],
            unit=hours,
            decimals=1,
            axis_top=1,
            notes=[
                _("Over the period: %(count)s approvals, median %(median)s h, 90th percentile %(p90)s h.")
                % {
                    "count": review.count,
                    "median": _number(_hours(review.median)),
                    "p90": _number(_hours(review.p90)),
                }
            ],
        ),
        Chart(
            key="stages",
            title=_("Time in each stage"),
            description=_(
                "Hours pieces stayed in a stage before they left it in this period: median and 90th percentile."
            ),
            category_label=_("Stage"),
            series=[_("Median"), _("90th percentile")],
            rows=[(stage_names[stage], [_hours(spread.median), _hours(spread.p90)]) for stage, spread in stages],
            unit=hours,
            decimals=1,
            axis_top=1,
            notes=[
                _("%(stage)s: %(count)s pieces.") % {"stage": stage_names[stage], "count": spread.count}
                for stage, spread in stages
            ],
        ),
        Chart(
            key="deadlines",
            title=_("On time against the deadline"),
            description=_(
                "Assignments due in the period: filed (first submitted) by the deadline, after it, "
                "or not filed although the deadline has passed. Share in per cent."
            ),
            category_label=_("Filed"),
            series=[_("Share (%)")],
            rows=[
                (_("on time"), [share.share(share.on_time)]),
                (_("late"), [share.share(share.late)]),
                (_("not filed"), [share.share(share.missed)]),
            ],
            unit="%",
            decimals=0,
            axis_top=100,
            notes=[
                _("%(total)s assignments: %(on_time)s on time, %(late)s late, %(missed)s not filed.")
                % {"total": share.total, "on_time": share.on_time, "late": share.late, "missed": share.missed}
            ],
        ),
        Chart(
            key="corrections",
            title=_("Corrections per 100 pieces"),
            description=_("Corrections of live pieces for every 100 pieces published in the period, per section."),
            category_label=_("Section"),
            series=[_("Corrections per 100 pieces")],
            rows=[(row.label or _("no section"), [row.per_100]) for row in per_section],
            decimals=1,
            notes=[
                _("In all: %(corrections)s corrections, %(published)s pieces published (%(rate)s per 100).")
                % {
                    "corrections": overall.corrections,
                    "published": overall.published,
                    "rate": _number(overall.per_100),
                }
            ],
        ),
    ]


def _number(value: float | None) -> str:
    return "\N{EN DASH}" if value is None else number_format(value, 1)


@never_cache
@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    _require_editor(request.user)  # first: a writer hears why, whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    form = FiguresFilter(request.GET or None)
    status = 200
    if form.is_bound and not form.is_valid():
        messages.error(
            request,
            _("The figures below are for the last %(days)s days: %(reason)s")
            % {
                "days": DEFAULT_PERIOD,
                "reason": " ".join(str(error) for errors in form.errors.values() for error in errors),
            },
        )
        status = 400
    scope = form.scope()
    if request.GET.get("format") == "csv":
        if status != 200:
            return HttpResponse(_("Nothing to download: correct the period first."), status=400)
        return _csv(scope, figures_kept.figures_for(scope), request.GET.get("chart", ""))
    counted = figures_kept.figures_for(scope, fresh=request.GET.get("fresh") == "1")
    query = request.GET.copy()
    for name in ("format", "chart", "fresh"):
        query.pop(name, None)
    context = {
        "form": form,
        "scope": scope,
        "charts": build_charts(counted),
        "counted_at": counted.counted_at,
        "max_age_minutes": max(1, round(figures_kept.max_age().total_seconds() / 60)),
        "query": query.urlencode(),
    }
    return render(request, "desk/figures/figures.html", context, status=status)


def _csv(scope: figures.Scope, counted: figures.Figures, key: str) -> HttpResponse:
    chart = next((chart for chart in build_charts(counted) if chart.key == key), None)
    if chart is None:
        raise Http404(_("There is no such chart."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"figures-{chart.key}-{scope.first_day.isoformat()}-{scope.last_day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow([chart.category_label, *chart.series])
    labels = chart.csv_labels or [label for label, _values in chart.rows]
    for label, (_row_label, values) in zip(labels, chart.rows, strict=True):
        cells = ["" if value is None else f"{value:.{chart.decimals}f}" for value in values]
        writer.writerow([csv_safe(label), *cells])
    return response
