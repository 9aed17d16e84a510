"""The workflow: every state change of a piece, its snapshots, locks, history and notifications.

Views, admin actions and commands call the transitions re-exported here (`workflow.submit(...)`);
nothing else writes `Article.status`. This package uses `articles.review` for the checks and never
imports the desk or the public site.
"""

from articles.workflow.batch import BatchOutcome, publish_due_batch
from articles.workflow.editing import EDITABLE_FIELDS, editing, save_article
from articles.workflow.errors import (
    BlockingFindings,
    Claimed,
    CommentRequired,
    ExpiryBeforePublication,
    MissingFields,
    NoSuchRevision,
    NotDue,
    NotPermitted,
    PublishTimeNotInFuture,
    RevisionChanged,
    SlugTaken,
    StaleVersion,
    UnknownTransition,
    WorkflowError,
    WrongState,
)
from articles.workflow.machinery import related_prefetches
from articles.workflow.permissions import (
    PieceFacts,
    available_transitions,
    can_change_picture,
    can_edit,
    can_view_history,
    facts_for,
    is_editor,
    is_writer_of,
)
from articles.workflow.pictures import apply_picture_change
from articles.workflow.retractions import spike, take_back, unspike
from articles.workflow.saving import Outcome, SaveResult, Submission, create_draft, save_submission
from articles.workflow.table import TRANSITIONS, Transition
from articles.workflow.transitions import (
    correct,
    expire,
    perform,
    publish,
    publish_due,
    publish_overdue,
    reopen,
    request_changes,
    schedule,
    schedule_revision,
    start_update,
    submit,
    unschedule,
    withdraw,
)

__all__ = [
    "EDITABLE_FIELDS",
    "TRANSITIONS",
    "BatchOutcome",
    "BlockingFindings",
    "Claimed",
    "CommentRequired",
    "ExpiryBeforePublication",
    "MissingFields",
    "NoSuchRevision",
    "NotDue",
    "NotPermitted",
    "Outcome",
    "PieceFacts",
    "PublishTimeNotInFuture",
    "RevisionChanged",
    "SaveResult",
    "SlugTaken",
    "StaleVersion",
    "Submission",
    "Transition",
    "UnknownTransition",
    "WorkflowError",
    "WrongState",
    "apply_picture_change",
    "available_transitions",
    "can_change_picture",
    "can_edit",
    "can_view_history",
    "correct",
    "create_draft",
    "editing",
    "expire",
    "facts_for",
    "is_editor",
    "is_writer_of",
    "perform",
    "publish",
    "publish_due",
    "publish_due_batch",
    "publish_overdue",
    "related_prefetches",
    "reopen",
    "request_changes",
    "save_article",
    "save_submission",
    "schedule",
    "schedule_revision",
    "spike",
    "start_update",
    "submit",
    "take_back",
    "unschedule",
    "unspike",
    "withdraw",
]
