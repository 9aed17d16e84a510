"""The desk's piece templates: editors keep them; New piece and New assignment start from one (`?template=<id>`).

The template's fields prefill the form; nothing is stored until the writer or editor saves.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from articles import workflow
from articles.models import PieceTemplate
from articles.review.registry import check_choices


class PieceTemplateForm(forms.ModelForm):
    checks = forms.MultipleChoiceField(
        label=gettext_lazy("Checks to heed"),
        choices=check_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Shown to the writer and the reviewer of pieces started from this template."),
    )

    class Meta:
        model = PieceTemplate
        fields = [
            "name",
            "description",
            "section",
            "planned_words",
            "kicker",
            "headline",
            "teaser",
            "dateline",
            "body",
            "checks",
            "position",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "teaser": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 10, "class": "font-monospace"}),
        }


def require_template_editor(user) -> None:
    if not workflow.is_editor(user):
        raise PermissionDenied(
            _("Only editors keep the piece templates. To start a piece from one, choose it under “New article”.")
        )


def template_for(request: HttpRequest) -> PieceTemplate | None:
    """The template `?template=<id>` names, if the user may use it; a bad id is told, not a 500."""
    raw = request.GET.get("template", "")
    if not raw:
        return None
    template = (
        PieceTemplate.objects.usable_by(request.user).select_related("section").filter(pk=raw).first()
        if raw.isdigit()
        else None
    )
    if template is None:
        messages.warning(request, _("That template no longer exists: the form starts empty."))
    return template


def posted_template(request: HttpRequest) -> PieceTemplate | None:
    """The template a new piece's form was started from (its hidden field); None if it is gone meanwhile."""
    raw = request.POST.get("template", "")
    return PieceTemplate.objects.usable_by(request.user).filter(pk=raw).first() if raw.isdigit() else None


def template_choices(user) -> list[PieceTemplate]:
    return list(PieceTemplate.objects.usable_by(user).only("pk", "name", "description", "position"))


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    require_template_editor(request.user)
    templates = PieceTemplate.objects.select_related("section")
    return render(request, "desk/piece_templates/list.html", {"templates": templates})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_template_editor(request.user)
    template = get_object_or_404(PieceTemplate, pk=pk) if pk else None
    form = PieceTemplateForm(request.POST or None, instance=template)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            if template is None:
                saved.created_by = request.user
            saved.save()
            messages.success(request, _("Template “%(name)s” saved.") % {"name": saved.name})
            return redirect("desk:template-list")
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
        status = 400
    return render(request, "desk/piece_templates/form.html", {"form": form, "template": template}, status=status)


@login_required
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_template_editor(request.user)
    template = get_object_or_404(PieceTemplate, pk=pk)
    name = template.name
    template.delete()  # pieces and assignments started from it keep what they were given
    messages.success(request, _("Template “%(name)s” deleted.") % {"name": name})
    return redirect("desk:template-list")
