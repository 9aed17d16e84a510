"""What news search engines read: the news sitemap, the index, robots.txt, JSON-LD; 410 for withdrawn pieces."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Placement, PublishedVersion
from articles.site import news_sitemap
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def _canonical_site(settings):
    settings.SITE_URL = "https://news.example"
    clear_site_caches()


def _news_entries(client) -> dict[str, ET.Element]:
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {url.findtext(f"{SITEMAP}loc"): url for url in root.iter(f"{SITEMAP}url")}


def test_news_sitemap_lists_the_last_two_days_with_publication_date_and_title(client):
    politics = factories.SectionFactory(slug="politics")
    fresh = go_live(factories.ArticleFactory(section=politics, slug="fresh", headline="Fresh & new"))
    old = go_live(factories.ArticleFactory(section=politics, slug="old"))
    PublishedVersion.objects.filter(pk=old.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=3))
    factories.ArticleFactory(section=politics, slug="draft")

    entries = _news_entries(client)

    assert set(entries) == {"https://news.example/politics/fresh/"}
    news = entries["https://news.example/politics/fresh/"].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    published = datetime.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert abs(published - fresh.first_published_at) < datetime.timedelta(seconds=1)


def test_news_sitemap_stops_at_the_limit(client, monkeypatch):
    monkeypatch.setattr(news_sitemap, "LIMIT", 3)
    section = factories.SectionFactory(slug="politics")
    for _ in range(5):
        go_live(factories.ArticleFactory(section=section))

    assert len(_news_entries(client)) == 3


def test_news_sitemap_leaves_out_embargoed_and_withdrawn_pieces(client, editor):
    section = factories.SectionFactory(slug="politics")
    go_live(
        factories.ArticleFactory(
            section=section, slug="embargoed", embargoed_until=timezone.now() + datetime.timedelta(hours=1)
        )
    )
    gone = go_live(factories.ArticleFactory(section=section, slug="gone"))
    PublishedVersion.objects.filter(pk=gone.pk).update(is_live=False)

    assert _news_entries(client) == {}


def test_sitemap_index_and_robots_name_the_news_sitemap(client):
    go_live(factories.ArticleFactory(section=factories.SectionFactory(slug="politics")))

    index = ET.fromstring(client.get("/sitemap.xml").content)
    robots = client.get("/robots.txt").content.decode()

    assert index.tag == f"{SITEMAP}sitemapindex"
    assert {loc.text for loc in index.iter(f"{SITEMAP}loc")} == {
        "https://news.example/sitemap-front.xml",
        "https://news.example/sitemap-sections.xml",
        "https://news.example/sitemap-pieces.xml",
        "https://news.example/sitemap-news.xml",
    }
    assert "Sitemap: https://news.example/sitemap.xml" in robots
    assert "Sitemap: https://news.example/sitemap-news.xml" in robots


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_json_ld_is_complete_and_states_a_correction(client):
    article = factories.ArticleFactory(
        section=factories.SectionFactory(slug="politics", name="Politics"),
        slug="pipeline",
        authors=[factories.AuthorFactory(name="Fabian Müller", slug="fabian-mueller")],
    )
    image = image_with_file(creator="Jana Beispiel", agencies="AP/dpa")
    Placement.objects.create(article=article, image=image, role=Placement.Role.LEAD, caption="The quay.")
    piece = go_live(article, correction_note="An earlier version gave the wrong length.")

    html = client.get("/politics/pipeline/").content.decode()
    data = _json_ld(html)

    assert '<meta name="robots" content="max-image-preview:large">' in html
    assert data["author"][0]["url"] == "https://news.example/authors/fabian-mueller/"
    assert data["dateModified"] == piece.published_at.isoformat()
    # The lead's 1200-px crops in 16:9, 4:3 and 1:1, each with its credit.
    assert [picture["@type"] for picture in data["image"]] == ["ImageObject"] * 3
    assert [(picture["width"], picture["height"]) for picture in data["image"]] == [
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    ]
    for picture in data["image"]:
        assert picture["url"].startswith("https://news.example/media/")
        assert picture["creditText"] == "© Jana Beispiel/AP/dpa"
        assert picture["caption"] == "The quay."
    assert data["correction"] == {
        "@type": "CorrectionComment",
        "text": "An earlier version gave the wrong length.",
        "datePublished": piece.published_at.isoformat(),
    }


def test_json_ld_has_no_correction_on_an_uncorrected_piece(client):
    go_live(factories.ArticleFactory(section=factories.SectionFactory(slug="politics"), slug="plain"))

    assert "correction" not in _json_ld(client.get("/politics/plain/").content.decode())


def test_withdrawn_piece_is_gone_with_a_notice_and_its_correction(client, editor):
    article = factories.ArticleFactory(section=factories.SectionFactory(slug="politics"), slug="harbour")
    workflow.publish(workflow.submit(article, by=editor), by=editor)
    article = Article.objects.get(pk=article.pk)
    workflow.correct(article, by=editor, correction_note="The figures were wrong.")
    workflow.withdraw(Article.objects.get(pk=article.pk), by=editor, comment="Legal.")

    response = client.get("/politics/harbour/")

    assert response.status_code == 410
    html = response.content.decode()
    assert "This piece has been withdrawn" in html
    assert article.headline in html
    assert "The figures were wrong." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Feeds and sitemaps drop it.
    for url in ("/feeds/rss/", "/feeds/atom/", "/sitemap-pieces.xml", "/sitemap-news.xml"):
        assert "/politics/harbour/" not in client.get(url).content.decode(), url


def test_reopened_and_republished_piece_is_back(client, editor):
    article = factories.ArticleFactory(section=factories.SectionFactory(slug="politics"), slug="back")
    workflow.publish(workflow.submit(article, by=editor), by=editor)
    workflow.withdraw(Article.objects.get(pk=article.pk), by=editor, comment="Check it.")
    assert client.get("/politics/back/").status_code == 410

    article = workflow.reopen(Article.objects.get(pk=article.pk), by=editor)
    workflow.publish(workflow.submit(article, by=editor), by=editor)

    assert client.get("/politics/back/").status_code == 200


def test_unknown_address_stays_404(client):
    factories.SectionFactory(slug="politics")
    assert client.get("/politics/never-was/").status_code == 404


def test_favicon_is_linked_and_answers(client):
    go_live(factories.ArticleFactory(section=factories.SectionFactory(slug="politics")))

    html = client.get("/").content.decode()
    redirect = client.get("/favicon.ico")

    assert re.search(r'<link rel="icon" href="[^"]*favicon[^"]*\.svg"', html)
    assert redirect.status_code == 301
    assert redirect["Location"].endswith(".svg")


def test_section_feed_channel_description_is_escaped_like_the_items(client):
    factories.SectionFactory(slug="politics", name="<b>Politics</b> & more")

    root = ET.fromstring(client.get("/feeds/politics/rss/").content)

    # Readers render <description> as HTML: the markup must arrive as text, as in the items.
    assert root.find("channel/description").text == "Newsroom: &lt;b&gt;Politics&lt;/b&gt; &amp; more"
    assert root.find("channel/title").text == "Newsroom: <b>Politics</b> & more"


def test_embargoed_piece_is_not_on_the_site_until_its_time(client):
    section = factories.SectionFactory(slug="politics")
    piece = go_live(
        factories.ArticleFactory(
            section=section,
            slug="budget",
            headline="Budget secrets",
            embargoed_until=timezone.now() + datetime.timedelta(hours=1),
        )
    )

    assert client.get("/politics/budget/").status_code == 404
    assert "Budget secrets" not in client.get("/").content.decode()
    assert "Budget secrets" not in client.get("/feeds/rss/").content.decode()

    PublishedVersion.objects.filter(pk=piece.pk).update(embargoed_until=timezone.now() - datetime.timedelta(seconds=1))
    clear_site_caches()

    assert client.get("/politics/budget/").status_code == 200
    assert "Budget secrets" in client.get("/").content.decode()


def test_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-nope.xml").status_code == 404
    assert client.get("/sitemap-news.xml?p=abc").status_code == 200


def test_sitemap_index_lists_every_page_of_a_long_sitemap(client, monkeypatch):
    from articles.site.sitemaps import PieceSitemap

    monkeypatch.setattr(PieceSitemap, "limit", 2)
    section = factories.SectionFactory(slug="politics")
    for _ in range(5):
        go_live(factories.ArticleFactory(section=section))

    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "sitemap-pieces" in loc.text]

    assert pages == [
        "https://news.example/sitemap-pieces.xml",
        "https://news.example/sitemap-pieces.xml?p=2",
        "https://news.example/sitemap-pieces.xml?p=3",
    ]
    third = ET.fromstring(client.get("/sitemap-pieces.xml?p=3").content)
    assert len(list(third.iter(f"{SITEMAP}url"))) == 1
