"""The workflow: every state change of a piece, its snapshots, locks, history and notifications.

Views, admin actions and commands call the transitions re-exported here (`workflow.submit(...)`);
nothing else writes `Article.status`. This package uses `articles.review` for the checks and never
imports the desk or the public site.
"""

from articles.workflow.editing import editing, save_article
from articles.workflow.errors import (
    BlockingFindings,
    Claimed,
    CommentRequired,
    ExpiryBeforePublication,
    MissingFields,
    NotDue,
    NotPermitted,
    PublishTimeNotInFuture,
    SlugTaken,
    StaleVersion,
    UnknownTransition,
    WorkflowError,
    WrongState,
)
from articles.workflow.machinery import related_prefetches
from articles.workflow.permissions import available_transitions, can_edit, can_view_history, is_editor, is_writer_of
from articles.workflow.retractions import spike, take_back, unspike
from articles.workflow.table import TRANSITIONS, Transition
from articles.workflow.transitions import (
    correct,
    expire,
    perform,
    publish,
    publish_due,
    reopen,
    request_changes,
    schedule,
    start_update,
    submit,
    unschedule,
    withdraw,
)

__all__ = [
    "TRANSITIONS",
    "BlockingFindings",
    "Claimed",
    "CommentRequired",
    "ExpiryBeforePublication",
    "MissingFields",
    "NotDue",
    "NotPermitted",
    "PublishTimeNotInFuture",
    "SlugTaken",
    "StaleVersion",
    "Transition",
    "UnknownTransition",
    "WorkflowError",
    "WrongState",
    "available_transitions",
    "can_edit",
    "can_view_history",
    "correct",
    "editing",
    "expire",
    "is_editor",
    "is_writer_of",
    "perform",
    "publish",
    "publish_due",
    "related_prefetches",
    "reopen",
    "request_changes",
    "save_article",
    "schedule",
    "spike",
    "start_update",
    "submit",
    "take_back",
    "unschedule",
    "unspike",
    "withdraw",
]
