"""Suggestion mode on the desk: the *Suggest* editor, and the list where suggestions are accepted or rejected.

`article_suggest` is the editor in *Suggest* mode (GET) and keeps what was typed as suggestions (POST);
`article_suggestions` lists the open ones as plain forms (GET, works without JavaScript) and accepts or
rejects them (POST). The decisions themselves are `articles.workflow.suggestions`' services.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from articles.desk.forms import MAX_VERSION
from articles.desk.view_helpers import article_for, form_errors, safe_next
from articles.media import rendition_sets
from articles.models import Article, Placement
from articles.review import debris
from articles.workflow import WorkflowError, locks
from articles.workflow import suggestion_reading as reading
from articles.workflow import suggestions as service


class SuggestForm(forms.ModelForm):
    """The fields a suggestion may change, as the suggester typed them; never saved as such."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)

    class Meta:
        model = Article
        fields = list(reading.TEXT_FIELDS)
        widgets = {"teaser": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, placements: list[Placement], **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("base_version", self.instance.version)
        for name in reading.TEXT_FIELDS:
            self.fields[name].required = False
            self.fields[name].strip = False
        self.placements = placements
        for placement in placements:
            self.fields[f"caption_{placement.pk}"] = forms.CharField(
                label=gettext_lazy("Caption"),
                required=False,
                strip=False,
                max_length=Placement._meta.get_field("caption").max_length,
                initial=placement.caption,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def caption_rows(self) -> list[tuple[Placement, forms.BoundField]]:
        return [(placement, self[f"caption_{placement.pk}"]) for placement in self.placements]


def _placements(article: Article) -> list[Placement]:
    return list(article.placements.select_related("image").order_by("position", "pk"))


def suggestion_context(article: Article, user) -> dict:
    """What a page listing the open suggestions needs (the editor, the review page, the list page)."""
    return {
        "suggestions": reading.located(article),
        "may_decide": service.can_decide(user, article),
        "may_suggest": service.can_suggest(user, article),
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor in *Suggest* mode: what is typed is kept as suggestions, the piece itself is not changed."""
    article = article_for(request.user, pk)
    if not service.can_suggest(request.user, article):
        raise PermissionDenied(str(service.refusal_to_suggest()))
    if request.method == "POST" and "switch" in request.POST:
        # From the editor (a POST, as every change is): suggesting edits nothing, so its edit lock is let go.
        locks.release(article, user=request.user)
        return redirect("desk:article-suggest", pk=article.pk)
    placements = _placements(article)
    form = SuggestForm(request.POST or None, instance=article, placements=placements)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = service.propose(
                    # The stored piece: validating the form wrote the typed values into `article`.
                    article_for(request.user, pk),
                    by=request.user,
                    base_version=data["base_version"],
                    fields={name: data[name] or "" for name in reading.TEXT_FIELDS},
                    captions={placement.pk: data[f"caption_{placement.pk}"] or "" for placement in placements},
                )
            except WorkflowError as error:
                messages.error(request, str(error))
            else:
                if made:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d suggestion kept for the writer.",
                            "%(count)d suggestions kept for the writer.",
                            len(made),
                        )
                        % {"count": len(made)},
                    )
                else:
                    messages.info(request, _("Nothing differs from the text: no suggestion was made."))
                return redirect("desk:article-suggest", pk=article.pk)
        else:
            messages.error(request, _("No suggestion was kept: %(errors)s") % {"errors": form_errors(form)})
        # The form keeps what was typed (the page shows it back); the list beside it is the stored piece's.
        article = article_for(request.user, pk)
    context = {
        "article": article,
        "form": form,
        "suggest_mode": True,
        "pictures": rendition_sets.for_images(placement.image_id for placement in placements),
        "editor_messages": {"preview_failed": _("The preview could not be updated.")},
        "body_editor_config": {"debris": debris.pattern_for_browsers()},
        "body_max_chars": settings.NEWSROOM_BODY_MAX_CHARS,
        "upload_max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        **suggestion_context(article, request.user),
    }
    return render(request, "desk/article_suggest.html", context, status=400 if request.method == "POST" else 200)


ACTIONS = ("accept", "reject", "accept_all", "reject_all")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def article_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The open suggestions as plain forms (GET); accept or reject one, or all (POST)."""
    article = article_for(request.user, pk)
    if request.method == "GET":
        context = {"article": article, **suggestion_context(article, request.user)}
        return render(request, "desk/article_suggestions.html", context)
    if not service.can_decide(request.user, article):
        raise PermissionDenied(str(service.refusal_to_decide()))
    back = safe_next(request, reverse("desk:article-suggestions", kwargs={"pk": article.pk}))
    action, _sep, number = request.POST.get("action", "").partition(":")
    if action not in ACTIONS or (action in ("accept", "reject") and not (number.isascii() and number.isdigit())):
        messages.error(request, _("Nothing was decided: choose a suggestion to accept or reject."))
        return redirect(back)
    ids = None if action.endswith("_all") else [int(number)]
    try:
        if action.startswith("accept"):
            decided = service.accept(article, by=request.user, ids=ids)
        else:
            decided = service.reject(article, by=request.user, ids=ids)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(back)
    if action.startswith("accept"):
        messages.success(
            request,
            ngettext(
                "%(count)d suggestion accepted: saved as revision %(number)s.",
                "%(count)d suggestions accepted: saved as revision %(number)s.",
                decided.done,
            )
            % {"count": decided.done, "number": decided.saved.article.version},
        )
    else:
        messages.success(
            request,
            ngettext("%(count)d suggestion rejected.", "%(count)d suggestions rejected.", decided.done)
            % {"count": decided.done},
        )
    if decided.outdated:
        messages.warning(
            request,
            ngettext(
                "%(count)d suggestion was left out: its words are no longer in the text (outdated).",
                "%(count)d suggestions were left out: their words are no longer in the text (outdated).",
                decided.outdated,
            )
            % {"count": decided.outdated},
        )
    return redirect(back)
