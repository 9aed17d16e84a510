"""The desk's overview pages: dashboard, article list, calendar, image library and authors.

Thin views: reads come from articles.desk.selectors, filtering from articles.desk.filters, uploads from
articles.media.images. Every article query is scoped with `Article.objects.visible_to(user)`.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from articles import workflow
from articles.desk import selectors
from articles.desk.filters import ArticleFilter, ImageFilter
from articles.desk.pictures import focal_context
from articles.desk.planning_selectors import open_assignments_for
from articles.desk.view_helpers import DAY_YEARS, CappedPaginator, parse_day
from articles.media import rendition_sets
from articles.media.images import (
    ImageMetadataForm,
    ImageUploadForm,
    max_upload_bytes,
    max_upload_pixels,
    prefill_fields,
    read_embedded_metadata,
    store_upload,
    validate_image_file,
)
from articles.models import Article, Author
from articles.workflow import pictures as picture_rules
from articles.workflow import rights

ARTICLES_PER_PAGE = 25
IMAGES_PER_PAGE = 24
AUTHORS_PER_PAGE = 50


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard_for(request.user)
    # Pictures about to lose their rights while live pieces show them (articles/workflow/rights.py).
    watch = rights.expiring_soon(user=request.user) if request.user.has_perm("articles.view_image") else []
    # The writer's own assignments lead the page, due and overdue ones marked.
    now = timezone.now()
    mine = open_assignments_for(request.user)
    for assignment in mine:
        assignment.due, assignment.overdue = assignment.is_due(now), assignment.is_overdue(now)
    return render(request, "desk/dashboard.html", {"dash": data, "rights_watch": watch, "my_assignments": mine})


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    article_filter = ArticleFilter(request.GET or None, queryset=Article.objects.visible_to(request.user))
    articles = selectors.with_list_data(article_filter.qs)
    page = CappedPaginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"filter": article_filter, "page": page, "sort": request.GET.get("sort", "")}
    return render(request, "desk/article_list.html", context)


# The calendar pages a week on either side: dates this far out would run off the calendar's range.


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The story budget: a week (Monday to Sunday) or one day of scheduled and published pieces."""
    day = parse_day(request.GET.get("date"))
    status = 200
    if day is None:
        messages.error(
            request,
            _("There is no calendar for “%(date)s”: give a date from %(first)s to %(last)s, such as %(today)s.")
            % {
                "date": request.GET.get("date", "")[:40],
                "first": DAY_YEARS[0],
                "last": DAY_YEARS[1],
                "today": timezone.localdate().isoformat(),
            },
        )
        day, status = timezone.localdate(), 400
    view = "day" if request.GET.get("view") == "day" else "week"
    if view == "week":
        first, length, step = day - datetime.timedelta(days=day.weekday()), 7, 7
    else:
        first, length, step = day, 1, 1
    days = selectors.calendar_days(request.user, first, length)
    context = {
        "view": view,
        "day": day,
        "days": days,
        "first": first,
        "last": first + datetime.timedelta(days=length - 1),
        "previous": first - datetime.timedelta(days=step),
        "next": first + datetime.timedelta(days=step),
        "today": timezone.localdate(),
        "total": sum(len(d.items) for d in days),
    }
    return render(request, "desk/calendar.html", context, status=status)


# --- images ---------------------------------------------------------------------------------


def _rights_dates() -> dict[str, datetime.date]:
    """Today and the end of the "rights expiring" window, for the image flags."""
    today = timezone.localdate()
    return {"today": today, "rights_soon": today + datetime.timedelta(days=selectors.RIGHTS_WARNING_DAYS)}


@login_required
@permission_required("articles.view_image", raise_exception=True)
def image_list(request: HttpRequest) -> HttpResponse:
    image_filter = ImageFilter(request.GET or None, queryset=selectors.image_library(request.user))
    page = Paginator(image_filter.qs.order_by("-created_at", "-pk"), IMAGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/image_list.html",
        {
            "filter": image_filter,
            "page": page,
            "pictures": rendition_sets.for_images(image.pk for image in page),
            **_rights_dates(),
        },
    )


@login_required
@permission_required("articles.view_image", raise_exception=True)
@require_http_methods(["GET", "POST"])
def image_detail(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(selectors.image_library(request.user), pk=pk)
    can_change = request.user.has_perm("articles.change_image")
    # Said before anything is typed; a refused save shows it again with the text kept.
    refusal = picture_rules.refusal(request.user, image) if can_change else ""
    form = ImageMetadataForm(request.POST or None, instance=image)
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("Your account may not change pictures. Ask an editor."))
        if refusal:
            messages.error(request, _("Nothing was saved. %(reason)s") % {"reason": refusal})
            status = 403
        elif form.is_valid():
            picture_rules.follow_library(form.save(), by=request.user)
            messages.success(request, _("The image's details have been saved."))
            return redirect("desk:image-detail", pk=image.pk)
        else:
            messages.error(request, _("Please correct the errors below."))
    is_editor = workflow.is_editor(request.user)
    context = {
        "image": image,
        "form": form,
        "can_change": can_change,
        "refusal": refusal,
        "placements": selectors.image_placements(image, request.user),
        "behind": picture_rules.behind_the_library(image) if is_editor else [],
        **_rights_dates(),
        **focal_context(image),
    }
    return render(request, "desk/image_detail.html", context, status=status)


@login_required
@permission_required("articles.add_image", raise_exception=True)
@require_http_methods(["GET", "POST"])
def image_upload(request: HttpRequest) -> HttpResponse:
    form = ImageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            image = store_upload(form, by=request.user)
            messages.success(request, _("The image has been added to the library. Check its details."))
            return redirect("desk:image-detail", pk=image.pk)
        messages.error(request, _("The image was not uploaded. Please correct the errors below."))
    context = {"form": form, "max_bytes": max_upload_bytes(), "max_megapixels": max_upload_pixels() // 1_000_000}
    return render(request, "desk/image_upload.html", context)


@login_required
@permission_required("articles.add_image", raise_exception=True)
@require_POST
def image_metadata(request: HttpRequest) -> JsonResponse:
    """The embedded IPTC/XMP of a chosen file, as form field values, so the form can pre-fill.

    Nothing is stored. The same checks as an upload apply, so a refused file says why at once.
    """
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("No file was sent.")}, status=400)
    try:
        validate_image_file(upload)
    except forms.ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"fields": prefill_fields(read_embedded_metadata(upload))})


# --- authors --------------------------------------------------------------------------------


class AuthorForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name", "slug", "sign_off", "user", "bio", "is_active"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"slug": gettext_lazy("The author's page address: lower-case letters, digits and hyphens.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


@login_required
@permission_required("articles.change_author", raise_exception=True)
def author_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in text
    authors = selectors.author_list()
    if query:
        authors = authors.filter(name__icontains=query) | authors.filter(sign_off__iexact=query)
    page = Paginator(authors.order_by("name", "pk"), AUTHORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "desk/author_list.html", {"page": page, "q": query})


@login_required
@permission_required("articles.change_author", raise_exception=True)
@require_http_methods(["GET", "POST"])
def author_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    author = get_object_or_404(Author, pk=pk) if pk is not None else None
    if author is None and not request.user.has_perm("articles.add_author"):
        raise PermissionDenied(_("Only editors add authors. Ask an editor to add this one."))
    form = AuthorForm(request.POST or None, instance=author)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            if author is None:
                messages.success(request, _("Author “%(name)s” has been added.") % {"name": saved.name})
            else:
                messages.success(request, _("Author “%(name)s” has been saved.") % {"name": saved.name})
            return redirect("desk:author-list")
        messages.error(request, _("Please correct the errors below."))
    return render(request, "desk/author_form.html", {"form": form, "author": author})
