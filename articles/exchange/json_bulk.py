"""Writing restored pieces in bulk: the same steps for one piece or 500, a few statements per chunk.

`json_import` validates each entry into a `PreparedArticle` (unsaved rows); `write_articles`
stores a list of them with `bulk_create` (history included) and puts the exported timestamps
back with `bulk_update`. A chunk the database refuses is redone one piece at a time by the
caller, so the error names the piece. 10,000 pieces are some 40 statements per 500, not
ten per piece (docs/benchmarks.md, "Export and import at size").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from articles.exchange.json_fields import ExchangeError
from articles.models import (
    Article,
    Author,
    Byline,
    CheckDismissal,
    Placement,
    PublishedByline,
    PublishedVersion,
    ReviewComment,
    WorkflowEvent,
    desk_counts,
)

# Pieces written per chunk: every `IN` and every multi-row insert stays below SQLite's 999 parameters per batch.
CHUNK = 500
# Rows per `bulk_update`: its CASE … WHEN grows with the batch and is read for every row (quadratic past ~100).
UPDATE_CHUNK = 100
RESTORE_REASON = "Restored by import_articles"  # shown in the revision history


@dataclass
class PreparedArticle:
    """One exported piece, validated, as unsaved rows; `stamps` are the exported times put back after the insert."""

    where: str
    article: Article
    stamps: dict[str, Any]
    bylines: list[Byline] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    events: list[WorkflowEvent] = field(default_factory=list)
    comments: list[tuple[ReviewComment, dict[str, Any]]] = field(default_factory=list)
    dismissals: list[tuple[CheckDismissal, dict[str, Any]]] = field(default_factory=list)
    versions: list[tuple[PublishedVersion, list[Author], dict[str, Any]]] = field(default_factory=list)


def refuse_taken(prepared: list[PreparedArticle]) -> None:
    """Slugs and import keys already used (in the database, or twice in this list): refused, naming the entry."""
    slugs = [p.article.slug for p in prepared if p.article.slug]
    keys = [p.article.import_key for p in prepared if p.article.import_key]
    taken_slugs = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True)) if slugs else set()
    taken_keys = (
        set(Article.objects.filter(import_key__in=keys).values_list("import_key", flat=True)) if keys else set()
    )
    seen_slugs: set[str] = set()
    seen_keys: set[str] = set()
    for p in prepared:
        slug, key = p.article.slug, p.article.import_key
        if slug and (slug in taken_slugs or slug in seen_slugs):
            raise ExchangeError(
                _("%(where)s: an article with the slug “%(slug)s” already exists.") % {"where": p.where, "slug": slug}
            )
        if key and (key in taken_keys or key in seen_keys):
            raise ExchangeError(_("%(where)s: this article was already imported.") % {"where": p.where})
        seen_slugs.add(slug)
        seen_keys.add(key)


def write_articles(prepared: list[PreparedArticle]) -> None:
    """Store the pieces and everything under them, in the caller's transaction."""
    refuse_taken(prepared)
    desk_counts.forget_on_commit()  # new pieces: the dashboard counts afresh (no save() says so here)
    articles = [p.article for p in prepared]
    bulk_create_with_history(articles, Article, batch_size=CHUNK, default_change_reason=RESTORE_REASON)
    for p in prepared:
        for child in (*p.bylines, *p.placements, *p.events):
            child.article_id = p.article.pk
        for row, _stamps in (*p.comments, *p.dismissals):
            row.article_id = p.article.pk
        for version, _authors, _stamps in p.versions:
            version.article_id = p.article.pk
    Byline.objects.bulk_create([b for p in prepared for b in p.bylines], batch_size=CHUNK)
    Placement.objects.bulk_create([pl for p in prepared for pl in p.placements], batch_size=CHUNK)
    for p in prepared:
        _fill_stage_entered(p)
    WorkflowEvent.objects.bulk_create([e for p in prepared for e in p.events], batch_size=CHUNK)
    _create_with_stamps(ReviewComment, [c for p in prepared for c in p.comments])
    _create_with_stamps(CheckDismissal, [d for p in prepared for d in p.dismissals])
    versions = [(version, stamps) for p in prepared for version, _authors, stamps in p.versions]
    _create_with_stamps(PublishedVersion, versions)
    PublishedByline.objects.bulk_create(
        [
            PublishedByline(publishedversion_id=version.pk, author=author)
            for p in prepared
            for version, authors, _stamps in p.versions
            for author in dict.fromkeys(authors)  # once per version, as `.set()` did
        ],
        batch_size=CHUNK,
    )
    _put_stamps_back(Article, [(p.article, p.stamps) for p in prepared])


def _fill_stage_entered(p: PreparedArticle) -> None:
    """A file without the events' stage entry times (written before they existed): the piece's own history
    gives them (`WorkflowEvent.stage_entered_at`'s rule), as one INSERT of its events could not look them up."""
    entered: dict[str, Any] = {}
    created = p.stamps.get("created_at", p.article.created_at)
    for event in sorted(p.events, key=lambda e: e.created_at):
        if event.stage_entered_at is None:
            event.stage_entered_at = entered.get(event.from_state, created)
        if event.from_state != event.to_state:
            entered[event.to_state] = event.created_at


def _create_with_stamps(model, rows: list[tuple[Any, dict[str, Any]]]) -> None:
    model.objects.bulk_create([row for row, _stamps in rows], batch_size=CHUNK)
    _put_stamps_back(model, rows)


def _put_stamps_back(model, rows: list[tuple[Any, dict[str, Any]]]) -> None:
    """auto_now / auto_now_add took the time of the insert: the exported times go back, one statement per field set."""
    by_fields: dict[tuple[str, ...], list] = {}
    for row, stamps in rows:
        if stamps:
            for name, value in stamps.items():
                setattr(row, name, value)
            by_fields.setdefault(tuple(sorted(stamps)), []).append(row)
    for names, objs in by_fields.items():
        model.objects.bulk_update(objs, list(names), batch_size=UPDATE_CHUNK)
