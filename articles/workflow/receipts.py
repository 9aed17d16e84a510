"""Save receipts: a form submission is stored at most once, and a resend of it is told so.

Every editor form carries a fresh token. The save writes a `SaveReceipt` with that
token in its own transaction, so the receipt exists exactly when the save does. A
browser that resends the same form — because the answer never arrived, or the
database connection dropped after the commit and the page failed — finds the
receipt and is answered "saved" instead of a conflict against its own save, and
nothing is stored twice.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext_lazy as _

from articles.models import Article, SaveReceipt
from articles.workflow.errors import WrongState
from articles.workflow.permissions import is_active_user


class AlreadySaved(Exception):  # an outcome, not a failure
    """This very submission was stored before; `article` and `version` say what it stored."""

    def __init__(self, receipt: SaveReceipt) -> None:
        self.article_id = receipt.article_id
        self.version = receipt.version
        super().__init__(f"already saved as version {receipt.version} of article {receipt.article_id}")


def new_token() -> uuid.UUID:
    return uuid.uuid4()


def check_not_saved(token: uuid.UUID | None, *, by, article_id: int | None = None) -> None:
    """Raise `AlreadySaved` if this token's submission was stored (by `by`, for this article when given)."""
    if token is None:
        return
    receipt = SaveReceipt.objects.filter(token=token).first()
    if receipt is None:
        return
    if receipt.user_id != getattr(by, "pk", None) or (article_id is not None and receipt.article_id != article_id):
        # Tokens are random per form: a match from someone else or another piece is a tampered form.
        raise WrongState(_("This form was already used. Open the piece again."))
    raise AlreadySaved(receipt)


# A browser resends within minutes; a week covers a laptop closed over a weekend.
KEEP_FOR = timedelta(days=7)


def record(token: uuid.UUID | None, *, by, article: Article) -> None:
    """Inside the saving transaction: remember that this submission is stored (and forget old ones)."""
    if token is None or not is_active_user(by):
        return
    receipt = SaveReceipt.objects.create(token=token, article=article, user=by, version=article.version)
    # Pruned per piece as it is saved, so the table stays small without a job of its own.
    SaveReceipt.objects.filter(article=article, created_at__lt=receipt.created_at - KEEP_FOR).delete()


def after_commit_safely(action, *args, **kwargs) -> bool:
    """Run follow-up work after a committed save without letting a lost connection turn it into an error page.

    The save is stored; if the database went away meanwhile, the follow-up (releasing
    the edit lock) is skipped and the broken connection closed so the rest of the
    request reconnects. Returns whether the action ran.
    """
    try:
        with transaction.atomic():
            action(*args, **kwargs)
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return False
    return True
