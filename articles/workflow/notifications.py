"""Workflow emails: who hears about what, written to the outbox in the transition's transaction.

Editors hear when a piece is submitted; the bylined writers (through their
author record's user account) hear when changes are requested, when their piece
is scheduled and when it is published. Nobody is mailed about their own action.
Messages are rendered from `templates/emails/` in each recipient's language and
stored as `OutboxMessage` rows inside the transition's transaction: a rolled-back
transition mails nobody, a committed one cannot lose its mail. They are sent
after commit (`articles.workflow.outbox`); what could not be sent then is retried
by `publish_scheduled`, and a mail server failure never undoes a transition.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from articles.i18n.languages import recipient_language
from articles.models import Article, Author, OutboxMessage, Revision
from articles.workflow import outbox

logger = logging.getLogger(__name__)

# Set inside `sending_together()`: the ids of committed messages wait here, to be sent over one connection.
_batch: ContextVar[list[int] | None] = ContextVar("workflow_outbox_batch", default=None)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def editors() -> list:
    """Active users holding the review permission (through a group or directly) with an address."""
    users = get_user_model().objects.with_perm(
        "articles.review_article", include_superusers=False, backend=MODEL_BACKEND
    )
    return list(users.exclude(email="").select_related("desk_profile").order_by("pk"))


def bylined_writers(article: Article) -> list:
    """The user accounts behind the piece's bylines (agencies and guests have none)."""
    if "bylines" in getattr(article, "_prefetched_objects_cache", {}):
        bylines = article.bylines.all()
    else:
        bylines = article.bylines.select_related("author__user__desk_profile")
    return _unique(byline.author.user for byline in bylines)


def author_accounts(author_ids: Iterable[int]) -> dict[int, object]:
    """Author id → the active desk account with an address behind it, for many authors in one query."""
    authors = Author.objects.filter(pk__in=set(author_ids), user__is_active=True).select_related("user__desk_profile")
    return {author.pk: author.user for author in authors.exclude(user__email="")}


def revision_writers(revision: Revision, accounts: dict[int, object] | None = None) -> list:
    """The accounts behind the bylines of `revision` — the writers of what went live, not of later edits."""
    author_ids = [byline.get("id") for byline in revision.bylines]
    accounts = author_accounts(author_ids) if accounts is None else accounts
    return _unique(accounts.get(author_id) for author_id in author_ids)


def _unique(users: Iterable) -> list:
    """Each active user with an address once, in byline order."""
    found = {}
    for user in users:
        if user is not None and user.is_active and user.email:
            found.setdefault(user.pk, user)
    return list(found.values())


def _announced_to(article: Article) -> list:
    """Who hears that a revision was scheduled or went live: its own bylined writers (else the working copy's)."""
    revision = getattr(article, "acting_revision", None)
    return revision_writers(revision) if revision is not None else bylined_writers(article)


def submitted(article: Article, *, by, comment: str = "") -> None:
    _queue("submitted", article, editors(), by=by, comment=comment)


def changes_requested(article: Article, *, by, comment: str) -> None:
    _queue("changes_requested", article, bylined_writers(article), by=by, comment=comment)


def scheduled(article: Article, *, by) -> None:
    _queue("scheduled", article, _announced_to(article), by=by)


def published(article: Article, *, by) -> None:
    _queue("published", article, _announced_to(article), by=by)


def _desk_link(article: Article) -> str:
    try:
        return settings.SITE_URL + reverse("desk:article-review", kwargs={"pk": article.pk})
    except (NoReverseMatch, ImportError):  # the desk is not mounted (e.g. a command-only deployment)
        return settings.SITE_URL + "/desk/"


def _display_name(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def message_id(kind: str) -> str:
    """A Message-ID fixed when the mail is written, so every retry carries the same one."""
    return f"<{uuid.uuid4().hex}.{kind}@{_domain(settings.SITE_URL)}>"


@functools.lru_cache(maxsize=4)
def _domain(site_url: str) -> str:
    return urlsplit(site_url).hostname or "newsroom.invalid"


def _queue(kind: str, article: Article, recipients: Iterable, *, by, comment: str = "") -> None:
    """Render one message per recipient and store it in this transaction; it is sent once that commits."""
    store(render(kind, article, recipients, by=by, comment=comment))


def published_messages(article: Article, *, accounts: dict[int, object]) -> list[OutboxMessage]:
    """The unsaved mails announcing the system's publication of `article.acting_revision` (the batch path).

    `accounts` is `author_accounts()` of every byline in the batch, read once for all its pieces.
    """
    return render("published", article, revision_writers(article.acting_revision, accounts), by=None)


def render(
    kind: str, article: Article, recipients: Iterable, *, by, comment: str = "", extra: dict | None = None
) -> list[OutboxMessage]:
    """One unsaved outbox message per recipient, in the newsroom's language; nobody hears of their own action.

    `extra`: more for the templates (a mention's anchored words).
    """
    actor_pk = getattr(by, "pk", None)
    recipients = [user for user in recipients if user.pk != actor_pk and user.email]
    if not recipients:
        return []
    rows = []
    context = {"article": article, "comment": comment.strip(), "link": _desk_link(article), **(extra or {})}
    # The headline of the revision the transition acted on — what went live — not of later, unreviewed edits.
    revision = getattr(article, "acting_revision", None)
    for user in recipients:
        # Each recipient reads the mail in the language of their desk profile (else NEWSROOM_LANGUAGE).
        language = recipient_language(user)
        with translation.override(language):
            context["headline"] = (revision.headline if revision is not None else "") or str(article)
            context["actor"] = _display_name(by)
            context["recipient"] = _display_name(user)
            rows.append(
                OutboxMessage(
                    message_id=message_id(kind),
                    kind=kind,
                    article_id=article.pk,
                    recipient=user.email,
                    subject=" ".join(render_to_string(f"emails/{kind}_subject.txt", context).split()),
                    body=render_to_string(f"emails/{kind}.txt", context),
                    language=language,
                )
            )
    return rows


def store(rows: list[OutboxMessage]) -> None:
    """Write the messages in the current transaction (one statement) and send them once it commits."""
    if not rows:
        return
    ids = [row.pk for row in OutboxMessage.objects.bulk_create(rows)]
    transaction.on_commit(lambda: _send(ids), robust=True)


@contextmanager
def sending_together() -> Iterator[outbox.Delivery]:
    """Collect the messages of every transaction committed inside; send them at the end over one connection.

    For batch work (publish_scheduled): one mail server connection per batch, not per
    piece. The yielded `Delivery` holds the counts once the block has ended. Should the
    process die before that, the messages are in the outbox and the next run sends them.
    """
    result = outbox.Delivery()
    token = _batch.set([])
    try:
        yield result
    finally:
        ids = _batch.get() or []
        _batch.reset(token)
        if ids:
            result.add(outbox.deliver(ids))


def _send(ids: list[int]) -> None:
    batch = _batch.get()
    if batch is not None:
        batch.extend(ids)
        return
    delivery = outbox.deliver(ids)
    if delivery.failed:  # kept in the outbox: the next publish_scheduled run retries them
        logger.warning("%d workflow message(s) not sent yet: %s", delivery.failed, "; ".join(delivery.errors[:3]))
    else:
        logger.info("sent %s workflow message(s)", delivery.sent)
