"""A planned day for the demo: today's assignments, so the budget and the writer's dashboard show something.

Deadlines are set relative to the time of loading: one overdue, one due within two hours, later ones,
and two linked to demo pieces already being written or in review. Loading twice adds nothing
(the headlines mark what was made).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from articles.models import Article, Assignment, Desk, PieceTemplate, Section
from articles.workflow import planning


@dataclass(frozen=True)
class DemoAssignment:
    headline: str
    section: str
    words: int
    deadline_in: datetime.timedelta  # from the time of loading
    picture: str = ""
    # Who takes the picture: the demo photographer's username, or empty for an agency picture.
    picture_by: str = ""
    notes: str = ""
    assigned: bool = True
    piece: str = ""  # slug of a demo piece already under way that this assignment planned
    template: str = ""  # name of a demo piece template: the draft started from it starts as that kind of piece


PLANNED_DAY = [
    DemoAssignment(
        "Council agrees harbour budget",
        "politics",
        450,
        datetime.timedelta(minutes=-30),
        picture="Mayor in the council chamber",
        picture_by="photographer",
    ),
    DemoAssignment(
        "Ferry timetable changes from Monday",
        "local",
        300,
        datetime.timedelta(minutes=90),
        notes="Ask the ferry company for the new times.",
    ),
    DemoAssignment(
        "Rowing club boathouse",
        "sport",
        250,
        datetime.timedelta(hours=3),
        picture="The old boathouse from the water",
        piece="rowing-club-plans-new-boathouse",
    ),
    DemoAssignment(
        "Festival venue moves",
        "culture",
        400,
        datetime.timedelta(hours=-2),
        piece="harbour-festival-moves-to-old-shipyard",
    ),
    DemoAssignment(
        "Harbour festival: the programme",
        "culture",
        600,
        datetime.timedelta(hours=5),
        picture="Agency picture of last year's festival",
    ),
    DemoAssignment(
        "Cup tie preview", "sport", 350, datetime.timedelta(hours=7), assigned=False, template="Match report"
    ),
]


# The demo newsroom's desks and the sections each looks after.
DESKS = [
    ("News desk", "news", ["politics", "business", "local"]),
    ("Features desk", "features", ["culture"]),
    ("Sport desk", "sport", ["sport"]),
]


def ensure_desks(*, sections: dict[str, Section], members) -> None:
    """The demo desks, each looking after its sections (a section already given a desk keeps it)."""
    for position, (name, slug, section_slugs) in enumerate(DESKS):
        desk, created = Desk.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
        if created:
            desk.members.set(members)
        Section.objects.filter(slug__in=section_slugs, desk__isnull=True).update(desk=desk)
        for slug_ in section_slugs:
            if slug_ in sections:
                sections[slug_].refresh_from_db(fields=["desk"])


def ensure_planned_day(*, sections: dict[str, Section], writer, editor, now: datetime.datetime) -> int:
    """Create today's demo assignments that are missing; returns how many were made."""
    existing = set(
        Assignment.objects.filter(headline__in=[a.headline for a in PLANNED_DAY]).values_list("headline", flat=True)
    )
    made = 0
    wanted = {item.picture_by for item in PLANNED_DAY if item.picture_by}
    photographers = {user.username: user for user in get_user_model().objects.filter(username__in=wanted)}
    for item in PLANNED_DAY:
        if item.headline in existing:
            continue
        fields = {
            "headline": item.headline,
            "section": sections.get(item.section),
            "planned_words": item.words,
            "deadline": now + item.deadline_in,
            "publish_planned_at": now + item.deadline_in + datetime.timedelta(hours=1),
            "picture_request": item.picture,
            "picture_by": photographers.get(item.picture_by),
            "notes": item.notes,
            "template": PieceTemplate.objects.filter(name=item.template).first() if item.template else None,
        }
        assignment = planning.create_assignment(by=editor, fields=fields, assignees=[writer] if item.assigned else [])
        article = Article.objects.filter(slug=item.piece).first() if item.piece else None
        if article is not None:
            planning.link_piece(assignment, article=article, by=editor)
        made += 1
    return made
