"""The desk's preview is what readers get: in the public site's language, whatever the desk user's language."""

import datetime
import re

import pytest
from django.urls import reverse

from articles.models import DeskProfile
from tests import factories

pytestmark = pytest.mark.django_db


def preview_of(html: str) -> str:
    match = re.search(r'<div class="reader-preview" lang="(\w+)">(.*?)</article>', html, re.S)
    assert match, "no reader preview on the page"
    return match.group(1) + " " + match.group(2)


@pytest.fixture
def german_editor(editor):
    DeskProfile.objects.create(user=editor, language="de")
    return editor


def test_an_english_piece_previewed_by_a_german_desk_user_reads_as_the_english_site(client, settings, german_editor):
    settings.NEWSROOM_SITE_LANGUAGE = "en"
    writer = factories.WriterFactory(first_name="Fabian", last_name="Müller")
    piece = factories.ArticleFactory(
        headline="Harbour wall", authors=[writer.author], date=datetime.date(2026, 12, 4), language="en"
    )
    client.force_login(german_editor)

    review = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert 'lang="de"' in review[:200] and "Vorschau" in review  # the desk around it stays German
    preview = preview_of(review)
    assert preview.startswith("en ")
    assert "Front page" in preview and "Startseite" not in preview
    assert "4 December 2026" in preview and "Dezember" not in preview
    assert re.search(r'class="byline">By\s', preview) and "Von" not in preview

    fragment = client.post(
        reverse("desk:article-preview", kwargs={"pk": piece.pk}), {"headline": "Harbour wall, typed"}
    ).content.decode()
    assert "Front page" in fragment and 'lang="en"' in fragment and "Startseite" not in fragment


def test_a_german_site_previews_in_german_for_an_english_desk_user(client, settings, editor):
    settings.NEWSROOM_SITE_LANGUAGE = "de"
    piece = factories.ArticleFactory(headline="Hafenmauer", date=datetime.date(2026, 12, 4), language="de")
    client.force_login(editor)
    preview = preview_of(client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode())
    assert preview.startswith("de ") and "4. Dezember 2026" in preview
