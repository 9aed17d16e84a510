"""Length limits checked before anything is written, so a refusal names the file's line and the field.

Without this the database answers "value too long for type character varying(120)", which names
neither the field nor the line; the limits are read from the models, so they never drift.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from articles.exchange.agency_text import ImportProblem, ParsedArticle
from articles.models import Article, Author, Image, Section


def _limit(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _check(value: str, model: type[models.Model], name: str, line: int | None) -> None:
    limit = _limit(model, name)
    if limit is not None and len(value) > limit:
        label = str(model._meta.get_field(name).verbose_name)
        raise ImportProblem(
            _("the %(field)s is %(length)s characters long; at most %(limit)s fit (%(start)s…)")
            % {"field": label, "length": len(value), "limit": limit, "start": value[:40]},
            line=line,
        )


def check_lengths(parsed: ParsedArticle) -> None:
    """Raises ImportProblem naming line, field and limit for the first value too long to store."""
    lines = parsed.lines
    _check(parsed.section_name, Section, "name", lines.get("section"))
    _check(parsed.kicker, Article, "kicker", lines.get("kicker"))
    _check(parsed.headline, Article, "headline", lines.get("headline"))
    _check(parsed.dateline, Article, "dateline", lines.get("dateline"))
    for name in parsed.author_names:
        _check(name, Author, "name", lines.get("byline"))
    for image in parsed.images:
        _check(image.creator, Image, "creator", image.line)
        _check(image.agencies, Image, "agencies", image.line)
