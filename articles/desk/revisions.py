"""The desk's history pages: a piece's saved revisions, and word-level diffs between two of them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles import workflow
from articles.desk.view_helpers import article_for
from articles.models import Article
from articles.workflow import history


def _history_article(request: HttpRequest, pk: int) -> Article:
    article = article_for(request.user, pk)
    if not workflow.can_view_history(request.user, article):
        raise PermissionDenied(_("Only people who may edit this piece can see its history."))
    return article


@never_cache
@login_required
@require_GET
def article_history(request: HttpRequest, pk: int) -> HttpResponse:
    article = _history_article(request, pk)
    return render(
        request,
        "desk/article_history.html",
        {"article": article, "revisions": list(history.revisions(article))},
    )


@never_cache
@login_required
@require_GET
def article_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Word-level differences between two saved revisions of the piece."""
    article = _history_article(request, pk)
    try:
        old_id, new_id = int(request.GET["old"]), int(request.GET["new"])
    except (KeyError, ValueError):
        return HttpResponseBadRequest(_("Choose two revisions to compare."))
    revisions = {revision.history_id: revision for revision in history.revisions(article)}
    if old_id not in revisions or new_id not in revisions:
        raise Http404(_("No such revision of this piece."))
    if revisions[old_id].history_date > revisions[new_id].history_date:
        old_id, new_id = new_id, old_id
    diffs = history.compare(article, old_id, new_id)
    context = {
        "article": article,
        "old": revisions[old_id],
        "new": revisions[new_id],
        "diffs": diffs,
        "revisions": list(revisions.values()),
    }
    return render(request, "desk/article_diff.html", context)
