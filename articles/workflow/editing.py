"""Conflict-safe editing: `editing()` and `save_article` save content only on top of the version the editor saw."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Author, Byline, Revision
from articles.workflow import receipts
from articles.workflow.errors import ExpiryBeforePublication, NotPermitted, StaleVersion, WrongState
from articles.workflow.permissions import can_edit, is_active_user
from articles.workflow.revisions import record
from articles.workflow.table import STATUS_FIELD

# Fields only the workflow's transitions write; an edit never saves them (a stale form would
# otherwise write back an old state or publication time).
WORKFLOW_FIELDS = frozenset({"status", "publish_at", "published_at", "scheduled_revision"})
# What an edit may save, the content and never the bookkeeping: the one list the editor's form
# shows, a stale save merges three-way and an autosave keeps.
EDITABLE_FIELDS = (
    "kicker",
    "headline",
    "teaser",
    "dateline",
    "date",
    "body",
    "section",
    "slug",
    "expire_at",
    "embargoed_until",
    "language",
)


@contextmanager
def editing(article: Article, *, by, base_version: int, token: uuid.UUID | None = None) -> Iterator[Article]:
    """Save `article`'s content only if nobody saved since `base_version`; the row is locked meanwhile.

    Yields the caller's own instance (with its unsaved changes) after refreshing
    its workflow fields from the locked row; on a clean exit the version is raised
    and the content saved (the history records `by`). Formsets for bylines and
    placements belong inside the block. With a form `token`, a resend of a
    submission already stored raises `receipts.AlreadySaved` (nothing written).
    """
    with transaction.atomic():
        current = (
            Article.objects.select_for_update(of=("self",))
            .only("pk", "version", "status", "publish_at", "published_at", "created_by")
            .filter(pk=article.pk)
            .first()
        )
        if current is None:
            raise WrongState(_("This piece no longer exists."))
        STATUS_FIELD.set_state(article, current.status)
        article.publish_at = current.publish_at
        article.published_at = current.published_at
        article.created_by_id = current.created_by_id
        if not can_edit(by, article):
            raise NotPermitted(_("You may not edit this piece now."))
        # Under the row lock, so a resend racing its original waits and then finds the receipt.
        receipts.check_not_saved(token, by=by, article_id=current.pk)
        if current.version != int(base_version):
            raise StaleVersion(current.version)
        # A piece made outside the editor (import, admin, demo) gets its starting point frozen first,
        # from the stored row: the caller's instance may already carry the new values.
        if not Revision.objects.filter(article_id=article.pk, number=current.version).exists():
            record(Article.objects.select_related("section").get(pk=article.pk))
        yield article
        if article.publish_at and article.expire_at and article.expire_at <= article.publish_at:
            raise ExpiryBeforePublication()
        article.version = current.version + 1
        if is_active_user(by):
            article._history_user = by
        article.save(update_fields=[*EDITABLE_FIELDS, "version", "updated_at"])
        receipts.record(token, by=by, article=article)
        # Every stored version is a revision: the unit that is submitted, approved and published.
        record(article, by=by, note=getattr(article, "_revision_note", ""))


def save_article(
    article: Article,
    *,
    by,
    base_version: int,
    fields: dict[str, Any],
    authors: list[Author] | None = None,
) -> Article:
    """Set content `fields` (and the ordered bylines) conflict-safely; see `editing`."""
    refused = set(fields) - set(EDITABLE_FIELDS) - {"section_id"}
    if refused:
        raise ValueError(f"not editable here: {', '.join(sorted(refused))}")
    with editing(article, by=by, base_version=base_version) as locked:
        for name, value in fields.items():
            setattr(locked, name, value)
        if authors is not None:
            locked.bylines.all().delete()
            Byline.objects.bulk_create(
                [Byline(article=locked, author=author, position=position) for position, author in enumerate(authors)]
            )
    return locked
