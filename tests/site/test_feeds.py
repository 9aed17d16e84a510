"""RSS, Atom and the sitemap list exactly the live pieces, with inert text."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import PublishedVersion
from tests import factories
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    clear_site_caches()


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def pieces(settings):
    """Two live pieces in two sections, plus a draft, a withdrawn and an expired one."""
    settings.SITE_URL = "https://news.example"
    politics = factories.SectionFactory(name="Politics", slug="politics")
    sport = factories.SectionFactory(name="Sport", slug="sport")
    live = [
        go_live(factories.ArticleFactory(section=politics, slug="live-politics")),
        go_live(factories.ArticleFactory(section=sport, slug="live-sport")),
    ]
    factories.ArticleFactory(section=politics, slug="draft")
    withdrawn = go_live(factories.ArticleFactory(section=politics, slug="withdrawn"))
    PublishedVersion.objects.filter(pk=withdrawn.pk).update(is_live=False)
    expired = go_live(factories.ArticleFactory(section=sport, slug="expired"))
    PublishedVersion.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=5))
    return live


def rss_links(client, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return {item.findtext("link") for item in ET.fromstring(response.content).iter("item")}


def atom_links(client, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return {entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")}


def test_rss_lists_exactly_the_live_pieces(client, pieces):
    assert rss_links(client, "/feeds/rss/") == {
        "https://news.example/politics/live-politics/",
        "https://news.example/sport/live-sport/",
    }


def test_atom_lists_exactly_the_live_pieces(client, pieces):
    assert atom_links(client, "/feeds/atom/") == {
        "https://news.example/politics/live-politics/",
        "https://news.example/sport/live-sport/",
    }


def test_section_feeds_list_only_their_section(client, pieces):
    assert rss_links(client, "/feeds/politics/rss/") == {"https://news.example/politics/live-politics/"}
    assert atom_links(client, "/feeds/sport/atom/") == {"https://news.example/sport/live-sport/"}


def test_feed_of_an_unknown_section_is_404(client, pieces):
    assert client.get("/feeds/no-such-section/rss/").status_code == 404


def test_sitemap_lists_the_live_pieces_and_the_sections(client, pieces):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert ET.fromstring(index.content).tag == f"{SITEMAP}sitemapindex"
    sitemaps = [node.text for node in ET.fromstring(index.content).iter(f"{SITEMAP}loc")]
    assert "https://news.example/sitemap-news.xml" in sitemaps
    locations = set()
    for url in sitemaps:
        response = client.get(url.removeprefix("https://news.example"))
        assert response.status_code == 200
        if not url.endswith("-news.xml"):
            locations |= {node.text for node in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}
    assert locations == {
        "https://news.example/",
        "https://news.example/politics/",
        "https://news.example/sport/",
        "https://news.example/politics/live-politics/",
        "https://news.example/sport/live-sport/",
    }


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_the_desk(client, pieces):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://news.example/sitemap.xml" in text
    assert "Disallow: /desk/" in text


def test_hostile_text_is_inert_in_feeds(client, settings):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    section = factories.SectionFactory(slug="politics")
    go_live(
        factories.ArticleFactory(
            section=section,
            headline=hostile,
            teaser=hostile,
            body="<script>alert(3)</script>\n\n[x](javascript:alert(4))",
            authors=[factories.AuthorFactory(name=hostile)],
        )
    )
    for path in ("/feeds/rss/", "/feeds/atom/"):
        content = client.get(path).content.decode()
        # XML-escaped text: a feed reader shows it as text, never as markup.
        assert "<script>" not in content
        assert "<img" not in content
        assert "javascript:" not in content
        root = ET.fromstring(content)
        texts = [node.text or "" for node in root.iter()]
        assert hostile in texts  # the title, as typed
        # Readers render an item's description/summary as HTML: the teaser arrives as escaped text.
        summaries = [
            node.text or "" for node in root.iter() if node.tag.rsplit("}", 1)[-1] in {"description", "summary"}
        ]
        assert any("&lt;script&gt;" in text for text in summaries)
        assert all("<" not in text for text in summaries)
