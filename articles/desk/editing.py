"""Writing on the desk: the article editor (create, edit, save conflicts, edit lock) and upload in place.

Views stay thin: they scope every lookup to what the user may see, validate forms,
and hand every change to a service (`workflow`, `comments`, `checks`, `locks`).
The review page, transitions and comments live in `reviewing`; history and diffs in `revisions`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from articles import workflow
from articles.desk import autosave, conflicts, picture_details, piece_templates, refusals
from articles.desk.comment_threads import editor_feedback
from articles.desk.forms import ArticleForm, CommentForm, editor_formsets
from articles.desk.suggesting import suggestion_context
from articles.desk.view_helpers import article_for, form_errors, safe_next, wants_json
from articles.desk.widgets import picture_label
from articles.media import rendition_sets
from articles.media.images import ImageUploadForm, prefill_fields, read_embedded_metadata, store_upload
from articles.models import Article, Author, Image
from articles.review import checks, debris
from articles.review.page import number_findings
from articles.workflow import locks, receipts
from articles.workflow import revisions as pending

_POSTED = object()


def _formsets(request: HttpRequest, article: Article, *, initial_bylines=None, data=_POSTED):
    """The byline and placement formsets, bound to `data` (default: the request's POST, if any)."""
    if data is _POSTED:
        data = request.POST if request.method == "POST" else None
    bylines, placements = editor_formsets(
        article, data, initial_bylines=initial_bylines, posted=request.method == "POST"
    )
    picture_details.attach_picture_forms(placements, request.user)
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
        "all_saved": _("All changes saved"),
        "saving": _("Saving…"),
        "offline": _("Offline — kept in this browser"),
        "browser_only": _("Kept in this browser until the first save"),
        "too_long_kept": _("Too long to keep on the server — kept in this browser"),
        "not_kept": _("Could not keep your changes on the server — kept in this browser"),
        "too_long": _(
            "The body has %(count)s characters; the editor accepts at most %(max)s. Nothing was sent — "
            "your text is still here: shorten it or split the piece."
        ),
        "kept_in_browser_at": _("Unsaved changes from %(time)s, kept only in this browser."),
        "differs": _("What differs from the stored piece: %(fields)s."),
        "preview_failed": _("The preview could not be updated."),
        "link_text": _("link text"),
        "picture_saving": _("Saving…"),
        "picture_saved": _("Saved to the picture."),
        "picture_failed": _("Not saved: the connection failed. Please try again."),
        "archive_image": _("archive image"),
        "pictures_found": _("%(count)s pictures found: use the arrow keys to choose one."),
        "no_pictures_found": _("No pictures found."),
        "picture_search_failed": _("The library could not be searched. Type a picture's number instead."),
        "words_not_found": _("These words are no longer in the text."),
        "new_comments": _("New comments: %(count)s."),
        "comment_sent": _("Comment added."),
        "comment_failed": _("Not sent: the connection failed. Your comment is still here — please try again."),
    }


def _editor_context(article, form, bylines, placements, lock_state=None, *, user, **extra) -> dict:
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
        # Thumbnails of the placed pictures, never their originals (one query).
        "pictures": rendition_sets.for_images(row.instance.image_id for row in placements.forms if row.instance.pk),
        "body_editor_config": {"debris": debris.pattern_for_browsers()},
        "body_max_chars": settings.NEWSROOM_BODY_MAX_CHARS,
        "upload_max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        # Copies kept in the browser that were saved since (their form's token is among these) are not offered.
        "saved_tokens": autosave.saved_tokens(user),
        **extra,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    """A new draft: the writer's own byline is filled in."""
    if not request.user.has_perm("articles.add_article"):
        raise refusals.no_writer_role()
    article = Article(created_by=request.user)
    # ?template=<id>: the piece starts with the template's fields (the form carries them from then on).
    get = request.method == "GET"
    template = piece_templates.template_for(request) if get else piece_templates.posted_template(request)
    for name, value in (template.article_values() if template and get else {}).items():
        setattr(article, name, value)
    if request.method == "POST" and not _readable(request):
        return _too_large(request, article)
    own_author = Author.objects.filter(user=request.user).first()
    initial_bylines = [{"author": own_author.pk, "position": 0}] if own_author else None
    form = ArticleForm(request.POST or None, instance=article)
    bylines, placements = _formsets(request, article, initial_bylines=initial_bylines)
    if request.method == "POST" and form.is_valid() and bylines.is_valid() and placements.is_valid():
        try:
            saved = workflow.create_draft(form.submission(bylines, placements), by=request.user, template=template)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            return _show_saved(request, saved, created=True)
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    context = _editor_context(
        article,
        form,
        bylines,
        placements,
        user=request.user,
        is_new=True,
        piece_template=template,
        template_choices=piece_templates.template_choices(request.user) if get else [],
    )
    return render(request, "desk/article_form.html", context, status=200 if get else 400)


def _show_saved(
    request: HttpRequest, saved: workflow.SaveResult, submission: workflow.Submission | None = None, *, created=False
) -> HttpResponse:
    """The page for a save's result: the conflict page, or (the save committed) on to the editor or review page."""
    Outcome = workflow.Outcome
    if saved.outcome is Outcome.CONFLICT:
        return conflicts.conflict_page(request, saved, submission)
    article = saved.article
    if saved.outcome is Outcome.ALREADY_SAVED:
        # A resent form whose save was stored before: said as if the first answer had arrived.
        messages.success(request, _("Saved. (This form had already been stored; nothing was saved twice.)"))
    elif created:
        messages.success(request, _("Draft “%(piece)s” created.") % {"piece": article})
    else:
        if saved.outcome is Outcome.MERGED:
            messages.info(request, conflicts.merged_notice(saved))
        messages.success(request, _("Saved “%(piece)s”.") % {"piece": article})
        # Committed: the follow-ups may not turn the stored save into an error page.
        receipts.after_commit_safely(autosave.forget, request.user, article)
        receipts.after_commit_safely(_warn_if_pending, request, article)
    if "_review" in request.POST:
        receipts.after_commit_safely(locks.release, article, user=request.user)
        return redirect("desk:article-review", pk=article.pk)
    return redirect("desk:article-edit", pk=article.pk)


def _warn_if_pending(request: HttpRequest, article: Article) -> None:
    if pending.scheduled_behind(article) or pending.has_pending_changes(article):
        # Say it at once: these edits are not what readers get (now or at the scheduled time).
        messages.warning(
            request,
            _("Revision %(number)s is saved but not live or scheduled: it needs review first.")
            % {"number": article.version},
        )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor. A save goes to `workflow.save_submission`, which merges a save from an older version."""
    article = article_for(request.user, pk)
    if not workflow.can_edit(request.user, article):
        raise refusals.not_yours()
    if request.method == "POST" and not _readable(request):
        return _too_large(request, article, _findings(request, pk, article))
    if request.method == "POST" and conflicts.RESOLVE in request.POST:
        # Back from the conflict page: the chosen sides become ordinary editor data.
        try:
            request.POST = conflicts.resolved_post(request.POST)
        except conflicts.UnreadableChoices:
            return _unreadable_choices(request, article)
    restore = lock_state = None
    if request.method == "POST":
        form = ArticleForm(request.POST, instance=article)
        bylines, placements = _formsets(request, article)
        if form.is_valid() and bylines.is_valid() and placements.is_valid():
            submission = form.submission(bylines, placements)
            try:
                saved = workflow.save_submission(article, submission, by=request.user)
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
            else:
                return _show_saved(request, saved, submission)
        else:
            messages.error(request, _("Nothing was saved: please correct the marked fields."))
    else:
        findings = _findings(request, pk, article)
        form = ArticleForm(instance=article)
        bylines, placements = _formsets(request, article)
        # Looking takes nothing: a link from another site must not put the lock in this user's name.
        # The page takes it with a POST (static/js/editor.js on load, or the no-JS "Start editing" button).
        lock_state = locks.state(article, user=request.user)
        restore = autosave.restore_offer(request.user, article)
        if restore and request.GET.get("restore"):
            # The unsaved form comes back as it was typed, on the version it started from.
            data = autosave.as_querydict(restore.autosave.data)
            form = ArticleForm(data, instance=article)
            bylines, placements = _formsets(request, article, data=data)
            messages.info(request, _("Your unsaved changes are back in the editor. Save to keep them."))
            restore = None
    if request.method == "POST":
        # The form has written the submitted values into `article`: the findings are the stored version's.
        findings = _findings(request, pk)
    context = _editor_context(
        article,
        form,
        bylines,
        placements,
        lock_state=lock_state,
        user=request.user,
        may_take_over=locks.may_take_over(request.user),
        is_new=False,
        findings=findings,
        restore=restore,
        server_copy=autosave.server_copy(restore) if restore else None,
        **_feedback(request, article),
        # The stored piece's suggestions, found in its stored text (a refused post's text is not stored).
        **suggestion_context(Article.objects.get(pk=article.pk) if request.method == "POST" else article, request.user),
    )
    return render(request, "desk/article_form.html", context, status=400 if request.method == "POST" else 200)


def _feedback(request: HttpRequest, article: Article) -> dict:
    """The review note and comment thread beside the body (the stored piece's, not the posted form's)."""
    stored = Article.objects.get(pk=article.pk) if request.method == "POST" else article
    return {**editor_feedback(stored, request.user), "comment_form": CommentForm()}


def _findings(request: HttpRequest, pk: int, stored: Article | None = None) -> list:
    """The stored piece's review findings, numbered: run only for a page that shows them."""
    return number_findings(checks.run_checks(stored or article_for(request.user, pk)))


def _readable(request: HttpRequest) -> bool:
    """False when the posted form is over the request limit (Django then leaves `request.POST` empty)."""
    try:
        request.POST  # noqa: B018 - reading it is the check
    except RequestDataTooBig:
        return False
    return True


def _too_large(request: HttpRequest, article: Article, findings=None) -> HttpResponse:
    """An over-limit post: a clear message on the editor, never a bare 400 page."""
    messages.error(
        request,
        _(
            "Nothing was saved: the form was larger than the server accepts (%(size)s MB). "
            "Your text is kept in this browser — shorten the body and save again."
        )
        % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
    )
    form = ArticleForm(instance=article)
    bylines, placements = _formsets(request, article, data=None)
    context = _editor_context(
        article, form, bylines, placements, user=request.user, is_new=not article.pk, findings=findings
    )
    return render(request, "desk/article_form.html", context, status=400)


def _unreadable_choices(request: HttpRequest, article: Article) -> HttpResponse:
    """A garbled conflict page: nothing saved, the posted text back in the editor, a 400 that says why."""
    messages.error(
        request,
        _(
            "Nothing was saved: the choices from the conflict page could not be read. "
            "Your text is below — check it and save again."
        ),
    )
    # The segments the page did send, both sides kept: nothing typed is lost, and nothing is saved.
    data = conflicts.resolved_post(request.POST, count_segments=True)
    form = ArticleForm(data, instance=article)
    bylines, placements = _formsets(request, article, data=data)
    context = _editor_context(
        article, form, bylines, placements, user=request.user, is_new=False, findings=_findings(request, article.pk)
    )
    return render(request, "desk/article_form.html", context, status=400)


@login_required
@require_POST
def article_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Taking the lock (action=start, from the opened editor), its heartbeat, or an editor taking the piece over.

    POST only, CSRF-checked: opening the editor (a GET) never takes the lock.
    """
    article = article_for(request.user, pk)
    if not workflow.can_edit(request.user, article):
        raise refusals.not_yours()
    take_over = request.POST.get("action") == "take-over"
    if take_over and not locks.may_take_over(request.user):
        raise PermissionDenied(_("Only editors can take a piece over."))
    state = locks.acquire(article, user=request.user, take_over=take_over)
    holder = state.lock.user if state.lock else None
    if wants_json(request):
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


# --- upload in place -------------------------------------------------------------------------


@login_required
@require_POST
def image_metadata(request: HttpRequest) -> JsonResponse:
    """What a chosen file says about itself, to pre-fill the upload form before it is sent."""
    if not request.user.has_perm("articles.add_image"):
        raise PermissionDenied(_("Your account may not add pictures to the library. Ask an editor."))
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"fields": {}}, status=400)
    return JsonResponse({"fields": prefill_fields(read_embedded_metadata(upload))})


@login_required
@require_POST
def image_upload(request: HttpRequest) -> HttpResponse:
    """Upload a picture from the editor: it joins the library and can be placed at once."""
    if not request.user.has_perm("articles.add_image"):
        raise PermissionDenied(_("Your account may not add pictures to the library. Ask an editor."))
    form = ImageUploadForm(request.POST, request.FILES, prefix="upload")
    if not form.is_valid():
        if wants_json(request):
            errors = {name: [str(error) for error in errs] for name, errs in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        messages.error(request, _("The image was not uploaded: %(errors)s") % {"errors": form_errors(form)})
        return redirect(safe_next(request, reverse("desk:article-create")))
    image = store_upload(form, by=request.user)
    if wants_json(request):
        return JsonResponse(_image_json(image), status=201)
    messages.success(request, _("Image uploaded to the library: choose it under “Images” to place it."))
    return redirect(safe_next(request, reverse("desk:article-create")))


def _image_json(image: Image) -> dict:
    return {
        "id": image.pk,
        "label": picture_label(image),  # what the picker shows for it
        "caption": image.caption,
        "credit_line": image.credit_line,
        "alt_text": image.alt_text,
        "url": rendition_sets.thumbnail_url(image),
    }
