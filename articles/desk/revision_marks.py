"""What happened to each revision of a piece: published, scheduled, corrected, withdrawn, live now.

Read from the workflow events (each names the revision it acted on) and the live version, in two queries
for the whole history, and shown as marks beside the revisions on the review and history pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from articles.models import Article, PublishedVersion, Revision, WorkflowEvent


@dataclass(frozen=True)
class Mark:
    code: str  # "published", "scheduled", "corrected", "withdrawn", "live": also the CSS class
    label: Promise


PUBLISHED = Mark("published", _("published"))
SCHEDULED = Mark("scheduled", _("scheduled"))
CORRECTED = Mark("corrected", _("corrected"))
WITHDRAWN = Mark("withdrawn", _("withdrawn"))
LIVE = Mark("live", _("live now"))

# Which transitions leave which mark on the revision they acted on.
BY_TRANSITION = {
    "publish": PUBLISHED,
    "publish_due": PUBLISHED,
    "schedule": SCHEDULED,
    "schedule_revision": SCHEDULED,
    "correct": CORRECTED,
    "withdraw": WITHDRAWN,
    "expire": WITHDRAWN,
}
ORDER = (LIVE, PUBLISHED, CORRECTED, SCHEDULED, WITHDRAWN)


def marks_by_number(article: Article) -> dict[int, list[Mark]]:
    """Each revision number of the piece with its marks, in a fixed order (live first)."""
    found: dict[int, set[Mark]] = {}
    events = WorkflowEvent.objects.filter(
        article=article, revision__isnull=False, transition__in=list(BY_TRANSITION)
    ).values_list("revision__number", "transition")
    for number, transition in events:
        found.setdefault(number, set()).add(BY_TRANSITION[transition])
    live = PublishedVersion.objects.filter(article=article, is_live=True, revision__isnull=False)
    for number in live.values_list("revision__number", flat=True):
        found.setdefault(number, set()).update({LIVE, PUBLISHED})
    return {number: [mark for mark in ORDER if mark in marks] for number, marks in found.items()}


def mark_revisions(article: Article, revisions: Iterable[Revision]) -> list[Revision]:
    """The revisions, each with `marks` set (a list, maybe empty)."""
    marks = marks_by_number(article)
    marked = list(revisions)
    for revision in marked:
        revision.marks = marks.get(revision.number, [])
    return marked
