"""The German desk uses one word per concept and German date forms everywhere ("4. Dez., 14:02")."""

import re

import pytest
from django.urls import reverse

from tests.i18n.german_newsroom import german_newsroom

pytestmark = pytest.mark.django_db

# A day and a month without the German full stops: "4 Dez", "17. Jul" (Django's "M" in German).
ENGLISH_STYLE_DATE = re.compile(
    r"\b\d{1,2}\.? (?:Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Okt|Nov|Dez)\b(?!\.)|\b\d{1,2} (?:Januar|März|Mai|Juni|Juli)\b"
)
GERMAN_DATE = re.compile(r"\b\d{1,2}\. (?:Jan\.|Feb\.|März|April|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.)")
# One concept, one word: a piece is a "Beitrag", a saved state of it a "Fassung".
MIXED_TERMS = re.compile(r"\bArtikel\w*|\bVersion\b|Neuen Beitrag schreiben")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def test_german_desk_pages_use_one_term_and_german_dates(client):
    newsroom = german_newsroom()
    pieces = newsroom["pieces"]
    client.force_login(newsroom["editor"])
    pages = [
        reverse("desk:dashboard"),
        reverse("desk:article-list"),
        reverse("desk:calendar"),
        reverse("desk:article-create"),
        reverse("desk:article-edit", kwargs={"pk": pieces["draft"].pk}),
        reverse("desk:article-review", kwargs={"pk": pieces["in_review"].pk}),
        reverse("desk:article-review", kwargs={"pk": pieces["scheduled"].pk}),
        reverse("desk:article-history", kwargs={"pk": pieces["scheduled"].pk}),
    ]
    seen_dates = 0
    for url in pages:
        text = visible_text(client.get(url).content.decode())
        assert MIXED_TERMS.findall(text) == [], url
        assert ENGLISH_STYLE_DATE.findall(text) == [], url
        seen_dates += len(
            re.findall(r"\b\d{1,2}\. (?:Jan\.|Feb\.|März|April|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.)", text)
        )
    assert seen_dates > 3
    assert "Neuer Beitrag" in visible_text(client.get(reverse("desk:dashboard")).content.decode())
