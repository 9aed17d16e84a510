"""Comments on the review page: anchored to words of the body, resolved and reopened, @-completion.

`comment_context` is what the review page needs about its comments; `comment_resolve` resolves
or reopens one. The anchoring itself (finding the words again after edits) lives in
`articles.review.anchors`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.desk.view_helpers import article_for
from articles.models import Article, ReviewComment
from articles.review import anchors, comments
from articles.review.page import MarkedField


def comment_context(article: Article, user, fields: list[MarkedField]) -> dict:
    """The thread with each comment's place in the body, the body marked, the people to mention."""
    thread = list(article.comments.select_related("author", "resolved_by"))
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


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Resolve (action=resolve) or reopen (action=reopen) the posted comment of a piece the user may see."""
    article = article_for(request.user, pk)
    number = request.POST.get("comment", "")
    comment = ReviewComment.objects.filter(pk=number, article=article).first() if number.isdigit() else None
    if comment is None:
        messages.error(request, _("That comment is not on this piece (any more)."))
        return redirect(reverse("desk:article-review", kwargs={"pk": article.pk}) + "#comments")
    resolved = request.POST.get("action") != "reopen"
    try:
        comments.set_resolved(comment, by=request.user, resolved=resolved)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Comment resolved.") if resolved else _("Comment reopened."))
    return redirect(reverse("desk:article-review", kwargs={"pk": article.pk}) + f"#comment-{comment.pk}")
