"""Lengths from settings: the headline's limit and the teaser's range (NEWSROOM_* in settings)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from articles.review.findings import FieldText, Run


def check_headline_length(run: Run) -> None:
    headline = run.article.headline or ""
    limit = settings.NEWSROOM_HEADLINE_MAX
    if len(headline) > limit:
        run.report_at(
            FieldText("headline", headline),
            limit,
            len(headline),
            _("The headline has %(length)s characters; the limit is %(limit)s.")
            % {"length": len(headline), "limit": limit},
        )


def check_teaser_length(run: Run) -> None:
    teaser = run.article.teaser or ""
    length = len(teaser.strip())
    if not length:
        return  # "required" reports a missing teaser
    low, high = settings.NEWSROOM_TEASER_MIN, settings.NEWSROOM_TEASER_MAX
    if length < low:
        run.report(
            "teaser",
            _("The teaser has %(length)s characters; it should have at least %(limit)s.")
            % {"length": length, "limit": low},
        )
    elif len(teaser) > high:
        run.report_at(
            FieldText("teaser", teaser),
            high,
            len(teaser),
            _("The teaser has %(length)s characters; the limit is %(limit)s.") % {"length": len(teaser), "limit": high},
        )
