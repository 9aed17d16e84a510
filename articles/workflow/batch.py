"""Publishing many due pieces at once: one transaction per batch, the writes in bulk, `publish_due`'s guarantees.

`publish_scheduled` hands each batch of due pieces (loaded with their bylines and
placements) to `publish_due_batch`. It builds every snapshot and renders every mail
*before* taking a lock, then, in one transaction, claims the batch's rows with
`SELECT … FOR UPDATE SKIP LOCKED` — re-checking state and time in that statement, so
a piece another host holds or already published, or one unscheduled meanwhile, is
skipped — and writes the state, the published versions, their authors, the workflow
events and the outbox rows with one statement each.

What the bulk path cannot vouch for is left to the one-piece path (`publish_due`,
its own transaction per piece): a piece changed since it was loaded, one missing
what a snapshot needs, and — when the batch's write fails (a slug another live piece
holds, say) — the whole batch, so that one failure never stops the others. A batch is
all or nothing: a process killed mid-batch leaves its pieces scheduled for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import DateTimeField, F, Model, Value
from django.db.models.functions import Coalesce

from articles import generation
from articles.models import Article, PublishedVersion, State, WorkflowEvent
from articles.workflow import notifications
from articles.workflow.snapshots import build_from_revision
from articles.workflow.table import STATUS_FIELD


@dataclass
class BatchOutcome:
    """Which pieces the batch published, which it skipped (handled elsewhere), which need the one-piece path."""

    published: list[Article] = field(default_factory=list)
    skipped: list[Article] = field(default_factory=list)
    one_by_one: list[Article] = field(default_factory=list)


def publish_due_batch(articles: list[Article], *, now: datetime, skip_locked: bool) -> BatchOutcome:
    """Publish the due pieces among `articles` in one transaction; never publishes a piece twice or early.

    `now` must not be in the future (the caller passes the real time); `articles` carry
    their scheduled revision (with its section).
    """
    outcome = BatchOutcome()
    ready = []
    for article in articles:
        (ready if _complete(article) else outcome.one_by_one).append(article)
    if not ready:
        return outcome
    # The slow part — rendering bodies and mails — is done before any row is locked.
    # Built from the revision fixed at scheduling, never from the working copy: later edits stay pending.
    versions = {
        article.pk: build_from_revision(
            article.scheduled_revision,
            first_published_at=article.published_at,
            at=now,
            by=None,
            embargoed_until=article.embargoed_until,
        )
        for article in ready
    }
    for article in ready:
        article.acting_revision = article.scheduled_revision  # the mails name what goes live
    # The writers told are those of the bylines going live, their accounts read once for the whole batch.
    accounts = notifications.author_accounts(
        byline.get("id") for article in ready for byline in article.scheduled_revision.bylines
    )
    mails = {article.pk: notifications.published_messages(article, accounts=accounts) for article in ready}
    try:
        with transaction.atomic():
            claimed = _claim(ready, now=now, skip_locked=skip_locked)
            going = []
            for article in ready:
                row = claimed.get(article.pk)
                if row is None:  # another host holds it, published it, or it was unscheduled
                    outcome.skipped.append(article)
                elif row != (article.version, article.published_at, article.scheduled_revision_id):
                    # edited or rescheduled since loaded: read it afresh
                    outcome.one_by_one.append(article)
                else:
                    going.append(article)
            _write(going, versions=versions, mails=mails, now=now)
    except DatabaseError:
        # Nothing of the batch was kept; each piece now gets its own transaction, so only the culprit fails.
        return BatchOutcome(one_by_one=[*outcome.one_by_one, *ready])
    for article in going:
        STATUS_FIELD.set_state(article, State.PUBLISHED)
        article.published_at = article.published_at or now
    outcome.published = going
    return outcome


def _complete(article: Article) -> bool:
    """A scheduled revision with what a snapshot cannot do without (the full checks ran when it was scheduled).

    A piece scheduled before revisions existed has none: the one-piece path freezes one under the lock.
    """
    revision = article.scheduled_revision if article.scheduled_revision_id else None
    return bool(revision and revision.headline and revision.body and revision.section_id and revision.bylines)


def _claim(articles: list[Article], *, now: datetime, skip_locked: bool) -> dict[int, tuple]:
    """Lock the rows still scheduled and due; returns pk → (version, published_at, scheduled revision) of each."""
    rows = (
        Article.objects.select_for_update(skip_locked=skip_locked, of=("self",))
        .filter(pk__in=[article.pk for article in articles], status=State.SCHEDULED, publish_at__lte=now)
        .values_list("pk", "version", "published_at", "scheduled_revision_id")
    )
    return {pk: tuple(rest) for pk, *rest in rows}


def _write(going: list[Article], *, versions: dict, mails: dict, now: datetime) -> None:
    """The writes of `publish_due` for many pieces, one statement each (inside the caller's transaction)."""
    if not going:
        return
    ids = [article.pk for article in going]
    again = [article.pk for article in going if article.published_at is not None]
    if again:  # an update of a live piece replaces its live version
        PublishedVersion.objects.filter(article_id__in=again, is_live=True).update(is_live=False, updated_at=now)
    # A state change in bulk (no save(), no signals): it is not a content revision, the events below record it.
    Article.objects.filter(pk__in=ids).update(
        status=State.PUBLISHED,
        updated_at=now,
        published_at=Coalesce(F("published_at"), Value(now, output_field=DateTimeField())),
        scheduled_revision=None,  # only a scheduled piece has a revision waiting to go live
    )
    _insert([versions[pk] for pk in ids])
    # Their ids, read back in one query (a prepared multi-row insert cannot return them on every database).
    version_ids = dict(
        PublishedVersion.objects.filter(article_id__in=ids, is_live=True).values_list("article_id", "pk")
    )
    through = PublishedVersion.authors.through
    _insert(
        [
            through(publishedversion_id=version_ids[article.pk], author_id=byline["id"])
            for article in going
            for byline in article.scheduled_revision.bylines
        ]
    )
    _insert(
        [
            WorkflowEvent(
                article_id=article.pk,
                transition="publish_due",
                from_state=State.SCHEDULED,
                to_state=State.PUBLISHED,
                actor=None,
                created_at=now,
                revision_id=article.scheduled_revision_id,
            )
            for article in going
        ]
    )
    notifications.store([mail for pk in ids for mail in mails[pk]])
    generation.bump()


def _insert(objects: list[Model]) -> None:
    """Insert unsaved instances of one model with one prepared statement run for every row.

    Values are prepared by each field exactly as `save()` and `bulk_create()` prepare them
    (`pre_save`, `get_db_prep_save`); the statement is compiled once instead of once per
    value, which is most of `bulk_create`'s cost for thousands of rows. Ids are not set.
    """
    if not objects:
        return
    model = type(objects[0])
    fields = [
        field for field in model._meta.concrete_fields if not field.generated and field is not model._meta.auto_field
    ]
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy looks it up on every use
    quote = database.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — names from the model's own metadata
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [[field.get_db_prep_save(field.pre_save(obj, True), database) for field in fields] for obj in objects]
    with database.cursor() as cursor:
        cursor.executemany(sql, rows)
