"""Autosave: the open editor keeps its unsaved form on the server every few seconds.

`autosave` stores the form as the browser would post it (per user and piece, no
version check: it is not a save). Reopening the piece offers it back
(`restore_offer`, with what differs from the stored piece); `?restore=1` binds the
editor to it, so saving goes through the usual version check and merge. A real save
or "discard" forgets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles import workflow
from articles.desk import refusals
from articles.desk.forms import ArticleForm
from articles.desk.view_helpers import article_for
from articles.models import Article, Autosave, SaveReceipt
from articles.workflow import history, receipts

# What the browser sends that is not part of the piece.
_IGNORED = frozenset({"csrfmiddlewaretoken", "_save", "_review"})


@dataclass
class RestoreOffer:
    autosave: Autosave
    # (label, word-diff chunks from stored to unsaved) for each field that differs.
    changes: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def saved_tokens(user) -> list[str]:
    """The save tokens of the user's stored saves (the last week's, newest first): a copy kept in the browser
    that carries one of them is text already saved, never offered back (one query)."""
    since = timezone.now() - receipts.KEEP_FOR
    tokens = SaveReceipt.objects.filter(user=user, created_at__gte=since).order_by("-created_at")
    return [str(token) for token in tokens.values_list("token", flat=True)[:200]]


def server_copy(offer: RestoreOffer) -> dict:
    """What the browser needs to tell its own copy from the server's: when it was kept and its text fields."""
    data = offer.autosave.data
    return {
        "at": int(offer.autosave.saved_at.timestamp() * 1000),
        "data": {name: data[name] for name in workflow.EDITABLE_FIELDS if name in data},
    }


def as_querydict(data: dict[str, list[str]]) -> QueryDict:
    """The autosaved form as request data, for binding the editor's form and formsets."""
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, [str(value) for value in values])
    return query


def restore_offer(user, article: Article) -> RestoreOffer | None:
    """The user's autosave of `article` if it differs from the stored piece (one query)."""
    kept = Autosave.objects.filter(user=user, article=article).first()
    if kept is None:
        return None
    stored = ArticleForm(instance=article)
    offer = RestoreOffer(kept)
    for name in workflow.EDITABLE_FIELDS:
        values = kept.data.get(name)
        if values is None:
            continue
        unsaved = _normalise(values[0] if values else "")
        value = stored[name].value()
        current = _normalise("" if value is None else str(getattr(value, "pk", value)))
        if name == "expire_at" and value:
            current = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        if unsaved != current:
            offer.changes.append((str(stored.fields[name].label), history.word_diff(current, unsaved)))
    return offer if offer.changes else None


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def editable_article(user, pk: int) -> Article:
    """The piece if this user may open and edit it (404 / 403 otherwise), with only what that check reads.

    Autosave runs every few seconds while someone types: no bylines or pictures are loaded.
    """
    article = get_object_or_404(Article.objects.visible_to(user).only("pk", "status", "version", "created_by"), pk=pk)
    if not workflow.can_edit(user, article):
        raise refusals.not_yours()
    return article


def forget(user, article: Article) -> None:
    """Drop the user's autosave of `article` (after a real save)."""
    Autosave.objects.filter(user=user, article=article).delete()


@never_cache
@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Keep the posted editor form for this user and piece; JSON answer for static/js/editor_autosave.js."""
    article = editable_article(request.user, pk)
    try:
        post = request.POST
    except RequestDataTooBig:
        return JsonResponse({"error": _("Too large to keep on the server.")}, status=413)
    body = post.get("body", "")
    if len(body) > settings.NEWSROOM_BODY_MAX_CHARS:
        return JsonResponse({"error": _("The body is longer than the editor accepts.")}, status=413)
    try:
        base_version = int(post.get("base_version") or article.version)
    except ValueError:
        base_version = article.version
    # Only versions that exist: a crafted number would overflow the column (a 500) or restore onto nothing.
    base_version = min(max(1, base_version), article.version)
    data = {key: post.getlist(key) for key in post if key not in _IGNORED}
    now = timezone.now()
    # One INSERT … ON CONFLICT UPDATE: this runs every few seconds for everyone typing.
    Autosave.objects.bulk_create(
        [Autosave(user=request.user, article=article, data=data, base_version=base_version, saved_at=now)],
        update_conflicts=True,
        unique_fields=["user", "article"],
        update_fields=["data", "base_version", "saved_at"],
    )
    return JsonResponse({"saved_at": timezone.localtime(now).strftime("%H:%M:%S")})


@login_required
@require_POST
def autosave_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Throw away the user's own autosave of the piece and open the stored version."""
    article = article_for(request.user, pk)
    forget(request.user, article)
    messages.info(request, _("Your unsaved changes were discarded."))
    return redirect("desk:article-edit", pk=article.pk)
