"""HTTP caching of the public site: validators, 304s, CDN headers, and nothing stale or unpublished cached."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles import generation
from articles.models import Article, PublishedVersion
from tests import factories
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    clear_site_caches()


@pytest.fixture
def version():
    section = factories.SectionFactory(name="Politics", slug="politics")
    return go_live(factories.ArticleFactory(section=section, slug="budget"))


def test_article_carries_validators_and_cdn_headers(client, version):
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control
    assert any(part.startswith("max-age=") for part in cache_control)
    assert any(part.startswith("s-maxage=") for part in cache_control)
    # Readers' pages must not vary on the session, or a CDN could not share them.
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response.headers


def test_repeated_request_with_etag_gets_304(client, version):
    first = client.get(version.get_absolute_url())
    again = client.get(version.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"]


def test_repeated_request_with_last_modified_gets_304(client, version):
    first = client.get(version.get_absolute_url())
    again = client.get(version.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/", "/politics/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml"])
def test_lists_feeds_and_sitemap_answer_304_to_their_etag(client, version, path):
    first = client.get(path)
    assert first.status_code == 200
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_update_changes_the_validators_and_shows_at_once(client, version):
    article = version.article
    first = client.get(version.get_absolute_url())
    article.headline = "Council revises the harbour budget"
    article.save()
    go_live(article)
    again = client.get(version.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Council revises the harbour budget" in again.content.decode()


def test_withdrawal_shows_at_once_even_with_a_cached_page(client, version):
    url = version.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url).status_code == 200  # now kept in the cache
    PublishedVersion.objects.filter(pk=version.pk).update(is_live=False, updated_at=timezone.now())
    generation.bump()  # as every change of what is public does in its transaction
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_expiry_changes_the_front_page_etag(client, version):
    """A piece can vanish from a list without a row changing; the list's validator must notice."""
    expiry = timezone.now() + datetime.timedelta(minutes=5)
    PublishedVersion.objects.filter(pk=version.pk).update(expire_at=expiry)
    first = client.get("/")
    assert version.headline in first.content.decode()
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert version.headline not in again.content.decode()


def test_list_pages_ignore_if_modified_since_alone(client, version):
    """Last-Modified of a list can move backwards (withdrawal), so it never decides a 304 on its own."""
    first = client.get("/")
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_the_rendered_page_is_reused_until_a_publication(client, version, django_assert_num_queries):
    url = version.get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False):  # within one generation's second
        first = client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url).content == first.content
        article = version.article
        article.headline = "Council revises the harbour budget"
        article.save()
        go_live(article)
        assert "Council revises the harbour budget" in client.get(url).content.decode()


@pytest.mark.parametrize("path", ["/politics/no-such-piece/", "/no-section/", "/authors/nobody/", "/feeds/none/rss/"])
def test_not_found_is_not_cacheable(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_redirect_of_a_moved_piece_is_cached_only_briefly(client, version):
    article = version.article
    article.slug = "budget-2027"
    article.save()
    go_live(article)
    response = client.get(version.get_absolute_url())
    assert response.status_code == 301
    assert "max-age=" in response["Cache-Control"]


def test_a_new_section_in_the_masthead_changes_the_article_etag(client, version, settings):
    settings.NEWSROOM_NAV_CACHE_SECONDS = 0
    first = client.get(version.get_absolute_url())
    factories.SectionFactory(name="Weather", slug="weather")
    again = client.get(version.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert '<a href="/weather/">Weather</a>' in again.content.decode()


def cache_lifetimes(response) -> dict[str, int]:
    parts = (part.strip().split("=") for part in response["Cache-Control"].split(","))
    return {part[0]: int(part[1]) for part in parts if len(part) == 2}


def test_no_cache_keeps_a_piece_past_its_expiry(client, version, settings):
    settings.NEWSROOM_SITE_MAX_AGE, settings.NEWSROOM_SITE_S_MAXAGE = 60, 300
    PublishedVersion.objects.filter(pk=version.pk).update(expire_at=timezone.now() + datetime.timedelta(seconds=30))
    for path in (version.get_absolute_url(), "/", "/politics/"):
        lifetimes = cache_lifetimes(client.get(path))
        assert 0 < lifetimes["max-age"] <= 30, path
        assert 0 < lifetimes["s-maxage"] <= 30, path


def test_lifetimes_come_from_the_settings(client, version, settings):
    settings.NEWSROOM_SITE_MAX_AGE, settings.NEWSROOM_SITE_S_MAXAGE = 15, 120
    assert cache_lifetimes(client.get(version.get_absolute_url())) == {"max-age": 15, "s-maxage": 120}


def test_renaming_a_section_changes_the_lists_that_show_it(client, version):
    first = client.get("/")
    section = version.section
    section.name = "Home affairs"
    section.save()
    generation.bump()  # as the admin does when it saves a section
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert ">Home affairs</a>" in again.content.decode()


def test_publish_update_and_withdraw_through_the_workflow_show_at_once(client, editor):
    """The whole life of a piece, each step visible on the very next request despite every cache."""
    from articles import workflow

    section = factories.SectionFactory(name="Politics", slug="politics")
    article = factories.ArticleFactory(section=section, slug="harbour", headline="First headline")
    url = "/politics/harbour/"
    assert client.get(url).status_code == 404

    workflow.publish(workflow.submit(article, by=editor), by=editor)
    first = client.get(url)
    assert first.status_code == 200 and "First headline" in first.content.decode()

    article = Article.objects.get(pk=article.pk)  # the state field refuses refresh_from_db
    workflow.save_article(article, by=editor, base_version=article.version, fields={"headline": "Second headline"})
    article = Article.objects.get(pk=article.pk)
    workflow.correct(article, by=editor, correction_note="The headline was wrong.")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Second headline" in again.content.decode() and "The headline was wrong." in again.content.decode()
    assert "Second headline" in client.get("/").content.decode()

    workflow.withdraw(Article.objects.get(pk=article.pk), by=editor, comment="Taken down.")
    assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 410  # Gone, with a notice
    assert "Second headline" not in client.get("/").content.decode()


def test_not_found_outside_the_site_patterns_is_not_cacheable_either(client):
    response = client.get("/politics/some/deeper/path/")
    assert response.status_code == 404
    assert "no-cache" in response["Cache-Control"]
