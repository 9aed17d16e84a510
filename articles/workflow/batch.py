"""Publishing many due pieces at once: the steps of `going_live`, over a batch, in one transaction.

`publish_scheduled` hands each batch of due pieces (loaded with their scheduled revision)
to `publish_due_batch`. It freezes every version and renders every mail *before* taking
a lock, then, in one transaction, claims the batch's rows (`SELECT … FOR UPDATE SKIP
LOCKED`, re-checking state and time in that statement, so a piece another host holds or
already published, or one unscheduled meanwhile, is skipped) and takes the very steps
`publish_due` takes for one piece — version, authors, pictures, state with its history,
event, outbox — each in one statement (or a fixed few) for the whole batch.

What the batch cannot vouch for is left to the one-piece path (`publish_due`, its own
transaction per piece): a piece changed since it was loaded, one missing what a snapshot
needs, and — when the batch's write fails (a slug another live piece holds, say) — the
whole batch, so that one failure never stops the others. A batch is all or nothing: a
process killed, or a connection cut, mid-batch leaves its pieces scheduled for the next run
(`BatchOutcome.lost`: the caller reconnects and goes on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import DatabaseError, transaction

from articles.models import Article, Notice, State
from articles.workflow import going_live, notifications
from articles.workflow.snapshots import build_from_revision
from articles.workflow.table import STATUS_FIELD, change_state


@dataclass
class BatchOutcome:
    """What became of a batch: published, skipped (handled elsewhere), left to the one-piece path, or lost."""

    published: list[Article] = field(default_factory=list)
    skipped: list[Article] = field(default_factory=list)
    one_by_one: list[Article] = field(default_factory=list)
    # Cut off from the database mid-batch: nothing of the batch was kept, the pieces stay scheduled.
    lost: list[Article] = field(default_factory=list)
    error: Exception | None = None


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
    notes = {article.pk: notifications.published_notices(article, accounts=accounts) for article in ready}
    loaded = {article.pk: (article.published_at, article.scheduled_revision) for article in ready}
    session = going_live.session()
    try:
        with transaction.atomic():
            claimed = going_live.claim(
                [article.pk for article in ready],
                skip_locked=skip_locked,
                fields=_CLAIMED,
                status=State.SCHEDULED,
                publish_at__lte=now,
            )
            going = []
            for article in ready:
                row = claimed.get(article.pk)
                if row is None:  # another host holds it, published it, or it was unscheduled
                    outcome.skipped.append(article)
                elif tuple(row.values()) != tuple(getattr(article, name) for name in _CLAIMED):
                    # edited or rescheduled since loaded: read it afresh
                    outcome.one_by_one.append(article)
                else:
                    going.append(article)
            _publish(going, versions=versions, mails=mails, notes=notes, now=now)
    except DatabaseError as error:
        if going_live.connection_lost(since=session):  # the next batch reconnects; these wait for the next run
            return BatchOutcome(lost=ready, error=error)
        # Nothing of the batch was kept; each piece now gets its own transaction, so only the culprit fails.
        for article in ready:  # as loaded: the rollback undid what the batch set on them
            STATUS_FIELD.set_state(article, State.SCHEDULED)
            article.published_at, article.scheduled_revision = loaded[article.pk]
        return BatchOutcome(one_by_one=[*outcome.one_by_one, *ready])
    outcome.published = going
    return outcome


_CLAIMED = ("version", "published_at", "scheduled_revision_id")


def _complete(article: Article) -> bool:
    """A scheduled revision with what a snapshot cannot do without (the full checks ran when it was scheduled).

    A piece scheduled before revisions existed has none: the one-piece path freezes one under the lock.
    """
    revision = article.scheduled_revision if article.scheduled_revision_id else None
    return bool(revision and revision.headline and revision.body and revision.section_id and revision.bylines)


def _publish(going: list[Article], *, versions: dict, mails: dict, notes: dict, now: datetime) -> None:
    """`publish_due`'s writes for the claimed pieces (inside the caller's transaction)."""
    if not going:
        return
    going_live.put_live([versions[article.pk] for article in going], now=now)
    notifications.store([mail for article in going for mail in mails[article.pk]])
    Notice.objects.bulk_create([note for article in going for note in notes[article.pk]])
    for article in going:
        change_state("publish_due", article)  # scheduled → published, as the one-piece path changes it
        if article.published_at is None:
            article.published_at = now
        article.scheduled_revision = None  # only a scheduled piece has a revision waiting to go live
    going_live.record(
        going,
        transition="publish_due",
        from_states={article.pk: State.SCHEDULED for article in going},
        fields=["status", "published_at", "scheduled_revision"],
        by=None,
        now=now,
        public=True,
    )
