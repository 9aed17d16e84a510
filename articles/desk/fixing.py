"""Acting on review findings from the review page: apply a correction (one, or all of a kind) and add a
word to the newsroom dictionary. Thin views: the services decide who may do what."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles import workflow
from articles.desk.view_helpers import article_for, form_errors
from articles.review import newsroom_dictionary
from articles.review.registry import piece_language
from articles.workflow.fixes import NothingToApply, apply_fixes


class ApplyFixForm(forms.Form):
    code = forms.CharField(max_length=60)
    # Not stripped: a finding's text may be only white space (a double space), and that is what it names.
    target = forms.CharField(max_length=300, required=False, strip=False)
    version = forms.IntegerField(min_value=0)
    every = forms.BooleanField(required=False, label=gettext_lazy("every finding of this kind"))

    def clean_target(self) -> str:
        # A browser sends a line break inside a form value as CR LF; the text has LF.
        return self.cleaned_data["target"].replace("\r\n", "\n")


class DictionaryWordForm(forms.Form):
    word = forms.CharField(max_length=100)


def _back(article) -> HttpResponse:
    return redirect(reverse("desk:article-review", kwargs={"pk": article.pk}) + "#findings")


@login_required
@require_POST
def finding_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply a finding's correction on top of the version the editor saw; a later save refuses it."""
    article = article_for(request.user, pk)
    form = ApplyFixForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing changed: %(errors)s") % {"errors": form_errors(form)})
        return _back(article)
    data = form.cleaned_data
    try:
        applied = apply_fixes(
            article,
            by=request.user,
            base_version=data["version"],
            code=data["code"],
            target=data["target"],
            every=data["every"],
        )
    except (workflow.WorkflowError, NothingToApply) as error:
        messages.error(request, _("Nothing changed: %(reason)s") % {"reason": error})
    else:
        message = _("Applied %(count)s correction(s).") % {"count": applied.count}
        if applied.skipped:
            message += " " + _("%(count)s place(s) left for you: in a caption or overlapping.") % {
                "count": applied.skipped
            }
        messages.success(request, message)
    return _back(article)


@login_required
@require_POST
def dictionary_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the word a spelling finding points at to the newsroom dictionary of the piece's language."""
    article = article_for(request.user, pk)
    if not newsroom_dictionary.can_add_words(request.user):
        raise PermissionDenied(_("Only editors can add words to the newsroom dictionary."))
    form = DictionaryWordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing added: %(errors)s") % {"errors": form_errors(form)})
        return _back(article)
    try:
        entry, created = newsroom_dictionary.add_word(
            word=form.cleaned_data["word"], language=piece_language(article), by=request.user
        )
    except (PermissionDenied, ValueError) as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(request, _("“%(word)s” is in the newsroom dictionary now.") % {"word": entry.word})
        else:
            messages.info(request, _("“%(word)s” was already in the newsroom dictionary.") % {"word": entry.word})
    return _back(article)
