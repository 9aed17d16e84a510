"""The desk board: pieces by stage, each card moved with a plain POST that calls the workflow service.

A card offers only the moves `workflow.available_transitions` allows this user now; the service still
decides, and a refused move changes nothing and says why. The same POST serves the card's buttons
(`transition`, without JavaScript) and a card dropped on a column (`to`, from static/js/board.js,
which asks for JSON and puts the card back when the move is refused).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import workflow
from articles.desk.planning_filters import filter_context, planning_filters
from articles.desk.planning_selectors import BOARD_SKIPS, board_columns
from articles.models import Article, State

# A card dropped on a column: the move from the piece's state to that column.
BOARD_MOVES = {
    (State.DRAFT, "in_review"): "submit",
    (State.IN_REVIEW, "changes_requested"): "request_changes",
    (State.IN_REVIEW, "writing"): "take_back",
    (State.IN_REVIEW, "live"): "publish",
    (State.IN_REVIEW, "scheduled"): "schedule",
    (State.SCHEDULED, "in_review"): "unschedule",
    (State.SCHEDULED, "live"): "publish_overdue",
    (State.PUBLISHED, "writing"): "start_update",
}
COLUMN_OF_STATE = {
    State.DRAFT: "writing",
    State.IN_REVIEW: "in_review",
    State.SCHEDULED: "scheduled",
    State.PUBLISHED: "live",
}


@login_required
def board(request: HttpRequest) -> HttpResponse:
    filters = planning_filters(request)
    columns = board_columns(request.user, filters=filters)
    return render(request, "desk/planning/board.html", {"columns": columns, **filter_context(filters)})


class Refused(Exception):
    """A move the board does not make, with the reason to show."""


def _transition_for(article: Article, data) -> str:
    """The move asked for: a card's button names it, a dropped card names the column it landed on."""
    name = data.get("transition", "")
    if not name and data.get("to"):
        name = BOARD_MOVES.get((article.status, data["to"]), "")
        if not name:
            raise Refused(_("There is no move to that column from where the piece is now."))
    spec = workflow.TRANSITIONS.get(name)
    if spec is None or spec.system:
        raise Refused(_("This move is not made on the board."))
    if name in BOARD_SKIPS:
        raise Refused(_("This move needs a time: make it on the piece's review page."))
    return name


@login_required
@require_POST
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """One card's move; the workflow service checks who may do it and whether it may happen now."""
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        name = _transition_for(article, request.POST)
        article = workflow.perform(name, article, by=request.user, comment=request.POST.get("comment", "").strip())
    except (Refused, workflow.WorkflowError) as error:
        text = _("Nothing changed: “%(headline)s” was not moved. %(reason)s") % {
            "headline": article.headline,
            "reason": error,
        }
        if wants_json:
            return JsonResponse({"ok": False, "message": text}, status=409)
        messages.error(request, text)
    else:
        text = _("Moved: “%(headline)s” is now “%(state)s”.") % {
            "headline": article.headline,
            "state": article.get_status_display(),
        }
        if wants_json:
            column = "changes_requested" if name == "request_changes" else COLUMN_OF_STATE.get(article.status)
            return JsonResponse({"ok": True, "message": text, "column": column})
        messages.success(request, text)
    # The board's filters ride along in the form's address, so the editor comes back to the same board.
    query = request.GET.urlencode()
    return redirect(reverse("desk:board") + (f"?{query}" if query else ""))
