"""The dashboard's counts: kept a while (every piece's counted once for all editors; a writer's own per writer)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles import workflow
from tests import factories

pytestmark = pytest.mark.django_db


def counts(user) -> dict[str, int]:
    client = Client()
    client.force_login(user)
    dash = client.get(reverse("desk:dashboard")).context["dash"]
    return {value: count for value, _label, count in dash.states} | {"live": dash.reach["live"]}


def test_editors_share_counts_kept_for_the_setting_seconds(writer, editor, settings):
    settings.NEWSROOM_DESK_COUNTS_SECONDS = 60
    factories.ArticleFactory(authors=[writer.author], created_by=writer)
    assert counts(editor)["draft"] == 1
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.publish(workflow.submit(piece, by=writer), by=editor)

    other_editor = factories.EditorFactory()
    assert counts(other_editor)["draft"] == 1 and counts(other_editor)["live"] == 0  # kept: counted once for all
    assert counts(writer)["draft"] == 1 and counts(writer)["published"] == 1  # a writer's own, counted now
    factories.ArticleFactory(authors=[writer.author], created_by=writer)
    assert counts(writer)["draft"] == 1  # and kept for the writer too

    with time_machine.travel(datetime.timedelta(seconds=61)):  # the kept counts have expired
        assert counts(factories.EditorFactory())["published"] == 1
        assert counts(writer)["draft"] == 2


def test_a_writer_counts_the_pieces_bylined_or_created_once_each(writer):
    other = factories.WriterFactory()
    factories.ArticleFactory(authors=[writer.author, other.author], created_by=writer)  # both ways at once
    factories.ArticleFactory(authors=[writer.author], created_by=other)  # bylined only
    factories.ArticleFactory(authors=[other.author], created_by=writer)  # created only
    factories.ArticleFactory(authors=[other.author], created_by=other)  # not theirs
    assert counts(writer)["draft"] == 3
