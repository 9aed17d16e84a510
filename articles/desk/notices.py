"""The bell: what concerns me (mentions, review requested, changes requested, scheduled, published), read or not.

Notices are written in the same transaction as the event (`articles.workflow.notifications`); the bell's
count is one indexed query, made only on desk pages that show it. Mails follow each person's choice per
kind (at once, a daily digest by `manage.py send_digests`, or none), set on their settings page.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.models import Notice

SHOWN = 100
SUGGESTION_KINDS = frozenset(
    {Notice.Kind.SUGGESTED, Notice.Kind.SUGGESTIONS_ACCEPTED, Notice.Kind.SUGGESTIONS_REJECTED}
)


def unread_count(user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def bell(request: HttpRequest) -> dict:
    """Context processor: `unread_notices`, counted only when a desk page shows the bell."""
    if not request.path.startswith("/desk/"):  # first: asking for the user reads the session (Vary: Cookie)
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": functools.partial(unread_count, user)}


def target(notice: Notice) -> str:
    """Where a notice leads: the piece's review page (its comments for a mention), else the list."""
    if notice.article_id is None:
        return reverse("desk:notices")
    url = reverse("desk:article-review", kwargs={"pk": notice.article_id})
    if notice.kind == Notice.Kind.MENTIONED:
        return url + "#comments"
    if notice.kind in SUGGESTION_KINDS:
        return url + "#suggestions"
    return url


@login_required
@require_http_methods(["GET", "POST"])
def notices_page(request: HttpRequest) -> HttpResponse:
    mine = Notice.objects.filter(recipient=request.user)
    if request.method == "POST":
        unread = mine.filter(read_at__isnull=True)
        chosen = request.POST.get("notice", "")
        if chosen.isascii() and chosen.isdigit():
            unread = unread.filter(pk=int(chosen))
        marked = unread.update(read_at=timezone.now())
        messages.success(request, _("Marked as read: %(count)d.") % {"count": marked})
        return redirect("desk:notices")
    shown = list(mine.select_related("actor")[:SHOWN])
    for notice in shown:
        notice.target = target(notice)
    return render(request, "desk/notices.html", {"notices": shown, "unread": sum(1 for n in shown if not n.read_at)})
