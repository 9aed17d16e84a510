"""The picture picker's search: library pictures matching words of a caption or credit, or a number.

static/js/picture_picker.js asks for JSON as the user types (a page of matches with thumbnails);
without JavaScript the same address is a page with a search form that lists each match's number
to type into the editor's picture box. Either way: a page of matches, a fixed number of queries.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.desk.selectors import search_images
from articles.desk.view_helpers import wants_json
from articles.desk.widgets import LABEL_FIELDS, picture_label, picture_number
from articles.media import rendition_sets
from articles.models import Image

MATCHES_PER_ANSWER = 8  # what the picker's list shows at once
MATCHES_PER_PAGE = 24
MAX_QUERY = 200


def matching_pictures(text: str) -> QuerySet[Image]:
    """Library pictures whose caption, credit or file name holds every word, or whose number is `text`; newest first."""
    pictures = Image.objects.only(*LABEL_FIELDS, "created_at").order_by("-created_at", "-pk")
    text = text.strip()[:MAX_QUERY]
    if not text:
        return pictures
    number = picture_number(text)
    if number is not None and text.lstrip("#").strip().isdigit():
        return pictures.filter(Q(pk=number) | Q(file__icontains=text.lstrip("#").strip()))
    return search_images(pictures, text)


def _thumbnails(images: list[Image]) -> dict[int, str]:
    # Only renditions made already: a search never renders pictures.
    found = rendition_sets.existing_for_images(image.pk for image in images)
    return {pk: rendition_set.best_url("teaser", 160, "webp") for pk, rendition_set in found.items()}


@login_required
@permission_required("articles.view_image", raise_exception=True)
@require_GET
def picture_search(request: HttpRequest) -> HttpResponse:
    """A page of matching pictures: JSON for the picker, HTML for a browser without JavaScript."""
    text = request.GET.get("q", "")
    if wants_json(request):
        try:
            page = max(int(request.GET.get("page") or 1), 1)
        except ValueError:
            page = 1
        start = (page - 1) * MATCHES_PER_ANSWER
        # One more than shown tells whether there is a next page, without counting the library.
        images = list(matching_pictures(text)[start : start + MATCHES_PER_ANSWER + 1])
        shown = images[:MATCHES_PER_ANSWER]
        thumbnails = _thumbnails(shown)
        results = [
            {
                "id": image.pk,
                "label": picture_label(image),
                "thumbnail": thumbnails.get(image.pk, ""),
                "caption": image.caption,  # the editor's hint for the piece's own caption
            }
            for image in shown
        ]
        return JsonResponse({"results": results, "page": page, "has_next": len(images) > MATCHES_PER_ANSWER})
    page = Paginator(matching_pictures(text), MATCHES_PER_PAGE).get_page(request.GET.get("page"))
    thumbnails = _thumbnails(list(page))
    matches = [(image, picture_label(image), thumbnails.get(image.pk, "")) for image in page]
    return render(request, "desk/picture_search.html", {"page": page, "matches": matches, "q": text})
