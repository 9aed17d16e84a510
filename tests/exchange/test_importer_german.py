# News copy uses en dashes (datelines) on purpose.
# ruff: noqa: RUF001
"""German agency files: the same format in German, and each file's language detected."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from articles.exchange import agency_text
from articles.models import Article, Image, Placement
from articles.review.languages import detect_language

pytestmark = pytest.mark.django_db

# An invented piece in the German form of the format.
GERMAN = """date 2026-03-02 Startseite Politik

Hafen
Neuer Fahrplan für die Hafenfähre ab Montag

Von: Jana Beispiel und Tom Muster

Drucken Teilen

Die Hafenfähre fährt künftig alle zwanzig Minuten statt jede halbe Stunde.

Hamburg/Kiel – Die Hafenbehörde hat den neuen Fahrplan am Freitag vorgestellt. Er folgt auf ein Jahr voller Beschwerden.

Was sich für Pendler ändert

Die ersten Fähren starten um 5.10 Uhr. Die letzte legt um Mitternacht ab.

Die neue Fähre am Anleger. (Archivbild) Foto: Ole Hansen/Hafenbehörde/dpa

Die Fahrkarten behalten ihren Preis. (jbe/tmu)
"""

ENGLISH = """date 2026-03-02 Home page local

Ferry timetable changes from Monday

From: Jana Beispiel

The harbour ferry will run every twenty minutes instead of every half hour.

Hamburg – The port authority announced the new timetable on Friday.

Tickets keep their price. (jbe)
"""


def test_german_file_is_read_field_by_field():
    parsed = agency_text.parse(GERMAN)
    assert parsed.language == "de"
    assert parsed.date == datetime.date(2026, 3, 2)
    assert parsed.section_name == "Politik"
    assert (parsed.kicker, parsed.headline) == ("Hafen", "Neuer Fahrplan für die Hafenfähre ab Montag")
    assert parsed.author_names == ["Jana Beispiel", "Tom Muster"]
    assert parsed.teaser.startswith("Die Hafenfähre fährt künftig")
    assert parsed.dateline == "Hamburg/Kiel"
    assert parsed.body.startswith("Die Hafenbehörde hat")
    assert "## Was sich für Pendler ändert" in parsed.body
    assert "Drucken Teilen" not in parsed.body
    assert parsed.sign_offs == ["jbe", "tmu"]
    (image,) = parsed.images
    assert image.caption == "Die neue Fähre am Anleger."
    assert image.is_archive
    assert (image.creator, image.agencies) == ("Ole Hansen", "Hafenbehörde/dpa")


def test_import_article_makes_a_german_draft(tmp_path):
    path = tmp_path / "faehre.txt"
    path.write_text(GERMAN, encoding="utf-8")
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get()
    assert article.language == "de"
    assert article.section.name == "Politik"
    assert Placement.objects.get().image == Image.objects.get(creator="Ole Hansen")


def test_english_file_stays_english(tmp_path):
    assert agency_text.parse(ENGLISH).language == "en"
    path = tmp_path / "ferry.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())
    assert Article.objects.get().language == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Polizei sucht Zeugen. Der Mann ist nicht mit dem Auto gefahren, sagte sie.", "de"),
        ("The police are looking for witnesses. The man has not driven the car, she said.", "en"),
        ("From: Anna\n\nBerlin – Kurz.", "en"),  # the format's English words decide
        ("Von: Anna\n\nLondon – The end.", "de"),
    ],
)
def test_language_is_detected_per_file(text, language):
    assert detect_language(text) == language
