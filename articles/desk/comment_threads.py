"""Comments on the review page and beside the editor: anchored to words of the body, resolved and reopened.

`comment_context` is what the review page needs about its comments; `editor_feedback` what the editor
shows beside the body (the open "what should change" note and the thread); `comment_resolve` resolves
or reopens one (JSON for the editor's fetch, a redirect otherwise); `comment_thread` answers the
editor's polling with the comments after the last one it has. The anchoring itself (finding the words
again after edits) lives in `articles.review.anchors`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles.desk.view_helpers import article_for, safe_next, wants_json
from articles.models import Article, ReviewComment, State
from articles.review import anchors, comments
from articles.review.page import MarkedField


def _thread(article: Article) -> list[ReviewComment]:
    return list(article.comments.select_related("author", "resolved_by", "preview_link"))


def comment_context(article: Article, user, fields: list[MarkedField]) -> dict:
    """The thread with each comment's place in the body, the body marked, the people to mention."""
    thread = _thread(article)
    located = anchors.anchored(thread, article.body)
    people = comments.mentionable(article) if comments.can_comment(user, article) else []
    return {
        "comments": located,
        "open_comments": sum(1 for item in located if item.comment.resolved_at is None),
        "marked_fields": anchors.marked_with_comments(fields, located, article.body),
        "mentionable": [
            {"username": person.username, "name": person.get_full_name() or person.username} for person in people
        ],
    }


def review_note(article: Article):
    """The open "what should change" note: the last event sent the piece back, and it is still a draft."""
    if article.status != State.DRAFT:
        return None
    last = article.events.select_related("actor").order_by("-created_at", "-pk").first()
    if last is None or last.transition != "request_changes":
        return None
    return last


def editor_feedback(article: Article, user) -> dict:
    """What the editor shows beside the body: the open review note and the thread with each comment's words."""
    located = anchors.anchored(_thread(article), article.body)
    return {
        "review_note": review_note(article),
        "comments": located,
        "open_comments": sum(1 for item in located if item.comment.resolved_at is None),
        "last_comment_id": max((item.comment.pk for item in located), default=0),
        "may_comment": comments.can_comment(user, article),
    }


def comment_json(request: HttpRequest, article: Article, comment: ReviewComment) -> dict:
    """One comment for the editor's script: its number, state and the panel's markup for it (escaped)."""
    item = anchors.anchored([comment], article.body)[0]
    html = render_to_string(
        "desk/_partials/_editor_comment.html",
        {"item": item, "article": article, "may_comment": comments.can_comment(request.user, article)},
        request=request,
    )
    return {"id": comment.pk, "resolved": comment.resolved_at is not None, "html": html}


def _open_count(article: Article) -> int:
    return article.comments.filter(resolved_at__isnull=True).count()


@never_cache
@login_required
@require_GET
def comment_thread(request: HttpRequest, pk: int) -> JsonResponse:
    """The comments after `after` (a comment number) on a piece the user may see, for the editor's polling.

    `resolved` (comma-separated numbers) is what the page shows as resolved: older comments resolved or
    reopened since come back under "changed".
    """
    article = article_for(request.user, pk)
    after = request.GET.get("after", "0")
    if not after.isdigit():
        return JsonResponse({"message": _("“after” must be a comment number.")}, status=400)
    shown_resolved = {int(number) for number in request.GET.get("resolved", "").split(",") if number.isdigit()}
    thread = _thread(article)
    newer = [comment for comment in thread if comment.pk > int(after)]
    changed = [
        comment
        for comment in thread
        if comment.pk <= int(after) and (comment.resolved_at is not None) != (comment.pk in shown_resolved)
    ]
    return JsonResponse(
        {
            "comments": [comment_json(request, article, comment) for comment in newer],
            "changed": [comment_json(request, article, comment) for comment in changed],
            "open": _open_count(article),
        }
    )


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Resolve (action=resolve) or reopen (action=reopen) the posted comment of a piece the user may see.

    Asked for JSON (the editor's fetch), it answers with the comment's new markup; otherwise it
    redirects to `next` (when on this site) or to the review page.
    """
    article = article_for(request.user, pk)
    review_url = reverse("desk:article-review", kwargs={"pk": article.pk})
    number = request.POST.get("comment", "")
    comment = ReviewComment.objects.filter(pk=number, article=article).first() if number.isdigit() else None
    if comment is None:
        message = _("That comment is not on this piece (any more).")
        if wants_json(request):
            return JsonResponse({"message": message}, status=404)
        messages.error(request, message)
        return redirect(safe_next(request, review_url + "#comments"))
    resolved = request.POST.get("action") != "reopen"
    try:
        comments.set_resolved(comment, by=request.user, resolved=resolved)
    except PermissionDenied as error:
        if wants_json(request):
            return JsonResponse({"message": str(error)}, status=403)
        messages.error(request, str(error))
    else:
        message = _("Comment resolved.") if resolved else _("Comment reopened.")
        if wants_json(request):
            return JsonResponse(
                {"message": message, "comment": comment_json(request, article, comment), "open": _open_count(article)}
            )
        messages.success(request, message)
    return redirect(safe_next(request, review_url + f"#comment-{comment.pk}"))
