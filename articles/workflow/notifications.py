"""Workflow emails: who hears about what, sent only after the transaction commits.

Editors hear when a piece is submitted; the bylined writers (through their
author record's user account) hear when changes are requested, when their piece
is scheduled and when it is published. Nobody is mailed about their own action.
Messages are rendered from `templates/emails/` in each recipient's language and
sent with `transaction.on_commit`, so a rolled-back transition mails nobody and
a mail server failure never undoes a transition (it is logged instead).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from articles.i18n.languages import recipient_language
from articles.models import Article

logger = logging.getLogger(__name__)

# Set inside `sending_together()`: committed messages wait here instead of opening a connection each.
_outbox: ContextVar[list[EmailMessage] | None] = ContextVar("workflow_outbox", default=None)

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
    users = {}
    for byline in bylines:
        user = byline.author.user
        if user is not None and user.is_active and user.email:
            users.setdefault(user.pk, user)
    return list(users.values())


def submitted(article: Article, *, by, comment: str = "") -> None:
    _queue("submitted", article, editors(), by=by, comment=comment)


def changes_requested(article: Article, *, by, comment: str) -> None:
    _queue("changes_requested", article, bylined_writers(article), by=by, comment=comment)


def scheduled(article: Article, *, by) -> None:
    _queue("scheduled", article, bylined_writers(article), by=by)


def published(article: Article, *, by) -> None:
    _queue("published", article, bylined_writers(article), by=by)


def _desk_link(article: Article) -> str:
    try:
        return settings.SITE_URL + reverse("desk:article-review", kwargs={"pk": article.pk})
    except (NoReverseMatch, ImportError):  # the desk is not mounted (e.g. a command-only deployment)
        return settings.SITE_URL + "/desk/"


def _display_name(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def _queue(kind: str, article: Article, recipients: Iterable, *, by, comment: str = "") -> None:
    """Render one message per recipient now, send them once the transaction has committed."""
    actor_pk = getattr(by, "pk", None)
    recipients = [user for user in recipients if user.pk != actor_pk and user.email]
    if not recipients:
        return
    messages = []
    context = {"article": article, "comment": comment.strip(), "link": _desk_link(article)}
    for user in recipients:
        # Each recipient reads the mail in the language of their desk profile (else NEWSROOM_LANGUAGE).
        with translation.override(recipient_language(user)):
            context["headline"] = str(article)
            context["actor"] = _display_name(by)
            context["recipient"] = _display_name(user)
            subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", context).split())
            body = render_to_string(f"emails/{kind}.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    transaction.on_commit(lambda: _send(messages), robust=True)


@contextmanager
def sending_together() -> Iterator[None]:
    """Collect the messages of every transaction committed inside; send them at the end over one connection.

    For batch work (publish_scheduled): one mail server connection per batch, not per piece.
    """
    token = _outbox.set([])
    try:
        yield
    finally:
        messages = _outbox.get() or []
        _outbox.reset(token)
        if messages:
            try:
                _deliver(messages)
            except Exception:  # a mail server failure must not turn committed work into an error
                logger.exception("could not send %d workflow message(s)", len(messages))


def _send(messages: list[EmailMessage]) -> None:
    outbox = _outbox.get()
    if outbox is not None:
        outbox.extend(messages)
    else:
        _deliver(messages)


def _deliver(messages: list[EmailMessage]) -> None:
    sent = get_connection().send_messages(messages)
    logger.info("sent %s workflow message(s)", sent)
