"""Which language a page is in: the desk follows the user, then the browser, then NEWSROOM_LANGUAGE;
the public site always speaks NEWSROOM_SITE_LANGUAGE (pages, dates, feeds, JSON-LD)."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.i18n.languages import recipient_language
from articles.models import Article, DeskProfile, PublishedVersion
from tests import factories
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    clear_site_caches()


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


# --- the desk -----------------------------------------------------------------------------


def test_the_users_choice_beats_the_browser(client, writer):
    DeskProfile.objects.create(user=writer, language="de")
    client.force_login(writer)
    response = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "de"
    assert "Übersicht" in response.content.decode()
    assert "Dashboard" not in response.content.decode()


def test_without_a_choice_the_browser_decides(client, writer):
    client.force_login(writer)
    response = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert html_lang(response) == "de"
    assert "Meine Entwürfe" in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_without_a_choice_or_a_browser_language_the_setting_decides(client, writer, settings):
    settings.LANGUAGE_CODE = "de"
    client.force_login(writer)
    assert html_lang(client.get("/desk/")) == "de"
    settings.LANGUAGE_CODE = "en"
    assert html_lang(client.get("/desk/")) == "en"


def test_sign_in_page_follows_the_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Am Desk anmelden" in response.content.decode()


def test_a_user_picks_german_on_the_settings_page_and_others_are_unaffected(client, writer, other_writer):
    client.force_login(writer)
    page = client.get("/desk/profile/")
    assert page.status_code == 200
    response = client.post("/desk/profile/", {"language": "de"}, follow=True)
    assert "Ihre Einstellungen wurden gespeichert." in response.content.decode()
    assert DeskProfile.objects.get(user=writer).language == "de"
    assert html_lang(client.get("/desk/articles/", HTTP_ACCEPT_LANGUAGE="en")) == "de"
    # Back to "as my browser says".
    client.post("/desk/profile/", {"language": ""})
    assert html_lang(client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en")) == "en"
    assert not DeskProfile.objects.filter(user=other_writer).exists()


def test_an_unknown_language_is_refused_with_a_message_and_nothing_saved(client, writer):
    DeskProfile.objects.create(user=writer, language="de")
    client.force_login(writer)
    response = client.post("/desk/profile/", {"language": "klingon"})
    assert response.status_code == 200
    assert "Nichts wurde gespeichert" in response.content.decode()
    assert DeskProfile.objects.get(user=writer).language == "de"


def test_the_settings_page_needs_sign_in(client):
    response = client.get("/desk/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_recipient_language_is_the_profile_then_the_newsroom_setting(writer, settings):
    settings.LANGUAGE_CODE = "en"
    assert recipient_language(writer) == "en"
    DeskProfile.objects.create(user=writer, language="de")
    writer.refresh_from_db()
    assert recipient_language(writer) == "de"


# --- the public site ----------------------------------------------------------------------


@pytest.fixture
def live_piece():
    section = factories.SectionFactory(name="Politik", slug="politik")
    article = factories.ArticleFactory(
        section=section,
        slug="abstimmung",
        headline="Der Bundestag stimmt ab",
        date=datetime.date(2024, 7, 17),
    )
    at = timezone.make_aware(datetime.datetime(2024, 7, 17, 14, 5))
    version = go_live(article, at=at)
    # An update: the page then says when, with date and time.
    PublishedVersion.objects.filter(pk=version.pk).update(first_published_at=at - datetime.timedelta(hours=3))
    return version


def test_site_ignores_the_browser_and_speaks_the_site_language(client, live_piece, settings):
    settings.NEWSROOM_SITE_LANGUAGE = "en"
    response = client.get(live_piece.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    html = response.content.decode()
    assert "17 July 2024" in html
    assert "17 July 2024, 14:05" in html
    assert "a.m." not in html and "p.m." not in html


def test_german_site_prints_german_dates_and_24_hour_times(client, live_piece, settings):
    settings.NEWSROOM_SITE_LANGUAGE = "de"
    response = client.get(live_piece.get_absolute_url())
    html = response.content.decode()
    assert html_lang(response) == "de"
    assert "17. Juli 2024" in html
    assert "14:05 Uhr" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["inLanguage"] == "de"
    assert "Startseite" in client.get("/").content.decode()


def test_feeds_carry_the_site_language(client, live_piece, settings):
    settings.NEWSROOM_SITE_LANGUAGE = "de"
    rss = ET.fromstring(client.get("/feeds/rss/").content)
    assert rss.find("channel/language").text == "de"
    assert "Neueste Nachrichten" in rss.find("channel/title").text


# --- the piece's language ------------------------------------------------------------------


def test_a_new_piece_takes_the_site_language(settings):
    settings.NEWSROOM_SITE_LANGUAGE = "de"
    assert factories.ArticleFactory().language == "de"


def test_the_editor_sets_a_pieces_language_and_a_form_without_it_keeps_it(client, writer):
    from tests.desk.test_desk_editing import editor_post

    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, language="en")
    client.force_login(writer)
    page = client.get(f"/desk/articles/{article.pk}/edit/").content.decode()
    assert 'name="language"' in page
    data = editor_post(article)
    data["language"] = "de"
    assert client.post(f"/desk/articles/{article.pk}/edit/", data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.language == "de"
    # A client that does not know the field: the stored language stays.
    data = editor_post(article)
    assert client.post(f"/desk/articles/{article.pk}/edit/", data).status_code == 302
    assert Article.objects.get(pk=article.pk).language == "de"


def test_desk_dates_follow_the_desk_language(client, editor):
    from articles.workflow import transitions

    article = factories.ArticleFactory()
    transitions.submit(article, by=editor)
    when = timezone.make_aware(datetime.datetime(2030, 3, 4, 15, 30))
    transitions.schedule(article, by=editor, publish_at=when)
    client.force_login(editor)
    german = client.get("/desk/articles/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "4. März 2030, 15:30" in german  # German short dates: "4. Dez. 2030", "4. März 2030"
    english = client.get("/desk/articles/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "4 Mar 2030, 15:30" in english


def test_command_output_follows_the_newsroom_language():
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    out = StringIO()
    with translation.override("de"):
        call_command("publish_scheduled", "--dry-run", stdout=out)
    assert "Probelauf um" in out.getvalue()
    assert "nichts wurde geändert" in out.getvalue()


def test_a_language_the_newsroom_does_not_have_is_refused_at_start():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DEBUG": "1", "NEWSROOM_SITE_LANGUAGE": "fr"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "NEWSROOM_SITE_LANGUAGE='fr' is not one of: en, de" in result.stderr


def test_og_locale_follows_the_site_language(client, live_piece, settings):
    settings.NEWSROOM_SITE_LANGUAGE = "de"
    assert '<meta property="og:locale" content="de_DE">' in client.get(live_piece.get_absolute_url()).content.decode()


def test_a_pieces_language_survives_export_and_import(tmp_path):
    from django.core.management import call_command

    from tests.exchange.test_json_exchange import flush_articles

    factories.ArticleFactory(slug="auf-deutsch", language="de")
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    assert '"language": "de"' in path.read_text(encoding="utf-8")
    flush_articles()
    call_command("import_articles", str(path), verbosity=0)
    assert Article.objects.get(slug="auf-deutsch").language == "de"


def test_the_users_language_comes_with_the_user_not_in_a_query_of_its_own(client, writer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DeskProfile.objects.create(user=writer, language="de")
    client.force_login(writer, backend="articles.i18n.backends.ModelBackendWithProfile")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/desk/")
    assert html_lang(response) == "de"
    own_queries = [query["sql"] for query in queries if 'FROM "articles_deskprofile"' in query["sql"]]
    assert own_queries == []
