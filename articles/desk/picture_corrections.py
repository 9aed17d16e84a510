"""Applying a picture's corrected metadata to the live pieces that show it: a confirmation page, then one POST.

The page lists each live piece and what would change there; the POST calls the workflow service
(`workflow.apply_picture_change`), which publishes a new version of each through the one path.
Editors only: a writer's correction waits for each piece's next approved publication.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from articles import workflow
from articles.desk import selectors
from articles.workflow import pictures as picture_rules


@login_required
@permission_required("articles.review_article", raise_exception=True)
@require_http_methods(["GET", "POST"])
def image_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the live pieces a correction reaches and what changes; POST: apply it to them all."""
    image = get_object_or_404(selectors.image_library(request.user), pk=pk)
    if request.method == "POST":
        done = workflow.apply_picture_change(image, by=request.user)
        messages.success(
            request,
            ngettext(
                "The picture's details are now live in %(count)d piece.",
                "The picture's details are now live in %(count)d pieces.",
                len(done),
            )
            % {"count": len(done)},
        )
        return redirect("desk:image-detail", pk=image.pk)
    behind = picture_rules.behind_the_library(image)
    rows = [(item.version, picture_rules.changed_labels(item.changed)) for item in behind]
    return render(request, "desk/image_apply.html", {"image": image, "rows": rows})
