"""Pages and API answers kept in Django's cache: a change shows at once in the process that made it,
no kept answer outlives an embargo end or an expiry, and a kept answer costs (next to) nothing.

The two-process promise (another host sees a change within a second) is in tests/test_scale_out.py.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles import generation, workflow
from articles.media import renditions
from articles.media.focal import set_focal_point
from articles.models import Article, PartnerToken, PublishedVersion
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import go_live


@pytest.fixture
def key(db) -> str:
    token = PartnerToken(partner="Wire app")
    issued = token.issue_key()
    token.save()
    return issued


def partner(key: str) -> Client:
    return Client(headers={"Authorization": f"Token {key}"})


def live(headline: str, **fields) -> PublishedVersion:
    """A piece put live as publication does (its version, a bump)."""
    section = factories.SectionFactory(name="Politics", slug="politics")
    return go_live(factories.ArticleFactory(section=section, headline=headline, **fields))


# --- the generation -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bump_counts_with_its_transaction_and_is_seen_at_once():
    before = generation.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        generation.bump()
        assert generation.current() == before + 1  # the transaction's own reads see it
        raise RuntimeError
    assert generation.read() == before
    generation.bump()
    assert generation.current() == before + 1


# --- (b) one process, no CACHE_URL: at once ---------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_cache_url_a_publication_and_a_withdrawal_show_at_once_in_the_same_process(key):
    if "LocMemCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("CACHE_URL is set: this is the single-process (local memory) case")
    writer, editor = factories.WriterFactory(), factories.EditorFactory()
    first = factories.ArticleFactory(authors=[writer.author], headline="Harbour wall holds", slug="harbour-wall")
    workflow.publish(workflow.submit(first, by=writer), by=editor)
    url = PublishedVersion.objects.get(article=first, is_live=True).get_absolute_url()
    reader, api = Client(), partner(key)
    for _ in range(2):  # rendered, then kept
        assert reader.get(url).status_code == 200
        assert "Harbour wall holds" in reader.get("/").content.decode()
        assert api.get(f"/api/v1/articles/{first.pk}/").status_code == 200

    second = factories.ArticleFactory(authors=[writer.author], headline="Ferry timetable changes", slug="ferry")
    workflow.publish(workflow.submit(second, by=writer), by=editor)  # committed: no test transaction here
    assert "Ferry timetable changes" in reader.get("/").content.decode()
    assert "Ferry timetable changes" in api.get("/api/v1/articles/").content.decode()

    workflow.withdraw(Article.objects.get(pk=first.pk), by=editor, comment="Legal asked us to take it down.")
    assert reader.get(url).status_code == 410
    assert "Harbour wall holds" not in reader.get("/").content.decode()
    assert api.get(f"/api/v1/articles/{first.pk}/").status_code == 404
    assert "Harbour wall holds" not in api.get("/api/v1/articles/").content.decode()


# --- (c) time boundaries: nothing kept past an embargo end or an expiry --------------------------------


@pytest.fixture
def kept_long(settings):
    """Entries could be kept a day: only the time boundary may end them in these tests."""
    settings.NEWSROOM_NAV_CACHE_SECONDS = 24 * 3600


@pytest.mark.django_db
def test_a_kept_article_page_ends_at_the_expiry(kept_long):
    now = timezone.now()
    expiry = now + datetime.timedelta(hours=1)
    version = live("Harbour wall holds", expire_at=expiry)
    assert version.expire_at == expiry
    url = version.get_absolute_url()
    with time_machine.travel(now, tick=False):
        assert Client().get(url).status_code == 200
        assert Client().get(url).status_code == 200  # kept
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        response = Client().get(url)
    assert response.status_code == 404
    assert "Harbour wall holds" not in response.content.decode()


@pytest.mark.django_db
def test_kept_lists_show_a_piece_once_its_embargo_has_passed(kept_long):
    now = timezone.now()
    lifted = now + datetime.timedelta(hours=1)
    live("Harbour wall holds")
    embargoed = live("Budget figures", embargoed_until=lifted)
    for path in ("/", "/politics/"):
        with time_machine.travel(now, tick=False):
            assert "Budget figures" not in Client().get(path).content.decode()
            assert "Budget figures" not in Client().get(path).content.decode()  # kept
        with time_machine.travel(lifted + datetime.timedelta(seconds=1), tick=False):
            assert "Budget figures" in Client().get(path).content.decode(), path
    with time_machine.travel(lifted + datetime.timedelta(seconds=1), tick=False):
        assert Client().get(embargoed.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_kept_list_page_tells_browsers_and_cdns_to_stop_at_the_next_embargo_end(settings):
    settings.NEWSROOM_SITE_MAX_AGE, settings.NEWSROOM_SITE_S_MAXAGE = 60, 300
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        live("Harbour wall holds")
        live("Budget figures", embargoed_until=now + datetime.timedelta(seconds=30))
        for _ in range(2):  # rendered, then kept
            assert Client().get("/")["Cache-Control"] == "public, max-age=30, s-maxage=30"


@pytest.mark.django_db
def test_kept_api_answers_end_at_the_expiry(key, kept_long):
    now = timezone.now()
    expiry = now + datetime.timedelta(hours=1)
    version = live("Harbour wall holds", expire_at=expiry)
    live("Ferry timetable changes")
    detail, listing = f"/api/v1/articles/{version.article_id}/", "/api/v1/articles/"
    with time_machine.travel(now, tick=False):
        for _ in range(2):  # rendered, then kept
            assert partner(key).get(detail).status_code == 200
            assert "Harbour wall holds" in partner(key).get(listing).content.decode()
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        assert partner(key).get(detail).status_code == 404
        assert "Harbour wall holds" not in partner(key).get(listing).content.decode()
        assert "Ferry timetable changes" in partner(key).get(listing).content.decode()


@pytest.mark.django_db
def test_partners_answer_does_not_change_when_the_embargo_passes(key):
    """Partners see embargoed pieces (marked) from the start; the lift changes nothing for them."""
    now = timezone.now()
    version = live("Budget figures", embargoed_until=now + datetime.timedelta(hours=1))
    detail = f"/api/v1/articles/{version.article_id}/"
    with time_machine.travel(now, tick=False):
        before = partner(key).get(detail)
    with time_machine.travel(now + datetime.timedelta(hours=2), tick=False):
        after = partner(key).get(detail)
    assert before.status_code == after.status_code == 200
    assert before.json()["embargoed_until"] == after.json()["embargoed_until"]


# --- what a kept answer costs -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_kept_list_page_costs_no_query(django_assert_num_queries):
    live("Harbour wall holds")
    with time_machine.travel(timezone.now(), tick=False):  # within one generation's second
        first = Client().get("/politics/")
        with django_assert_num_queries(0):
            again = Client().get("/politics/")
    assert again.status_code == 200 and again.content == first.content and again["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_a_kept_api_answer_costs_no_query(key, django_assert_num_queries):
    version = live("Harbour wall holds")
    for path in ("/api/v1/articles/", f"/api/v1/articles/{version.article_id}/"):
        with time_machine.travel(timezone.now(), tick=False):
            first = partner(key).get(path)
            with django_assert_num_queries(0):  # the token too is kept (a revocation forgets it at once)
                again = partner(key).get(path)
        assert again.status_code == 200 and again.content == first.content and again["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_a_section_renamed_in_the_admin_shows_at_once_on_kept_pages(superuser):
    version = live("Harbour wall holds")
    section = version.section
    for path in ("/", version.get_absolute_url()):
        assert ">Politics</a>" in Client().get(path).content.decode()  # rendered and kept
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        f"/admin/articles/section/{section.pk}/change/",
        {"name": "Home affairs", "slug": "politics", "parent": "", "position": "0", "description": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for path in ("/", version.get_absolute_url()):
        assert ">Home affairs</a>" in Client().get(path).content.decode(), path


@pytest.mark.django_db
def test_a_new_focal_point_leaves_live_pages_with_their_approved_crop(django_capture_on_commit_callbacks):
    image = image_with_file()
    renditions.ensure(image)
    article = factories.ArticleFactory(section=factories.SectionFactory(name="Politics", slug="politics"))
    factories.PlacementFactory(article=article, image=image, role="lead")
    url = go_live(article).get_absolute_url()
    first = Client().get(url).content
    assert Client().get(url).content == first  # kept
    with django_capture_on_commit_callbacks(execute=True):
        set_focal_point(image, x=0.9, y=0.5, by=None)
    assert Client().get(url).content == first  # the crop is frozen until the next approved publication


# --- with a shared cache (Redis): the near cache in front of it ---------------------------------------

SHARED = {
    "default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/14"},
    "near": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "near-test", "TIMEOUT": 1},
}


@pytest.mark.django_db
def test_with_a_shared_cache_a_hot_page_and_api_answer_cost_no_round_trip(settings, key, monkeypatch):
    from django.core.cache import caches

    settings.CACHES = SHARED
    shared = caches["default"]
    try:
        shared.clear()
    except Exception as error:  # .ci/run starts Redis; say plainly when it is not there
        pytest.fail(f"Redis is not running on 127.0.0.1:6379: {error}")
    url = live("Harbour wall holds").get_absolute_url()
    reader, api = Client(), partner(key)
    assert reader.get(url).status_code == 200  # rendered: kept in Redis and near
    assert api.get("/api/v1/articles/").status_code == 200

    round_trips = []
    for name in ("get", "set", "get_or_set", "get_many", "delete"):
        original = getattr(shared, name)
        monkeypatch.setattr(shared, name, lambda *a, _o=original, _n=name, **k: round_trips.append(_n) or _o(*a, **k))
    assert "Harbour wall holds" in reader.get(url).content.decode()
    assert round_trips == []  # the generation and the page, both from this process's own memory
    assert api.get("/api/v1/articles/").status_code == 200
    assert set(round_trips) <= {"get", "set"} and len(round_trips) <= 2  # only the shared rate count

    # Another process's entry (in Redis only) is found there and then kept near.
    caches["near"].clear()
    assert "Harbour wall holds" in reader.get(url).content.decode()
    assert "get" in round_trips
    shared.clear()
