"""Taking things back: a writer's submission before anyone acted on it, and the spike.

`take_back` returns a piece from review to its writer's drafts while no editor has
touched it since it was submitted (no transition, comment or saved change by
someone else). `spike` archives a draft: it leaves the desk lists (they ask
`Article.objects.not_spiked()`) but nothing is deleted, and `unspike` restores it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from articles.models import Article, ReviewComment, WorkflowEvent
from articles.workflow.errors import WrongState
from articles.workflow.machinery import run_transition


def _untouched_since_submission(locked: Article) -> None:
    """Refuse unless the last thing that happened to the piece is its submission."""
    submitted = WorkflowEvent.objects.filter(article=locked).order_by("-created_at", "-pk").first()
    if submitted is None or submitted.transition != "submit":
        raise WrongState(_("An editor has already acted on this submission: ask them to request changes."))
    others = {"article": locked, "created_at__gt": submitted.created_at}
    commented = ReviewComment.objects.filter(**others).exclude(author_id=submitted.actor_id).exists()
    edited = (
        locked.history.filter(history_date__gt=submitted.created_at)
        .exclude(history_user_id=submitted.actor_id)
        .exists()
    )
    if commented or edited:
        raise WrongState(_("An editor has already worked on this submission: ask them to request changes."))


def take_back(article: Article, *, by, comment: str = "") -> Article:
    """in_review → draft by its own writer, while no editor has acted on the submission."""
    return run_transition("take_back", article, by=by, comment=comment, check=_untouched_since_submission)


def spike(article: Article, *, by, comment: str = "") -> Article:
    """draft (never a live piece's update: the table says so) → spiked: archived, out of the desk lists."""
    return run_transition("spike", article, by=by, comment=comment)


def unspike(article: Article, *, by, comment: str = "") -> Article:
    """spiked → draft: back on the desk as it was."""
    return run_transition("unspike", article, by=by, comment=comment)
