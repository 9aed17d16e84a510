"""Preview links for people without an account: the legal desk, a source checking a quote, a picture agency.

An editor makes a link to the piece's current revision from its review page: signed with the site's
secret, expiring (48 hours unless the editor says otherwise, 14 days at most), revocable, listed on the piece and kept
in the link's history (who made and who revoked it). The guest sees the revision as it would be
published — the public site's templates, in the piece's language — marked "not published", `noindex`,
never kept by a proxy. Its pictures come through the link (no other address reaches unpublished
renditions). If the editor allows it, the guest may leave a comment with a name: it lands in the
piece's thread, escaped, without mentions, a few per hour at most.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.desk.view_helpers import article_for
from articles.media import rendition_sets, serving
from articles.media.renditions import RENDITIONS_PREFIX
from articles.models import Article, PreviewLink, Rendition, ReviewComment
from articles.site import public
from articles.workflow import is_editor
from articles.workflow.revisions import ensure_revision
from articles.workflow.snapshots import build_from_revision

SALT = "newsroom.preview-link"
# A guest may leave this many comments per link and address within COMMENT_WINDOW.
COMMENTS_PER_WINDOW = 5
COMMENT_WINDOW = 3600


class LinkForm(forms.ModelForm):
    hours = forms.IntegerField(
        label=gettext_lazy("valid for (hours)"), min_value=1, max_value=24 * 14, initial=48, required=True
    )

    class Meta:
        model = PreviewLink
        fields = ["label", "allow_comments"]
        widgets = {"label": forms.TextInput(attrs={"class": "form-control form-control-sm"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["allow_comments"].widget.attrs["class"] = "form-check-input"


class GuestCommentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=80)
    body = forms.CharField(
        label=gettext_lazy("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


# --- the links -----------------------------------------------------------------------------------------


def token(link: PreviewLink) -> str:
    return signing.dumps([link.pk, link.key], salt=SALT, compress=False)


def address(link: PreviewLink) -> str:
    """The guest's absolute address of the link."""
    return settings.SITE_URL + reverse("guest-preview", kwargs={"token": token(link)})


def find(given: str) -> PreviewLink | None:
    """The usable link this address names (signed, not revoked, not expired), else None."""
    try:
        pk, key = signing.loads(given, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    link = PreviewLink.objects.usable().select_related("article", "revision__section").filter(pk=pk).first()
    if link is None or not constant_time_compare(link.key, str(key)):
        return None
    return link


def links_of(article: Article) -> list[PreviewLink]:
    """The piece's links, newest first, for its review page (usable and not)."""
    return list(article.preview_links.select_related("created_by", "revoked_by", "revision"))


def make(article: Article, *, by, label: str, hours: int, allow_comments: bool) -> PreviewLink:
    """A link to the piece's current revision (frozen now if the piece has none yet)."""
    if not is_editor(by):
        raise PermissionDenied(_("Only editors make preview links. Ask an editor."))
    with transaction.atomic():
        locked = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
        revision = ensure_revision(locked)
        return PreviewLink.objects.create(
            article=locked,
            revision=revision,
            label=label,
            allow_comments=allow_comments,
            created_by=by,
            expires_at=timezone.now() + timedelta(hours=hours),
        )


def revoke(link: PreviewLink, *, by) -> PreviewLink:
    if not is_editor(by):
        raise PermissionDenied(_("Only editors revoke preview links. Ask an editor."))
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), by
        link._history_user = by
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


# --- the desk's side -----------------------------------------------------------------------------------


@login_required
@require_POST
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_for(request.user, pk)
    form = LinkForm(request.POST)
    back = reverse("desk:article-review", kwargs={"pk": article.pk}) + "#preview-links"
    if not form.is_valid():
        errors = "; ".join(str(error) for errs in form.errors.values() for error in errs)
        messages.error(request, _("No link was made: %(errors)s") % {"errors": errors})
        return redirect(back)
    link = make(
        article,
        by=request.user,
        label=form.cleaned_data["label"],
        hours=form.cleaned_data["hours"],
        allow_comments=form.cleaned_data["allow_comments"],
    )
    messages.success(
        request,
        _("Preview link for %(label)s made (revision %(number)s), valid until %(until)s: %(address)s")
        % {
            "label": link.label,
            "number": link.revision.number,
            "until": timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M"),
            "address": address(link),
        },
    )
    return redirect(back)


@login_required
@require_POST
def link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    article = article_for(request.user, pk)
    link = get_object_or_404(PreviewLink, pk=link_pk, article=article)
    revoke(link, by=request.user)
    messages.success(
        request, _("The preview link for %(label)s is revoked: it now answers “not found”.") % {"label": link.label}
    )
    return redirect(reverse("desk:article-review", kwargs={"pk": article.pk}) + "#preview-links")


# --- the guest's side ----------------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address is the key: it must not leave in a Referer to another site ("no-referrer" would also
    # make the browser send "Origin: null" with the comment form, which CSRF protection refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


def _image_ids(link: PreviewLink) -> set[int]:
    return {placement.get("image_id") for placement in link.revision.placements or []} - {None}


@never_cache
@require_http_methods(["GET", "POST"])
def guest_page(request: HttpRequest, token: str) -> HttpResponse:
    """The revision as readers would get it, marked not published; a guest's comment when allowed."""
    link = find(token)
    if link is None:
        raise Http404
    form = GuestCommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not link.allow_comments:
            raise PermissionDenied(_("This link does not take comments. Answer the person who sent it."))
        limit_key = f"newsroom:guest-comments:{link.pk}:{request.META.get('REMOTE_ADDR', '')}"
        if cache.get(limit_key, 0) >= COMMENTS_PER_WINDOW:
            form.add_error(None, _("That is enough comments for now: please try again in an hour."))
            status = 429
        elif form.is_valid():
            ReviewComment.objects.create(
                article=link.article,
                guest_name=form.cleaned_data["name"].strip(),
                preview_link=link,
                body=form.cleaned_data["body"].strip(),
            )
            cache.set(limit_key, cache.get(limit_key, 0) + 1, COMMENT_WINDOW)
            return _private(redirect(reverse("guest-preview", kwargs={"token": token}) + "?sent=1#guest-comment"))
        else:
            status = 400
    article = link.article
    with translation.override(article.language or settings.LANGUAGE_CODE):
        piece = build_from_revision(link.revision, first_published_at=article.published_at)
        piece.article = article
        response = render(
            request,
            "site/guest_preview.html",
            {
                "piece": piece,
                "link": link,
                "form": form,
                "sent": request.GET.get("sent") == "1",
                "nav_sections": public.nav_sections(),
                "pictures": rendition_sets.for_images(_image_ids(link), audience=rendition_sets.guest(token)),
                "site_name": settings.NEWSROOM_SITE_NAME,
            },
            status=status,
        )
    return _private(response)


@require_safe
def guest_picture(request: HttpRequest, token: str, image_id: int, key: str, filename: str) -> HttpResponse:
    """A rendition of a picture the link's revision places, only while the link is usable."""
    link = find(token)
    if link is None or image_id not in _image_ids(link):
        raise Http404
    name = f"{RENDITIONS_PREFIX}{image_id}/{key}/{filename}"
    get_object_or_404(Rendition.objects.only("pk"), image_id=image_id, file=name)
    return _private(serving.file_response(request, "renditions", name))
