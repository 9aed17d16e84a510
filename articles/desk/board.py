"""The desk board: pieces by stage, each card moved with a plain POST that calls the workflow service.

A card offers only the moves `workflow.available_transitions` allows this user now; the service still
decides, and a refused move changes nothing and says why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import workflow
from articles.desk.planning_selectors import board_columns
from articles.models import Article

# Moves that need a time are made on the review page (it has the picker); the board links there.
BOARD_SKIPS = {"schedule", "schedule_revision", "correct"}


@login_required
def board(request: HttpRequest) -> HttpResponse:
    columns = board_columns(request.user)
    for column in columns:
        for article in column.articles:
            article.moves = [
                spec for spec in workflow.available_transitions(article, request.user) if spec.name not in BOARD_SKIPS
            ]
    return render(request, "desk/planning/board.html", {"columns": columns})


@login_required
@require_POST
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """One card's move; the workflow service checks who may do it and whether it may happen now."""
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    name = request.POST.get("transition", "")
    spec = workflow.TRANSITIONS.get(name)
    if spec is None or spec.system or name in BOARD_SKIPS:
        messages.error(request, _("Nothing changed: this move is not made on the board."))
        return redirect("desk:board")
    try:
        article = workflow.perform(name, article, by=request.user, comment=request.POST.get("comment", "").strip())
    except workflow.WorkflowError as error:
        messages.error(
            request,
            _("Nothing changed: “%(headline)s” was not moved. %(reason)s")
            % {"headline": article.headline, "reason": error},
        )
    else:
        messages.success(
            request,
            _("Moved: “%(headline)s” is now “%(state)s”.")
            % {"headline": article.headline, "state": article.get_status_display()},
        )
    return redirect("desk:board")
