"""The desk's picture tools: the focal point (set on the picture page), with crop previews.

The form is two range inputs (keyboard-usable without any script); static/js/focal-point.js lets
editors click the picture or use the arrow keys on it and updates the previews at once.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles.desk import selectors
from articles.desk.view_helpers import after_response, wants_json
from articles.media import rendition_sets, renditions
from articles.media.focal import set_focal_point
from articles.models import Image
from articles.workflow import pictures as picture_rules

# The crops previewed on the picture page: name, shape (width / height), label.
PREVIEW_CROPS = (
    ("lead", 16 / 9, gettext_lazy("Lead 16:9")),
    ("teaser", 4 / 3, gettext_lazy("Teaser 4:3")),
    ("square", 1.0, gettext_lazy("Square 1:1")),
    ("social", 1200 / 630, gettext_lazy("Social card 1200×630")),  # noqa: RUF001
)


def focal_context(image: Image) -> dict:
    """What the picture page's focal-point panel needs (one query for the renditions)."""
    return {
        "pictures": rendition_sets.for_images([image.pk]),
        "focal_x": f"{image.focal_x * 100:g}",
        "focal_y": f"{image.focal_y * 100:g}",
        "focal_crops": [(crop, f"{ratio:.4f}", label) for crop, ratio, label in PREVIEW_CROPS],
    }


class FocalPointForm(forms.Form):
    """Where the subject is, in per cent of the picture's width and height."""

    x = forms.FloatField(label=gettext_lazy("Across (%)"), min_value=0, max_value=100)
    y = forms.FloatField(label=gettext_lazy("Down (%)"), min_value=0, max_value=100)


@login_required
@permission_required("articles.change_image", raise_exception=True)
@require_POST
def focal_point(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(selectors.image_library(request.user), pk=pk)
    form = FocalPointForm(request.POST)
    error = ""
    if reason := picture_rules.refusal(request.user, image):
        error = _("The focal point was not saved. %(reason)s") % {"reason": reason}
    elif not image.file:
        error = _("This picture has no file yet, so it has no focal point.")
    elif not form.is_valid():
        error = _("The focal point was not saved: give two numbers from 0 to 100.")
    else:
        try:
            # The crops (seconds of encoding) are made after the answer: the save itself is a row update.
            set_focal_point(
                image, x=form.cleaned_data["x"] / 100, y=form.cleaned_data["y"] / 100, by=request.user, make=False
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    done = _("Focal point saved; the crops are being made again.")
    # The editor's picture panel saves in place and asks for JSON; the picture page posts a form.
    if wants_json(request):
        status = 403 if reason else 400 if error else 200
        response = JsonResponse({"ok": not error, "message": error or done}, status=status)
    else:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        response = redirect("desk:image-detail", pk=image.pk)
    # Made after the answer; should this process die first, the next page showing the picture makes them.
    return response if error else after_response(response, lambda: renditions.replace(image))
