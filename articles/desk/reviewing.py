"""Reviewing on the desk: the review page, workflow transitions, comments and dismissing check warnings."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles import workflow
from articles.desk import guest_previews
from articles.desk.comment_threads import comment_context, comment_json
from articles.desk.forms import CommentForm, DismissFindingForm, TransitionForm
from articles.desk.revision_marks import mark_revisions
from articles.desk.suggesting import suggestion_context
from articles.desk.view_helpers import article_for, form_errors, safe_next, wants_json
from articles.desk.widgets import DATETIME_LOCAL_FORMAT
from articles.media import rendition_sets
from articles.models import Article
from articles.review import checks, comments
from articles.review.page import marked_fields, number_findings
from articles.workflow import history, locks, suggestion_reading
from articles.workflow import revisions as pending
from articles.workflow.fixes import can_apply
from articles.workflow.snapshots import build_version


def checks_to_heed(article, numbered) -> list[tuple[str, int]]:
    """The checks the piece's template asks to heed, each with how many findings it has now."""
    template = article.template
    if template is None:
        return []
    found = Counter(finding.code for _number, finding in numbered)
    return [(label, found[code]) for code, label in zip(template.checks, template.check_labels, strict=True)]


@never_cache
@login_required
@require_GET
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The piece as readers will see it, with findings, transitions, comments and history."""
    article = article_for(request.user, pk)
    user = request.user
    numbered = number_findings(checks.run_checks(article))
    may_view_history = workflow.can_view_history(user, article)
    revisions = mark_revisions(article, history.revisions(article)) if may_view_history else []
    unsaved = request.session.pop(_unsaved_key(article), None) or {}
    transitions = [
        (
            transition,
            TransitionForm(
                prefix=transition.name,
                initial=unsaved if unsaved.get("transition") == transition.name else None,
            ),
        )
        for transition in workflow.available_transitions(article, user)
    ]
    offered = {transition.name for transition, _form in transitions}
    comparison = history.compare_with_live(article)
    context = {
        "article": article,
        "preview": (preview := build_version(article)),
        "pictures": rendition_sets.for_images(placement.get("image_id") for placement in preview.placements),
        "findings": numbered,
        "heed": checks_to_heed(article, numbered),
        "may_dismiss": checks.can_dismiss(user),
        # How many findings of each check carry a correction: "apply all" is offered when more than one.
        "fixable": dict(Counter(finding.code for _number, finding in numbered if can_apply(finding))),
        "transitions": transitions,
        "may_edit": workflow.can_edit(user, article),
        "may_share_preview": (may_share := workflow.is_editor(user)),
        "preview_links": guest_previews.links_of(article) if may_share else [],
        "preview_link_form": guest_previews.LinkForm() if may_share else None,
        "lock": locks.current_lock(article),
        **comment_context(article, user, marked_fields(article, numbered)),
        "comment_form": CommentForm(initial={"body": unsaved.get("body", "")}),
        # Text typed for an action that is no longer offered (the piece moved on): shown, not lost.
        "unsaved_comment": unsaved.get("comment", "") if unsaved.get("transition") not in offered else "",
        "may_comment": comments.can_comment(user, article),
        "events": article.events.select_related("actor", "revision"),
        "may_view_history": may_view_history,
        "revisions": revisions,
        # Live version ↔ this revision: what publishing, scheduling or correcting now would change for readers.
        "comparison": comparison,
        "live_version": comparison.live,
        "scheduled_behind": (behind := pending.scheduled_behind(article)),
        "scheduled_number": pending.scheduled_number(article),
        # Scheduled revision ↔ this revision: the edits readers will not get unless this revision is scheduled.
        "scheduled_diffs": history.compare_with_scheduled(article, comparison.current) if behind else [],
        # The picker offers nothing in the past (newsroom time, as the picker shows it).
        "picker_min": timezone.localtime().strftime(DATETIME_LOCAL_FORMAT),
        **suggestion_context(article, user),
        # Approving, scheduling or publishing with open suggestions asks first, or is refused (a newsroom setting).
        "suggestion_gated": SUGGESTION_GATED,
        "suggestions_block": settings.NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING,
    }
    return render(request, "desk/article_review.html", context)


@login_required
@require_POST
def article_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Perform one workflow transition; the service checks who may do what."""
    article = article_for(request.user, pk)
    name = request.POST.get("transition", "")
    transition = workflow.TRANSITIONS.get(name)
    if transition is None:
        return HttpResponseBadRequest(_("Unknown action."))
    form = TransitionForm(request.POST, prefix=name)
    if not form.is_valid():
        messages.error(request, _("Nothing changed: %(errors)s") % {"errors": form_errors(form)})
        _keep_unsaved(request, article, transition=name, form=form)
        return redirect("desk:article-review", pk=article.pk)
    refusal = _unbound_refusal(name, form)
    if not refusal and name in SUGGESTION_GATED:
        refusal = suggestion_reading.publishing_refusal(article, confirmed=form.cleaned_data["suggestions_ok"])
    if refusal:
        messages.error(request, _("Nothing changed: %(reason)s") % {"reason": refusal})
        _keep_unsaved(request, article, transition=name, form=form)
        return redirect("desk:article-review", pk=article.pk)
    try:
        article = workflow.perform(
            name,
            article,
            by=request.user,
            comment=form.cleaned_data["comment"],
            publish_at=form.cleaned_data["publish_at"],
            revision=form.cleaned_data["revision"],
            public_note=form.cleaned_data["public_note"],
        )
    except workflow.WorkflowError as error:
        messages.error(request, _("Nothing changed: %(reason)s") % {"reason": error})
        _keep_unsaved(request, article, transition=name, form=form)
    else:
        messages.success(
            request,
            _("Done: %(action)s — the piece is now “%(state)s”.")
            % {"action": transition.label, "state": article.get_status_display()},
        )
        if name == "submit":
            warnings = [finding for finding in checks.run_checks(article) if not finding.is_blocking]
            if warnings:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d check warning remains: see “Checks” below.",
                        "%(count)d check warnings remain: see “Checks” below.",
                        len(warnings),
                    )
                    % {"count": len(warnings)},
                )
    return redirect("desk:article-review", pk=article.pk)


# Transitions that put a revision live (now or later): the page must say which one the user saw.
BOUND_TRANSITIONS = frozenset({"publish", "schedule", "schedule_revision", "correct"})
# They and an overdue publication wait for open suggestions: the page asks first (or the workflow refuses).
SUGGESTION_GATED = suggestion_reading.GATED_TRANSITIONS


def _unbound_refusal(name: str, form: TransitionForm) -> str:
    """Why a revision-bound action cannot go ahead as sent (empty when it can)."""
    if name in BOUND_TRANSITIONS and form.cleaned_data["revision"] is None:
        return _("the page did not say which revision you saw. Reload it and check the changes again.")
    if name == "correct" and not form.cleaned_data["confirm"]:
        return _("tick “I have checked the changes above” to put the correction live.")
    return ""


def _unsaved_key(article: Article) -> str:
    return f"desk-unsaved-{article.pk}"


def _keep_unsaved(request: HttpRequest, article: Article, *, form, transition: str = "") -> None:
    """A refused action redirects back to the review page: keep what was typed so it is shown again there."""
    data = {key: form.data.get(form.add_prefix(key), "") for key in form.fields}
    if any(value.strip() for value in data.values()):
        request.session[_unsaved_key(article)] = {"transition": transition, **data}


@login_required
@require_POST
def article_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment. Asked for JSON (the editor's fetch) it answers with the comment's markup, else redirects
    to `next` (when on this site) or the review page."""
    article = article_for(request.user, pk)
    back = safe_next(request, reverse("desk:article-review", kwargs={"pk": article.pk}) + "#comments")
    form = CommentForm(request.POST)
    if not form.is_valid():
        message = _("The comment was not added: %(errors)s") % {"errors": form_errors(form)}
        if wants_json(request):
            return JsonResponse({"message": message}, status=400)
        messages.error(request, message)
        _keep_unsaved(request, article, form=form)
        return redirect(back)
    try:
        comment = comments.add_comment(
            article,
            by=request.user,
            body=form.cleaned_data["body"],
            anchor=(
                form.cleaned_data["anchor_text"],
                form.cleaned_data["anchor_prefix"],
                form.cleaned_data["anchor_suffix"],
            ),
        )
    except (PermissionDenied, ValueError) as error:
        if wants_json(request):
            return JsonResponse({"message": str(error)}, status=403 if isinstance(error, PermissionDenied) else 400)
        messages.error(request, str(error))
        _keep_unsaved(request, article, form=form)
        return redirect(back)
    unreachable = comments.unreachable_mentions(article, form.cleaned_data["body"], by=request.user)
    warning = ""
    if unreachable:
        names = ", ".join(f"@{name} ({reason})" for name, reason in unreachable)
        warning = _("Not notified: %(names)s.") % {"names": names}
    if wants_json(request):
        return JsonResponse(
            {
                "message": _("Comment added."),
                "warning": warning,
                "comment": comment_json(request, article, comment),
                "open": article.comments.filter(resolved_at__isnull=True).count(),
            },
            status=201,
        )
    messages.success(request, _("Comment added."))
    if warning:
        messages.warning(request, warning)
    return redirect(back)


@login_required
@require_POST
def finding_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor decides one warning does not apply to this piece, and says why."""
    article = article_for(request.user, pk)
    if not checks.can_dismiss(request.user):
        raise PermissionDenied(_("Only editors can dismiss a warning."))
    form = DismissFindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The warning was not dismissed: %(errors)s") % {"errors": form_errors(form)})
    else:
        try:
            checks.dismiss(
                article,
                code=form.cleaned_data["code"],
                target=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except (ValueError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Warning dismissed for this piece."))
    return redirect(reverse("desk:article-review", kwargs={"pk": article.pk}) + "#findings")
