"""Required for publication: headline, teaser, body, a section and a byline."""

from __future__ import annotations

from django.utils.translation import gettext as _

from articles.models import Article
from articles.review.findings import Run

REQUIRED_TEXT_FIELDS = ("headline", "teaser", "body")


def check_required(run: Run) -> None:
    article = run.article
    for name in REQUIRED_TEXT_FIELDS:
        if not (getattr(article, name) or "").strip():
            label = Article._meta.get_field(name).verbose_name
            run.report(name, _("%(field)s is missing.") % {"field": str(label).capitalize()})
    if article.section_id is None:
        run.report("section", _("The piece has no section."))
    if not run.has_bylines:
        run.report("bylines", _("The piece has no byline."))
