"""The dashboard's counts by state: kept while nothing changes (once for all editors, once per writer),
counted afresh after any state change or new piece, and at most NEWSROOM_DESK_COUNTS_SECONDS old."""

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.models import Article, State
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # forgotten when a change commits


def counts(user) -> dict[str, int]:
    client = Client()
    client.force_login(user)
    dash = client.get(reverse("desk:dashboard")).context["dash"]
    return {value: count for value, _label, count in dash.states} | {"live": dash.reach["live"]}


def statements(user) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        client.get(reverse("desk:dashboard"))
    return len(context.captured_queries)


def test_counts_are_kept_until_a_state_changes(writer, editor, settings):
    settings.NEWSROOM_DESK_COUNTS_SECONDS = 60
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    first = statements(editor)
    assert statements(factories.EditorFactory()) < first  # kept: counted once for all editors
    # A change behind the workflow's back (no event): the kept counts still say draft.
    Article.objects.filter(pk=piece.pk).update(status=State.IN_REVIEW)
    assert counts(editor)["draft"] == 1

    Article.objects.filter(pk=piece.pk).update(status=State.DRAFT)
    workflow.publish(workflow.submit(Article.objects.get(pk=piece.pk), by=writer), by=editor)
    assert counts(editor)["published"] == 1 and counts(editor)["live"] == 1  # the change is seen at once
    assert counts(writer)["published"] == 1

    factories.ArticleFactory(authors=[writer.author], created_by=writer)  # a new piece, too
    assert counts(writer)["draft"] == 1 and counts(editor)["draft"] == 1


def test_kept_counts_last_no_longer_than_the_setting(writer, editor, settings):
    settings.NEWSROOM_DESK_COUNTS_SECONDS = 60
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    assert counts(editor)["draft"] == 1
    Article.objects.filter(pk=piece.pk).update(status=State.IN_REVIEW)  # no event: not forgotten
    with time_machine.travel(datetime.timedelta(seconds=61)):
        assert counts(editor)["in_review"] == 1


def test_a_writer_counts_the_pieces_bylined_or_created_once_each(writer):
    other = factories.WriterFactory()
    factories.ArticleFactory(authors=[writer.author, other.author], created_by=writer)  # both ways at once
    factories.ArticleFactory(authors=[writer.author], created_by=other)  # bylined only
    factories.ArticleFactory(authors=[other.author], created_by=writer)  # created only
    factories.ArticleFactory(authors=[other.author], created_by=other)  # not theirs
    assert counts(writer)["draft"] == 3


def test_an_import_is_counted_at_once(writer, editor, settings, tmp_path):
    """The importer stores pieces without `save()`: it moves the stamp itself."""
    settings.NEWSROOM_DESK_COUNTS_SECONDS = 60
    factories.ArticleFactory(authors=[writer.author], created_by=writer, slug="first")
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["articles"][0].update(slug="second", events=[])  # a piece of its own, with no history to record
    data["articles"][0].pop("import_key", None)
    assert counts(editor)["draft"] == 1  # kept
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_articles", str(path), verbosity=0)
    assert counts(editor)["draft"] == 2
