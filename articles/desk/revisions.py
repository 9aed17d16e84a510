"""The desk's history pages: a piece's revisions, word-level diffs between two of them, restoring one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles import workflow
from articles.desk.revision_marks import mark_revisions
from articles.desk.view_helpers import article_for
from articles.models import Article, Revision
from articles.workflow import history
from articles.workflow.restoring import restore
from articles.workflow.revisions import ensure_revision


def _history_article(request: HttpRequest, pk: int) -> Article:
    article = article_for(request.user, pk)
    if not workflow.can_view_history(request.user, article):
        raise PermissionDenied(_("Only people who may edit this piece can see its history."))
    return article


def _revisions(article: Article) -> list[Revision]:
    """The piece's revisions, newest first, marked (published, scheduled…); a piece made outside the editor
    gets its starting point frozen."""
    found = history.revisions(article)
    if not found:  # imported, made in the admin or by a fixture: no save has frozen it yet
        with transaction.atomic():
            ensure_revision(
                Article.objects.select_for_update(of=("self",)).select_related("section").get(pk=article.pk)
            )
        found = history.revisions(article)
    return mark_revisions(article, found)


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@never_cache
@login_required
@require_GET
def article_history(request: HttpRequest, pk: int) -> HttpResponse:
    article = _history_article(request, pk)
    context = {
        "article": article,
        "revisions": _revisions(article),
        "may_restore": workflow.can_edit(request.user, article),
    }
    return render(request, "desk/article_history.html", context)


@never_cache
@login_required
@require_GET
def article_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Word-level differences between two revisions of the piece: text, bylines and pictures."""
    article = _history_article(request, pk)
    revisions = {revision.number: revision for revision in _revisions(article)}
    newest = list(revisions)[:2]  # without a choice: the latest change (the newest against the one before)
    old_number = _number(request.GET.get("old", str(newest[-1])))
    new_number = _number(request.GET.get("new", str(newest[0])))
    if old_number is None or new_number is None:
        return HttpResponseBadRequest(_("Choose two revisions to compare."))
    if old_number not in revisions or new_number not in revisions:
        raise Http404(_("No such revision of this piece."))
    if old_number > new_number:
        old_number, new_number = new_number, old_number
    context = {
        "article": article,
        "old": revisions[old_number],
        "new": revisions[new_number],
        "diffs": history.compare_revisions(revisions[old_number], revisions[new_number]),
        "revisions": list(revisions.values()),
        "may_restore": workflow.can_edit(request.user, article),
    }
    return render(request, "desk/article_diff.html", context)


@login_required
@require_POST
def article_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an old revision the working copy again, as a new revision (the version check applies)."""
    article = _history_article(request, pk)
    number, base_version = _number(request.POST.get("number")), _number(request.POST.get("base_version"))
    if number is None or base_version is None:
        return HttpResponseBadRequest(_("Choose a revision to restore."))
    try:
        new = restore(article, by=request.user, number=number, base_version=base_version)
    except workflow.StaleVersion:
        messages.error(
            request, _("Nothing was restored: someone saved the piece meanwhile. Check the latest revision first.")
        )
        return redirect("desk:article-history", pk=article.pk)
    except workflow.WorkflowError as error:
        messages.error(request, _("Nothing was restored: %(reason)s") % {"reason": error})
        return redirect("desk:article-history", pk=article.pk)
    messages.success(
        request,
        _("Revision %(old)s was restored as the new revision %(new)s. It needs review before it goes live.")
        % {"old": number, "new": new.number},
    )
    return redirect("desk:article-review", pk=article.pk)
