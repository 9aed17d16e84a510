"""German test content: a piece in every state, a picture, a comment, and users who chose German."""

from __future__ import annotations

import datetime

from django.utils import timezone

from articles.models import Article, DeskProfile, Placement, ReviewComment
from articles.workflow import transitions
from articles.workflow.editing import save_article
from tests import factories
from tests.support.pictures import image_with_file


def german_newsroom() -> dict:
    """German content in every state, a German-speaking editor (a superuser) and writer."""
    politik = factories.SectionFactory(name="Politik", slug="politik")
    writer = factories.WriterFactory(username="fmu", first_name="Fabian", last_name="Müller")
    editor = factories.EditorFactory(username="petra", first_name="Petra", last_name="Schulz", is_staff=True)
    editor.is_superuser = True
    editor.save()
    for user in (writer, editor):
        DeskProfile.objects.create(user=user, language="de")
    author = writer.author
    texts = {
        "kicker": "Hafen",
        "teaser": "Die Hafenfähre fährt künftig alle zwanzig Minuten statt jede halbe Stunde.",
        "dateline": "Hamburg",
        "body": "Die Hafenbehörde stellte den Fahrplan am Freitag vor.\n\n## Was sich ändert\n\nDie erste Fähre "
        "startet früher.",
        "section": politik,
        "language": "de",
        "date": datetime.date(2024, 7, 17),
    }
    pieces = {}
    for state, headline in (
        ("draft", "Neuer Fahrplan für die Fähre"),
        ("in_review", "Stadtrat berät über Hafenmauer"),
        ("scheduled", "Hafenfest beginnt am Samstag"),
        ("published", "Fähre fährt öfter"),
    ):
        article = factories.ArticleFactory(
            headline=headline, slug=f"stueck-{state}", authors=[author], created_by=writer, **texts
        )
        if state != "draft":
            transitions.submit(article, by=writer)
        if state == "scheduled":
            transitions.schedule(article, by=editor, publish_at=timezone.now() + datetime.timedelta(days=2))
        if state == "published":
            transitions.publish(article, by=editor)
        pieces[state] = article
    # Edited after scheduling: its review page shows the pending notice and the scheduled revision's diff.
    scheduled = Article.objects.get(pk=pieces["scheduled"].pk)
    save_article(scheduled, by=editor, base_version=scheduled.version, fields={"kicker": "Hafen und Fest"})
    image = image_with_file(
        caption="Die neue Fähre am Anleger.",
        alt_text="Eine Fähre am Anleger",
        creator="Ole Hansen",
        agencies="dpa",
        is_archive=True,
    )
    Placement.objects.create(article=pieces["draft"], image=image, role="lead", position=0)
    ReviewComment.objects.create(article=pieces["in_review"], author=editor, body="Bitte die Ortsmarke prüfen.")
    article = pieces["draft"]
    article.kicker = "Hafen und Stadt"
    article.save()
    return {"writer": writer, "editor": editor, "pieces": pieces, "image": image, "section": politik}
