"""The one path of publication: the steps every piece going live takes, over a list of pieces.

An editor's publish or correction, `publish_due` for one piece, the batch of `publish_scheduled`
and the rights watch replacing a live version all go through these steps (docs/publishing.md):

1. **claim** — lock the article rows, re-checking state and time in the locking statement (`claim`);
2. **freeze** — build each version from the approved revision (`snapshots.build_from_revision`),
   before any lock when in bulk;
3. **write the version** — retire the live one, store the new one with its authors and pictures (`put_live`);
4. **outbox** — the mails, written in the same transaction (`notifications.store`);
5. **record** — the state on the article with its historical record, the workflow event and, last,
   one bump of the publication generation (`record`).

Every step is one statement (or a fixed few) for any number of pieces, written with `bulk_create`
and `bulk_update`: one piece is simply a list of one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.db.models import Q
from simple_history.utils import bulk_update_with_history

from articles import generation
from articles.media.renditions import source_key
from articles.models import (
    Article,
    Image,
    PublishedByline,
    PublishedPicture,
    PublishedVersion,
    Revision,
    WorkflowEvent,
)


def claim(pks: Iterable[int], *, skip_locked: bool, fields: Sequence[str], **conditions) -> dict[int, dict]:
    """Lock the rows of these pieces that meet `conditions`; returns pk → the `fields` read under the lock.

    `of=self`: the section stays unlocked. With `skip_locked` (PostgreSQL) a row another
    process holds is left out instead of waited for.
    """
    rows = (
        Article.objects.select_for_update(skip_locked=skip_locked, of=("self",))
        .filter(pk__in=list(pks), **conditions)
        .values_list("pk", *fields)
    )
    return {pk: dict(zip(fields, rest, strict=True)) for pk, *rest in rows}


Crops = dict[tuple[int, int], tuple[str, float, float]]


def put_live(versions: list[PublishedVersion], *, now: datetime, crops: Crops | None = None) -> None:
    """Replace the live version of each piece by the unsaved `versions`, with their authors and pictures.

    `crops` ((article id, image id) → source key, focal point) keeps the crops an earlier version froze
    (a copy made without re-approval: a rights removal, a credit correction; see `frozen_crops`);
    otherwise pictures are frozen as they are now.

    Inside the caller's transaction, which then counts the change of what is public
    (`record(..., public=True)`, or `generation.bump()` where no state changes).
    """
    if not versions:
        return
    retire(Q(article_id__in={version.article_id for version in versions}), now=now)
    PublishedVersion.objects.bulk_create(versions)
    if any(version.pk is None for version in versions):  # a database that cannot return the new ids
        ids = dict(
            PublishedVersion.objects.filter(
                article_id__in=[version.article_id for version in versions], is_live=True
            ).values_list("article_id", "pk")
        )
        for version in versions:
            version.pk = ids[version.article_id]
    link(versions, crops=crops)


def retire(which: Q, *, now: datetime, public_note: str | None = None) -> int:
    """The live versions matching `which` leave the site (kept, not live, so old addresses still redirect).

    `public_note`: what a withdrawal tells readers at the piece's address (the 410 page).
    """
    note = {} if public_note is None else {"public_note": public_note}
    # Only flags and a timestamp of the snapshots change, in one statement; the article's state is `record`'s.
    # A version whose embargo had not passed was never public: its withdrawn address answers 404, not 410.
    return PublishedVersion.objects.filter(which, is_live=True).update(
        is_live=False,
        updated_at=now,
        was_public=Q(embargoed_until__isnull=True) | Q(embargoed_until__lte=now),
        **note,
    )


def link(versions: list[PublishedVersion], *, crops: Crops | None = None) -> None:
    """Store which authors and pictures each saved version shows (from its bylines and placements)."""
    PublishedByline.objects.bulk_create(
        [
            PublishedByline(publishedversion_id=version.pk, author_id=byline["id"])
            for version in versions
            for byline in version.bylines
            if byline.get("id")
        ]
    )
    shown = {placement.get("image_id") for version in versions for placement in version.placements} - {None}
    # A revision may name a picture deleted since (no working copy placed it any more): it is not linked.
    existing = Image.objects.only("pk", "file", "focal_x", "focal_y").in_bulk(shown) if shown else {}
    # The crop is frozen as approved: the focal point (and original) the picture has now, unless kept.
    current = {pk: (source_key(image), image.focal_x, image.focal_y) for pk, image in existing.items()}
    kept = crops or {}
    pictures = []
    for version in versions:
        for placement in version.placements:
            image_id = placement.get("image_id")
            if image_id not in existing:
                continue
            key, focal_x, focal_y = kept.get((version.article_id, image_id)) or current[image_id]
            pictures.append(
                PublishedPicture(
                    version_id=version.pk,
                    image_id=image_id,
                    role=placement.get("role") or "inline",
                    position=placement.get("position") or 0,
                    source_key=key,
                    focal_x=focal_x,
                    focal_y=focal_y,
                )
            )
    PublishedPicture.objects.bulk_create(pictures)


def frozen_crops(versions: list[PublishedVersion]) -> Crops:
    """The crops these published versions froze, by (article, picture), in one query: for copies of them."""
    rows = PublishedPicture.objects.filter(version__in=versions, image__isnull=False).exclude(source_key="")
    article_of = {version.pk: version.article_id for version in versions}
    return {
        (article_of[row.version_id], row.image_id): (row.source_key, row.focal_x, row.focal_y)
        for row in rows.only("version_id", "image_id", "source_key", "focal_x", "focal_y")
    }


def copy_of_live(version: PublishedVersion, placements: list[dict], *, by, now: datetime) -> PublishedVersion:
    """An unsaved copy of a live version with other placements, published now by `by` (None: the system).

    What a change made without a new review publishes: the approved snapshot, only its pictures changed.
    """
    copy = PublishedVersion(
        **{
            field.attname: getattr(version, field.attname)
            for field in PublishedVersion._meta.concrete_fields
            if not field.primary_key
        }
    )
    copy.published_at = now
    copy.published_by = by
    copy.placements = placements
    copy.article = version.article
    copy.section = version.section
    return copy


def record(
    articles: list[Article],
    *,
    transition: str,
    from_states: dict[int, str],
    fields: Sequence[str],
    by,
    now: datetime,
    comment: str = "",
    public: bool = False,
) -> None:
    """Store the state change of each piece (already made on the instances) with its history, and its event.

    `fields` are the article's fields the transition changed; each piece's event names its
    `acting_revision`. The historical records are written like any save's, dated `now`,
    with the transition as the reason. `public`: what readers see changed (a version went
    live or offline): the publication generation is bumped once, as the transaction's last
    write, so the row every publisher bumps stays locked only until the commit.
    """
    if not articles:
        return
    _load_deferred(articles)
    for article in articles:
        article.updated_at = now
    _write_fields(articles, list(dict.fromkeys([*fields, "updated_at"])))
    # The history records only (no fields: the rows are written above), dated and explained like a save's.
    bulk_update_with_history(
        articles, Article, fields=[], default_user=by, default_change_reason=transition, default_date=now
    )
    WorkflowEvent.objects.bulk_create(
        [
            WorkflowEvent(
                article_id=article.pk,
                section_id=article.section_id,
                transition=transition,
                from_state=from_states[article.pk],
                to_state=article.status,
                actor=by,
                created_at=now,
                comment=comment,
                revision=_saved(getattr(article, "acting_revision", None)),
            )
            for article in articles
        ]
    )
    if public:
        generation.bump()


def _write_fields(articles: list[Article], names: list[str]) -> None:
    """Write these fields of the pieces as they stand on the instances: one UPDATE per distinct set of values.

    A transition gives every piece of a batch the same values but for the first publication time, so a
    batch is one or two statements. `bulk_update` would write a CASE per row and field: measured, that
    is half of a scheduled batch's time (docs/publishing.md). The history is written by `record` itself.
    """
    attnames = [Article._meta.get_field(name).attname for name in names]
    groups: dict[tuple, list[int]] = defaultdict(list)
    for article in articles:
        groups[tuple(getattr(article, attname) for attname in attnames)].append(article.pk)
    for values, pks in groups.items():
        Article.objects.filter(pk__in=pks).update(**dict(zip(attnames, values, strict=True)))


def _saved(revision: Revision | None) -> Revision | None:
    return revision if revision is not None and revision.pk else None


def _load_deferred(articles: list[Article]) -> None:
    """A historical record copies every field: what the pieces were loaded without is read in one query."""
    deferred = set().union(*(article.get_deferred_fields() for article in articles))
    if not deferred:
        return
    attnames = sorted({Article._meta.get_field(name).attname for name in deferred})
    values = {row["pk"]: row for row in Article.objects.filter(pk__in=[a.pk for a in articles]).values("pk", *attnames)}
    for article in articles:
        for attname in attnames:
            if attname in article.get_deferred_fields():
                article.__dict__[attname] = values[article.pk][attname]


def session() -> object:
    """The database session work is about to use (to tell afterwards whether it was lost meanwhile)."""
    connection.ensure_connection()
    return connection.connection


def connection_lost(*, since: object | None = None) -> bool:
    """After a database error: was the connection (the `since` session) lost? Then the next query reconnects.

    Django may have reconnected already (a health check when the failed transaction ended);
    otherwise an unusable connection is closed here. Outside a transaction only: an error
    inside one is the enclosing block's to handle.
    """
    if connection.connection is None:
        return True
    if since is not None and connection.connection is not since:
        return True
    if connection.in_atomic_block or connection.is_usable():
        return False
    connection.close()
    return True
