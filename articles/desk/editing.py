"""Writing and reviewing on the desk: the editor, the review page, comments, history.

Views stay thin: they scope every lookup to what the user may see, validate forms,
and hand every change to a service (`workflow`, `comments`, `checks`, `locks`).
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import workflow
from articles.desk import drafting
from articles.desk.forms import (
    ARTICLE_FIELDS,
    DATETIME_LOCAL_FORMAT,
    ArticleForm,
    BylineFormSet,
    CommentForm,
    DismissFindingForm,
    PlacementFormSet,
    TransitionForm,
)
from articles.media.images import ImageUploadForm, prefill_fields, read_embedded_metadata, store_upload
from articles.models import Article, Author, Image, Placement
from articles.review import checks, comments
from articles.review.page import marked_fields, number_findings, review_article_queryset
from articles.workflow import history, locks
from articles.workflow.snapshots import build_version


def _article_for(user, pk: int) -> Article:
    return get_object_or_404(review_article_queryset(user), pk=pk)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _formsets(request: HttpRequest, article: Article, *, initial_bylines=None):
    data = request.POST if request.method == "POST" else None
    # Initial rows only on GET: posted back unchanged they would count as "not filled in" and be dropped.
    initial = initial_bylines if data is None else None
    bylines = BylineFormSet(data, instance=article, prefix="bylines", initial=initial)
    # Each row shows its picture and credit: images joined in, one query for all rows.
    placements = PlacementFormSet(
        data, instance=article, prefix="placements", queryset=Placement.objects.select_related("image")
    )
    return bylines, placements


UPLOAD_FIELDS = ("file", "caption", "alt_text", "creator", "organisation", "agencies", "copyright_notice", "is_archive")


def _upload_fields() -> list:
    """The upload form's fields, tied to the separate upload <form> (forms cannot nest)."""
    form = ImageUploadForm(prefix="upload")
    for name in UPLOAD_FIELDS:
        form.fields[name].widget.attrs["form"] = "image-upload-form"
    form.fields["file"].required = True
    # editor.js reads the metadata for this panel itself (desk.js would look for a status inside the form).
    form.fields["file"].widget.attrs.pop("data-image-metadata", None)
    return [form[name] for name in UPLOAD_FIELDS]


def _editor_messages() -> dict[str, str]:
    """What static/js/editor.js says, translated here (read from a JSON block, not inline script)."""
    return {
        "characters": _("%(count)s characters"),
        "characters_of": _("%(count)s / %(max)s characters"),
        "too_many": _("%(count)s too many"),
        "too_few": _("%(count)s short of the minimum %(min)s"),
        "reading": _("Reading the picture's metadata…"),
        "filled": _("Filled from the file: %(fields)s. Please check."),
        "nothing_filled": _("The file carries no caption or credit: please fill them in."),
        "uploading": _("Uploading…"),
        "uploaded": _("Uploaded and placed. Save the article to keep the placement."),
        "upload_failed": _("The upload failed. Please try again."),
        "credit": _("Credit: %(credit)s"),
        "no_credit": _("No credit yet"),
    }


def _editor_context(article, form, bylines, placements, lock_state=None, **extra) -> dict:
    return {
        "article": article,
        "form": form,
        "bylines": bylines,
        "placements": placements,
        "lock_state": lock_state,
        "may_take_over": False,
        "upload_fields": _upload_fields(),
        "heartbeat_seconds": locks.HEARTBEAT_SECONDS,
        "editor_messages": _editor_messages(),
        **extra,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    """A new draft: the writer's own byline is filled in."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    article = Article(created_by=request.user)
    own_author = Author.objects.filter(user=request.user).first()
    initial_bylines = [{"author": own_author.pk, "position": 0}] if own_author else None
    form = ArticleForm(request.POST or None, instance=article)
    bylines, placements = _formsets(request, article, initial_bylines=initial_bylines)
    if request.method == "POST" and form.is_valid() and bylines.is_valid() and placements.is_valid():
        article = drafting.create_draft(form, bylines, placements, by=request.user)
        messages.success(request, _("Draft “%(piece)s” created.") % {"piece": article})
        return _after_save(request, article)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    context = _editor_context(article, form, bylines, placements, is_new=True)
    return render(request, "desk/article_form.html", context, status=400 if request.method == "POST" else 200)


def _after_save(request: HttpRequest, article: Article) -> HttpResponse:
    if "_review" in request.POST:
        locks.release(article, user=request.user)
        return redirect("desk:article-review", pk=article.pk)
    return redirect("desk:article-edit", pk=article.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor. Saves go through `workflow.editing`: a save from an older version is refused."""
    article = _article_for(request.user, pk)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied(_("You may not edit this piece in its current state."))
    # Checked before the form writes the submitted values into the instance: these are the saved version's.
    findings = number_findings(checks.run_checks(article))
    form = ArticleForm(request.POST or None, instance=article)
    bylines, placements = _formsets(request, article)
    if request.method == "POST":
        if form.is_valid() and bylines.is_valid() and placements.is_valid():
            try:
                locked = drafting.save_changes(article, form, bylines, placements, by=request.user)
            except workflow.StaleVersion:
                return _conflict(request, pk, form)
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Saved “%(piece)s”.") % {"piece": locked})
                return _after_save(request, locked)
        else:
            messages.error(request, _("Nothing was saved: please correct the marked fields."))
        lock_state = None
    else:
        lock_state = locks.acquire(article, user=request.user)
    context = _editor_context(
        article,
        form,
        bylines,
        placements,
        lock_state=lock_state,
        may_take_over=locks.may_take_over(request.user),
        is_new=False,
        findings=findings,
    )
    return render(request, "desk/article_form.html", context, status=400 if request.method == "POST" else 200)


def _conflict(request: HttpRequest, pk: int, form: ArticleForm) -> HttpResponse:
    """Someone saved in between: show the user's text and the stored version side by side."""
    stored = _article_for(request.user, pk)
    submitted = form.changed_fields()
    # Re-submitting this form saves the user's text over the newer version, knowingly.
    data = request.POST.copy()
    data["base_version"] = str(stored.version)
    # Validating writes into the instance: give the form a copy, keep `stored` as stored.
    retry_form = ArticleForm(data, instance=copy.copy(stored))
    retry_form.is_valid()
    rows = []
    for name in ARTICLE_FIELDS:
        field = form.fields[name]
        mine = submitted.get(name)
        theirs = getattr(stored, name)
        mine_text, theirs_text = _display(mine), _display(theirs)
        # Word by word: what only the user wrote is marked in their column, what only the stored has in its.
        chunks = history.word_diff(theirs_text, mine_text) if mine_text != theirs_text else []
        rows.append(
            {
                "name": name,
                "label": field.label,
                "mine_display": mine_text,
                "theirs_display": theirs_text,
                "mine_chunks": [chunk for chunk in chunks if chunk[0] != "delete"],
                "theirs_chunks": [chunk for chunk in chunks if chunk[0] != "insert"],
                "differs": mine_text != theirs_text,
            }
        )
    last_change = history.revisions(stored)[:1]
    context = {
        "article": stored,
        "form": retry_form,
        "rows": rows,
        "last_change": last_change[0] if last_change else None,
        # Bylines and placements travel along unchanged, so a re-submit saves them too.
        "carried": [(key, value) for key in data for value in data.getlist(key) if key.startswith(_FORMSET_PREFIXES)],
    }
    messages.error(
        request,
        _("Someone else saved this piece while you were editing. Nothing was overwritten: your text is below."),
    )
    return render(request, "desk/article_conflict.html", context, status=409)


_FORMSET_PREFIXES = ("bylines-", "placements-")


def _display(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


@login_required
@require_POST
def article_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Heartbeat from the open editor, or an editor taking the piece over (action=take-over)."""
    article = _article_for(request.user, pk)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied
    take_over = request.POST.get("action") == "take-over"
    if take_over and not locks.may_take_over(request.user):
        raise PermissionDenied(_("Only editors can take a piece over."))
    state = locks.acquire(article, user=request.user, take_over=take_over)
    holder = state.lock.user if state.lock else None
    if _wants_json(request):
        return JsonResponse(
            {
                "held": state.held_by_me,
                "by": (holder.get_full_name() or holder.get_username()) if holder else "",
                "since": timezone.localtime(state.lock.since).strftime("%H:%M") if state.lock else "",
            },
            status=200 if state.held_by_me else 409,
        )
    if take_over:
        messages.success(request, _("You have taken the piece over. Others editing it are warned."))
    return redirect("desk:article-edit", pk=article.pk)


@never_cache
@login_required
@require_GET
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The piece as readers will see it, with findings, transitions, comments and history."""
    article = _article_for(request.user, pk)
    user = request.user
    numbered = number_findings(checks.run_checks(article))
    may_view_history = workflow.can_view_history(user, article)
    revisions = list(history.revisions(article)) if may_view_history else []
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
    context = {
        "article": article,
        "preview": build_version(article),
        "findings": numbered,
        "marked_fields": marked_fields(article, numbered),
        "may_dismiss": checks.can_dismiss(user),
        "transitions": transitions,
        "may_edit": workflow.can_edit(user, article),
        "lock": locks.current_lock(article),
        "comments": article.comments.select_related("author"),
        "comment_form": CommentForm(initial={"body": unsaved.get("body", "")}),
        # Text typed for an action that is no longer offered (the piece moved on): shown, not lost.
        "unsaved_comment": unsaved.get("comment", "") if unsaved.get("transition") not in offered else "",
        "may_comment": comments.can_comment(user, article),
        "events": article.events.select_related("actor"),
        "may_view_history": may_view_history,
        "revisions": revisions,
        "live_version": article.versions.filter(is_live=True).first(),
        # The picker offers nothing in the past (newsroom time, as the picker shows it).
        "picker_min": timezone.localtime().strftime(DATETIME_LOCAL_FORMAT),
    }
    return render(request, "desk/article_review.html", context)


@login_required
@require_POST
def article_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Perform one workflow transition; the service checks who may do what."""
    article = _article_for(request.user, pk)
    name = request.POST.get("transition", "")
    transition = workflow.TRANSITIONS.get(name)
    if transition is None:
        return HttpResponseBadRequest(_("Unknown action."))
    form = TransitionForm(request.POST, prefix=name)
    if not form.is_valid():
        messages.error(request, _("Nothing changed: %(errors)s") % {"errors": _form_errors(form)})
        _keep_unsaved(request, article, transition=name, form=form)
        return redirect("desk:article-review", pk=article.pk)
    try:
        article = workflow.perform(
            name,
            article,
            by=request.user,
            comment=form.cleaned_data["comment"],
            publish_at=form.cleaned_data["publish_at"],
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


def _unsaved_key(article: Article) -> str:
    return f"desk-unsaved-{article.pk}"


def _keep_unsaved(request: HttpRequest, article: Article, *, form, transition: str = "") -> None:
    """A refused action redirects back to the review page: keep what was typed so it is shown again there."""
    data = {key: form.data.get(form.add_prefix(key), "") for key in form.fields}
    if any(value.strip() for value in data.values()):
        request.session[_unsaved_key(article)] = {"transition": transition, **data}


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
@require_POST
def article_comment(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_for(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment was not added: %(errors)s") % {"errors": _form_errors(form)})
        _keep_unsaved(request, article, form=form)
        return redirect(reverse("desk:article-review", kwargs={"pk": article.pk}) + "#comments")
    try:
        comments.add_comment(article, by=request.user, body=form.cleaned_data["body"])
    except (PermissionDenied, ValueError) as error:
        messages.error(request, str(error))
        _keep_unsaved(request, article, form=form)
    else:
        messages.success(request, _("Comment added."))
    return redirect(reverse("desk:article-review", kwargs={"pk": article.pk}) + "#comments")


@login_required
@require_POST
def finding_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor decides one warning does not apply to this piece, and says why."""
    article = _article_for(request.user, pk)
    if not checks.can_dismiss(request.user):
        raise PermissionDenied(_("Only editors can dismiss a warning."))
    form = DismissFindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The warning was not dismissed: %(errors)s") % {"errors": _form_errors(form)})
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


def _history_article(request: HttpRequest, pk: int) -> Article:
    article = _article_for(request.user, pk)
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


# --- upload in place -------------------------------------------------------------------------


@login_required
@require_POST
def image_metadata(request: HttpRequest) -> JsonResponse:
    """What a chosen file says about itself, to pre-fill the upload form before it is sent."""
    if not request.user.has_perm("articles.add_image"):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"fields": {}}, status=400)
    return JsonResponse({"fields": prefill_fields(read_embedded_metadata(upload))})


@login_required
@require_POST
def image_upload(request: HttpRequest) -> HttpResponse:
    """Upload a picture from the editor: it joins the library and can be placed at once."""
    if not request.user.has_perm("articles.add_image"):
        raise PermissionDenied
    form = ImageUploadForm(request.POST, request.FILES, prefix="upload")
    if not form.is_valid():
        if _wants_json(request):
            errors = {name: [str(error) for error in errs] for name, errs in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        messages.error(request, _("The image was not uploaded: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(_safe_next(request))
    image = store_upload(form, by=request.user)
    if _wants_json(request):
        return JsonResponse(_image_json(image), status=201)
    messages.success(request, _("Image uploaded to the library: choose it under “Images” to place it."))
    return redirect(_safe_next(request))


def _image_json(image: Image) -> dict:
    return {
        "id": image.pk,
        "label": f"#{image.pk} · {image} · {image.credit_line or _('no credit')}",
        "caption": image.caption,
        "credit_line": image.credit_line,
        "alt_text": image.alt_text,
        "url": image.file.url if image.file else "",
    }


def _safe_next(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("desk:article-create")
