"""Delivering the outbox: claim unsent mails, hand each to the mail server, record it at once.

Why our own (small) outbox rather than django-tasks' database backend: that backend
needs its worker to pick tasks up, leaves a task claimed by a killed worker
"running" for ever and does not retry a failed one. Here cron alone is enough —
`publish_scheduled` retries every run — and a dead sender's claim is taken over.

Guarantees:

- A message is claimed before it is sent (`SKIP LOCKED` on PostgreSQL, and the claim
  is a conditional UPDATE everywhere), so two senders never send the same row.
- Each message is marked sent right after the mail server accepted it, so a killed
  sender leaves at most the one message it was handing over unrecorded; that one is
  sent again by the next run with the same Message-ID, so receivers can drop it.
- A claim lasts `CLAIM_SECONDS`; a claim of a process on this host that no longer
  exists is released at once, so a rerun after `kill -9` does not wait for it.
- A failure is recorded on the message (attempts, last error) and retried by the next
  run, up to `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import OutboxMessage

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 300
MAX_ATTEMPTS = 20
# Claims are taken and recorded this many messages at a time.
CHUNK = 500


@dataclass
class Delivery:
    """What a delivery did: messages sent, messages that failed (kept, retried later), their errors."""

    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Delivery) -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.errors += other.errors


def sender_name() -> str:
    """This process, as written into its claims: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def deliver(ids: Iterable[int]) -> Delivery:
    """Send these outbox messages now (those still unsent and unclaimed); never raises for a mail failure."""
    ids = list(ids)
    result = Delivery()
    for start in range(0, len(ids), CHUNK):
        result.add(_deliver_claimed(_claim(ids=ids[start : start + CHUNK])))
    return result


def deliver_pending(*, created_before=None) -> Delivery:
    """Send everything still unsent (oldest first), releasing the claims of dead local senders first."""
    release_dead_claims()
    result = Delivery()
    after = 0  # a failure is released at once; it waits for the next run, so the walk only goes forward
    while True:
        claimed = _claim(created_before=created_before, after=after)
        if not claimed:
            return result
        after = claimed[-1].pk
        result.add(_deliver_claimed(claimed))


def release_dead_claims() -> int:
    """Free the claims held by processes of this host that no longer run (e.g. after `kill -9`)."""
    now = timezone.now()
    host = socket.gethostname()
    holders = (
        OutboxMessage.objects.pending()
        .filter(claimed_until__gte=now, claimed_by__startswith=f"{host}:")
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    dead = [holder for holder in holders if not _alive(holder)]
    if not dead:
        return 0
    return OutboxMessage.objects.pending().filter(claimed_by__in=dead).update(claimed_by="", claimed_until=None)


def _alive(holder: str) -> bool:
    try:
        pid = int(holder.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return True  # not ours to judge: wait for the claim to run out
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, run by another user
        return True
    return True


def _claim(*, ids: list[int] | None = None, created_before=None, after: int = 0) -> list[OutboxMessage]:
    """Take up to CHUNK claimable messages for this process; rows another sender holds are skipped."""
    now = timezone.now()
    me = sender_name()
    candidates = OutboxMessage.objects.claimable(now, max_attempts=MAX_ATTEMPTS)
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    if created_before is not None:
        candidates = candidates.filter(created_at__lt=created_before)
    if after:
        candidates = candidates.filter(pk__gt=after)
    with transaction.atomic():
        # In the order they were written (ids grow), which is also the order the next chunk continues from.
        locked = candidates.select_for_update(skip_locked=True).order_by("pk")
        pks = list(locked.values_list("pk", flat=True)[:CHUNK])
        if not pks:
            return []
        if db_connection.vendor == "postgresql":
            # publish_scheduled commits without waiting for the disk; this commit waits, and with it every
            # earlier one of the session: no mail announces a publication a server crash could still undo.
            with db_connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO ON")
        # Conditional: on a database without row locks a second sender's UPDATE finds the claim taken.
        candidates.filter(pk__in=pks).update(claimed_by=me, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    return list(OutboxMessage.objects.filter(pk__in=pks, claimed_by=me).order_by("pk"))


def _deliver_claimed(messages: list[OutboxMessage]) -> Delivery:
    result = Delivery()
    if not messages:
        return result
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:  # a misconfigured or unreachable mail server: every message waits for the next run
        _failed([message.pk for message in messages], error)
        return Delivery(failed=len(messages), errors=[_describe(error)])
    try:
        for message in messages:
            try:
                accepted = connection.send_messages([_email(message)])
                if not accepted:
                    raise RuntimeError("the mail backend accepted nothing")
            except Exception as error:  # one bad message must not stop the others
                _failed([message.pk], error)
                result.failed += 1
                result.errors.append(_describe(error))
                logger.warning("outbox: could not send message %s to %s: %s", message.pk, message.recipient, error)
                continue
            # Recorded at once: a kill from here on can double at most this one message (same Message-ID).
            _mark_sent(message.pk)
            result.sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide what was sent
            logger.exception("outbox: closing the mail connection failed")
    return result


def _mark_sent(pk: int) -> None:
    """Recorded right after the mail server took the message: a kill can double at most this one mail."""
    OutboxMessage.objects.filter(pk=pk).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, claimed_by="", claimed_until=None, last_error=""
    )


def _failed(pks: list[int], error: BaseException) -> None:
    """Recorded on the message and its claim released: the next run tries again (up to MAX_ATTEMPTS)."""
    OutboxMessage.objects.filter(pk__in=pks).update(
        attempts=F("attempts") + 1, last_error=_describe(error)[:2000], claimed_by="", claimed_until=None
    )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _email(message: OutboxMessage) -> EmailMessage:
    return EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.recipient],
        headers={"Message-ID": message.message_id},
    )
