"""The figures counted ahead and kept a few minutes: served without counting, said when, counted again on time,
at once on request, ahead by `count_figures` (one run at a time), one entry for every language."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.desk import figures_kept
from articles.models import DeskProfile, WorkflowEvent
from tests import factories
from tests.desk.test_figures import URL, make_pieces

pytestmark = pytest.mark.django_db


def events_read(queries: CaptureQueriesContext) -> int:
    return sum('"articles_workflowevent"' in query["sql"] for query in queries.captured_queries)


def get(client, params=None) -> tuple[str, int]:
    """The page and how many of its queries read the workflow events (i.e. counted figures)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.content.decode(), events_read(queries)


def test_kept_figures_are_served_until_counted_again_on_request(client, editor):
    section = factories.SectionFactory()
    make_pieces(2, section, day=timezone.localdate())
    client.force_login(editor)
    page, counted = get(client)
    assert "In all: 2." in page and counted > 0
    make_pieces(1, section, day=timezone.localdate())
    page, counted = get(client)
    assert "In all: 2." in page and counted == 0  # kept: nothing read from the events
    assert "Counted " in page and 'href="?fresh=1"' in page
    page, counted = get(client, {"fresh": "1"})
    assert "In all: 3." in page and counted > 0
    page, counted = get(client)
    assert "In all: 3." in page and counted == 0  # the fresh count is the one kept now


def test_figures_older_than_the_maximum_age_are_counted_again(client, editor, settings):
    settings.NEWSROOM_FIGURES_MAX_AGE = 300
    section = factories.SectionFactory()
    now = timezone.now()
    make_pieces(1, section, day=timezone.localdate())
    client.force_login(editor)
    with time_machine.travel(now, tick=False):
        assert "In all: 1." in get(client)[0]
    make_pieces(1, section, day=timezone.localdate())
    with time_machine.travel(now + datetime.timedelta(seconds=299), tick=False):
        assert "In all: 1." in get(client)[0]
    with time_machine.travel(now + datetime.timedelta(seconds=301), tick=False):
        page, counted = get(client)
    assert "In all: 2." in page and counted > 0
    assert "counted again when they are 5 minutes old" in page


def test_each_scope_keeps_its_own_figures_and_the_link_keeps_the_filters(client, editor):
    desk = factories.DeskFactory(slug="sport")
    sport = factories.SectionFactory(slug="sport", desk=desk)
    politics = factories.SectionFactory(slug="politics")
    make_pieces(2, sport, day=timezone.localdate())
    make_pieces(1, politics, day=timezone.localdate())
    client.force_login(editor)
    assert "In all: 3." in get(client)[0]
    page = get(client, {"desk": "sport"})[0]
    assert "In all: 2." in page and 'href="?desk=sport&amp;fresh=1"' in page
    assert "In all: 1." in get(client, {"section": "politics"})[0]
    assert "In all: 3." in get(client, {"period": "7"})[0]


def test_one_kept_entry_serves_every_language_and_the_csv(client, editor):
    make_pieces(2, factories.SectionFactory(), day=timezone.localdate())
    client.force_login(editor)
    assert "Pieces published per day" in get(client)[0]
    make_pieces(1, factories.SectionFactory(), day=timezone.localdate())
    DeskProfile.objects.update_or_create(user=editor, defaults={"language": "de"})
    page, counted = get(client)
    assert "Veröffentlichte Beiträge pro Tag" in page and "Insgesamt: 2." in page and counted == 0
    assert "Gezählt " in page and "Jetzt neu zählen" in page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"format": "csv", "chart": "published"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[-1][1] == "2" and events_read(queries) == 0  # the figures the page showed


def test_count_figures_counts_every_offered_scope_ahead(client, editor):
    desk = factories.DeskFactory(slug="sport")
    factories.SectionFactory(slug="sport", desk=desk)
    factories.SectionFactory(slug="politics")
    make_pieces(2, factories.SectionFactory(slug="weather"), day=timezone.localdate())
    out, err = io.StringIO(), io.StringIO()
    call_command("count_figures", stdout=out, stderr=err)
    # Three periods, each for all desks, 1 desk and 3 sections (and the factories' desks).
    scopes = list(figures_kept.offered_scopes(timezone.localdate()))
    assert f"Counted the figures of {len(scopes)} scopes" in out.getvalue()
    assert len(scopes) == 3 * (1 + desk.__class__.objects.count() + 3)
    process_own = isinstance(caches["default"], LocMemCache)  # the tests' cache, unless CACHE_URL is set
    assert ("set CACHE_URL to a shared cache" in err.getvalue()) == process_own
    client.force_login(editor)
    for params in ({}, {"period": "7"}, {"period": "90"}, {"desk": "sport"}, {"section": "weather"}):
        assert get(client, params)[1] == 0, params
    assert "In all: 2." in get(client, {"section": "weather"})[0]


def test_one_count_figures_run_at_a_time_and_a_killed_one_frees_the_lock(settings):
    settings.NEWSROOM_FIGURES_MAX_AGE = 300
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert cache.add(figures_kept.LOCK_KEY, "another-host", 300)  # a run elsewhere, killed midway
        out = io.StringIO()
        call_command("count_figures", stdout=out, stderr=io.StringIO())
        assert "Another run is counting the figures now; nothing done." in out.getvalue()
        assert cache.get(figures_kept.key(next(figures_kept.offered_scopes(timezone.localdate())))) is None
    with time_machine.travel(now + datetime.timedelta(seconds=301), tick=False):
        out = io.StringIO()
        call_command("count_figures", stdout=out, stderr=io.StringIO())
        assert "Counted the figures of 3 scopes" in out.getvalue()
        assert cache.get(figures_kept.LOCK_KEY) is None  # freed when done: the next run counts at once
        call_command("count_figures", stdout=out, stderr=io.StringIO())
        assert out.getvalue().count("Counted the figures") == 2


def test_queries_of_kept_figures_do_not_grow_with_events(client, editor):
    section = factories.SectionFactory()
    client.force_login(editor)
    make_pieces(2, section, day=timezone.localdate())
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    make_pieces(20, section, day=timezone.localdate() - datetime.timedelta(days=1))
    assert WorkflowEvent.objects.count() == 44
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few) and events_read(many) == 0


def test_count_figures_dry_run_lists_the_scopes_and_counts_nothing():
    factories.SectionFactory(name="Weather", slug="weather")
    out = io.StringIO()
    call_command("count_figures", "--dry-run", stdout=out, stderr=io.StringIO())
    today = timezone.localdate()
    lines = out.getvalue().splitlines()
    assert len(lines) == len(list(figures_kept.offered_scopes(today)))
    assert f"{(today - datetime.timedelta(days=89)).isoformat()} to {today.isoformat()}: all desks" in lines
    assert f"{(today - datetime.timedelta(days=6)).isoformat()} to {today.isoformat()}: Weather" in lines
    assert all(cache.get(figures_kept.key(scope)) is None for scope in figures_kept.offered_scopes(today))
