"""The demo's piece templates: four recurring kinds of pieces a local newsroom starts every week.

Loading twice adds nothing (a template's name marks it as made).
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import PieceTemplate, Section


@dataclass(frozen=True)
class DemoTemplate:
    name: str
    description: str
    section: str
    words: int
    kicker: str
    headline: str
    teaser: str
    dateline: str
    body: str
    checks: tuple[str, ...]


TEMPLATES = [
    DemoTemplate(
        "Breaking news",
        "Something has just happened: a few facts first, the piece grows as the desk learns more.",
        "local",
        250,
        "Breaking",
        "",
        "What happened, where and when, in one sentence.",
        "Hafenstedt",
        "The first facts: what happened, where, when, who is affected.\n\n"
        "## What we know\n\n"
        "Confirmed facts only, each with its source.\n\n"
        "## What we do not know yet\n\n"
        "Open questions; say who was asked.\n\n"
        "This piece is being updated.",
        ("required", "headline-length", "sign-off"),
    ),
    DemoTemplate(
        "Obituary",
        "A life remembered: dates checked twice, names spelled as the family spells them.",
        "culture",
        600,
        "Obituary",
        "",
        "Who they were and why the town remembers them.",
        "Hafenstedt",
        "Opening: the person, the date and place of death, their age.\n\n"
        "## Life\n\n"
        "Born where and when; the work and the people they were known for.\n\n"
        "## Remembered\n\n"
        "Voices of family, friends and colleagues.\n\n"
        "## Funeral\n\n"
        "Time and place, if the family wishes it published.",
        ("weekday-date", "style-inconsistent", "spelling", "sign-off"),
    ),
    DemoTemplate(
        "Match report",
        "A game of a local team: the result first, then how it came about.",
        "sport",
        350,
        "Football",
        "Hafenstedt … : … ",
        "The result and the moment that decided the game.",
        "Hafenstedt",
        "The result, the scorers and what it means for the table.\n\n"
        "## The game\n\n"
        "How it went: goals, chances, turning points.\n\n"
        "## Voices\n\n"
        "The coaches and a player after the final whistle.\n\n"
        "## Next\n\n"
        "The next fixture: opponent, date and place.",
        ("inconsistent-figures", "reversed-range", "time-format"),
    ),
    DemoTemplate(
        "Weather warning",
        "An official warning from the weather service: region, period and what to do.",
        "local",
        200,
        "Weather",
        "Weather service warns of … in the Hafenstedt area",
        "Which warning, for where, from when until when.",
        "Hafenstedt",
        "The warning: its level, the area and the hours it is in force.\n\n"
        "## What to expect\n\n"
        "Wind, rain, snow or ice, with the figures the weather service gives.\n\n"
        "## What to do\n\n"
        "Advice from the weather service and the fire brigade.",
        ("required", "time-format", "weekday-date"),
    ),
]


def ensure_piece_templates(*, sections: dict[str, Section], by) -> int:
    """Create the demo templates that are missing; returns how many were made."""
    existing = set(PieceTemplate.objects.filter(name__in=[t.name for t in TEMPLATES]).values_list("name", flat=True))
    made = [
        PieceTemplate(
            name=item.name,
            description=item.description,
            section=sections.get(item.section),
            planned_words=item.words,
            kicker=item.kicker,
            headline=item.headline,
            teaser=item.teaser,
            dateline=item.dateline,
            body=item.body,
            checks=list(item.checks),
            position=position,
            created_by=by,
        )
        for position, item in enumerate(TEMPLATES)
        if item.name not in existing
    ]
    for template in made:
        template.full_clean()
        template.save()  # one by one: the history records each
    return len(made)
