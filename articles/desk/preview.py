"""The editor's live preview: the unsaved form rendered exactly as readers will see it.

Same snapshot builder (`workflow.snapshots.build_version`), same body renderer and
same template partial (`site/_article.html`) as the public page and the review page.
Nothing is saved; bylines and pictures are the stored ones (their rows save with the form).
"""

from __future__ import annotations

import contextlib
import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles import workflow
from articles.desk import refusals
from articles.desk.view_helpers import article_for
from articles.models import Article, PublishedVersion, Section
from articles.rendering import render_body
from articles.review.findings import TEXT_FIELDS
from articles.workflow.snapshots import build_version


def unsaved_version(article: Article, post) -> PublishedVersion:
    """A preview version of `article` with the posted text fields, date and section (invalid ones ignored)."""
    for name in TEXT_FIELDS:
        value = post.get(name)
        if value is not None:
            setattr(article, name, value[: settings.NEWSROOM_BODY_MAX_CHARS])
    with contextlib.suppress(ValueError):  # an unfinished date keeps the stored one
        article.date = datetime.date.fromisoformat(post.get("date", "")) if post.get("date") else None
    section = post.get("section", "")
    if section.isdigit():
        article.section = Section.objects.filter(pk=int(section)).first()
    if article.pk:
        return build_version(article)
    today = timezone.localdate()
    return PublishedVersion(
        is_live=True,
        published_at=timezone.now(),
        first_published_at=timezone.now(),
        section=article.section,
        section_slug=article.section.slug if article.section else "",
        kicker=article.kicker,
        headline=article.headline,
        teaser=article.teaser,
        dateline=article.dateline,
        date=article.date or today,
        body_html=render_body(article.body),
        bylines=[],
        placements=[],
    )


@never_cache
@login_required
@require_POST
def article_preview(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """HTML fragment for static/js/editor_body.js: the posted form as a published piece."""
    if pk is None:
        if not request.user.has_perm("articles.add_article"):
            raise refusals.no_writer_role()
        article = Article(created_by=request.user)
    else:
        article = article_for(request.user, pk)
        if not workflow.can_edit(request.user, article):
            raise refusals.not_yours()
    try:
        post = request.POST
    except RequestDataTooBig:
        return HttpResponse(status=413)
    return render(request, "desk/_partials/_body_preview.html", {"preview": unsaved_version(article, post)})
