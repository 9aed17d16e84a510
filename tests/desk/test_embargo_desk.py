"""The desk sets and shows an embargo: partners get the piece at once, readers from the embargo time."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, PublishedVersion
from tests import factories
from tests.desk.test_desk_editing import editor_post

pytestmark = pytest.mark.django_db


def test_editor_sets_an_embargo_in_newsroom_time(client, editor):
    article = factories.ArticleFactory()
    client.force_login(editor)

    response = client.post(
        reverse("desk:article-edit", kwargs={"pk": article.pk}),
        editor_post(article, embargoed_until="2026-12-24T07:00"),
    )

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.embargoed_until == datetime.datetime(2026, 12, 24, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    form = client.get(reverse("desk:article-edit", kwargs={"pk": article.pk})).content.decode()
    assert 'name="embargoed_until"' in form and 'value="2026-12-24T07:00"' in form


def test_review_page_shows_the_embargo_and_publishing_copies_it(client, editor):
    until = datetime.datetime(2026, 12, 24, 6, 0, tzinfo=datetime.UTC)
    article = factories.ArticleFactory(embargoed_until=until)
    client.force_login(editor)

    page = client.get(reverse("desk:article-review", kwargs={"pk": article.pk})).content.decode()
    assert "Embargoed until" in page
    assert 'datetime="2026-12-24T07:00:00+0100"' in page

    workflow.publish(workflow.submit(article, by=editor), by=editor)
    assert PublishedVersion.objects.get(article=article, is_live=True).embargoed_until == until


def test_article_list_flags_embargoed_pieces(client, editor):
    factories.ArticleFactory(
        headline="Under embargo", embargoed_until=datetime.datetime(2026, 12, 24, 6, 0, tzinfo=datetime.UTC)
    )
    factories.ArticleFactory(headline="Free to run")
    client.force_login(editor)

    page = client.get(reverse("desk:article-list")).content.decode()

    assert page.count("Embargo until") == 1
    assert 'datetime="2026-12-24T07:00:00+0100"' in page
