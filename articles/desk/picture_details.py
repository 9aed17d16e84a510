"""Fixing a placed picture's caption, credit, alt text and archive flag without leaving the editor.

Each placement row in the editor carries a small form for its picture; its fields belong to a
separate <form> outside the article form (forms cannot nest), so it posts on its own — by
static/js/editor_pictures.js in the background, or as a plain form without JavaScript. The change
is saved to the image (the library's copy, used by every piece that shows it) and recorded in the
image's history with who made it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.desk.selectors import image_library
from articles.desk.view_helpers import article_for, safe_next, wants_json
from articles.models import Image
from articles.review import checks
from articles.review.page import number_findings
from articles.workflow import pictures as picture_rules

IN_PLACE_FIELDS = ("caption", "alt_text", "creator", "organisation", "agencies", "is_archive")


class PictureDetailsForm(forms.ModelForm):
    """The printed metadata of one picture, tied to its own <form id="picture-<pk>-form">."""

    class Meta:
        model = Image
        fields = IN_PLACE_FIELDS
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"caption": ""}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"picture-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = self.form_id
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
            else:
                field.widget.attrs["class"] = "form-check-input"

    @property
    def form_id(self) -> str:
        return f"picture-{self.instance.pk}-form"


def attach_picture_forms(placements, user) -> None:
    """Give each saved placement row a form for its picture, if the user may change pictures."""
    if not user.has_perm("articles.change_image"):
        return
    for row in placements.forms:
        image = row.instance.image if row.instance.pk else None
        if image is not None:
            row.picture_form = PictureDetailsForm(instance=image)


@login_required
@require_POST
def picture_details(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a placed picture's details from the editor; JSON for the script, a redirect without it."""
    if not request.user.has_perm("articles.change_image"):
        raise PermissionDenied
    image = get_object_or_404(image_library(request.user), pk=pk)
    form = PictureDetailsForm(request.POST, instance=image)
    if reason := picture_rules.refusal(request.user, image):
        # The editor keeps what was typed in its fields; the message says why and what to do instead.
        message = _("The picture's details were not saved. %(reason)s") % {"reason": reason}
        if wants_json(request):
            return JsonResponse({"errors": {"__all__": [message]}}, status=403)
        messages.error(request, message)
        return redirect(safe_next(request, "/desk/"))
    if not form.is_valid():
        if wants_json(request):
            errors = {name: [str(error) for error in errs] for name, errs in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        messages.error(request, _("The picture's details were not saved: please check them."))
        return redirect(safe_next(request, "/desk/"))
    image = form.save()  # simple_history records it with the signed-in user (its middleware)
    # The pieces placing the picture get the change as a pending revision (published with their next approval).
    followed = {rev.article_id: rev.number for rev in picture_rules.follow_library(image, by=request.user)}
    if wants_json(request):
        answer = {"credit_line": image.credit_line, "is_archive": image.is_archive}
        posted = request.POST.get("article", "")
        if posted.isascii() and posted.isdigit() and (number := followed.get(int(posted))):
            # The editor's form sits on the version before: only picture details moved on, so it may follow.
            answer["version"] = {"before": number - 1, "now": number}
        if findings := _findings_html(request):
            answer["findings_html"] = findings  # the editor's checks, which may have changed with the picture
        return JsonResponse(answer)
    messages.success(request, _("The picture's details have been saved."))
    return redirect(safe_next(request, "/desk/"))


def _findings_html(request: HttpRequest) -> str:
    """The editor's "checks on the saved version" after the change, for the piece the form was sent from."""
    posted = request.POST.get("article", "")
    if not (posted.isascii() and posted.isdigit()) or int(posted) > 2**31 - 1:
        return ""
    article = article_for(request.user, int(posted))  # scoped: a piece this user may not see is a 404
    findings = number_findings(checks.run_checks(article))
    return render_to_string(
        "desk/_partials/_findings_summary.html", {"findings": findings, "article": article}, request=request
    )
