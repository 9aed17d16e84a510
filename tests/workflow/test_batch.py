"""The batch path of scheduled publishing: bulk writes with the guarantees of `publish_due`."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import generation, workflow
from articles.models import Article, OutboxMessage, PublishedVersion, Revision, State, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db


def due_pieces(editor, count: int, **fields) -> tuple[list[Article], datetime.datetime]:
    """`count` scheduled pieces with a staff writer each; returns them and a moment after they are due."""
    when = timezone.now() + datetime.timedelta(minutes=1)
    pieces = []
    for _ in range(count):
        writer = factories.WriterFactory()
        piece = factories.ArticleFactory(authors=[writer.author], **fields)
        workflow.submit(piece, by=writer)
        pieces.append(workflow.schedule(piece, by=editor, publish_at=when))
    return pieces, when + datetime.timedelta(seconds=1)


def loaded(pieces: list[Article]) -> list[Article]:
    """As publish_scheduled loads a batch: with section, bylines and placements."""
    queryset = Article.objects.filter(pk__in=[piece.pk for piece in pieces]).order_by("pk")
    return list(
        queryset.select_related("section", "scheduled_revision__section").prefetch_related(
            *workflow.related_prefetches()
        )
    )


def test_a_batch_publishes_each_piece_like_publish_due(editor):
    pieces, due = due_pieces(editor, 3)
    OutboxMessage.objects.all().delete()
    before = generation.read()
    with time_machine.travel(due, tick=False):
        outcome = workflow.publish_due_batch(loaded(pieces), now=due, skip_locked=False)
    assert len(outcome.published) == 3 and not outcome.skipped and not outcome.one_by_one
    assert generation.read() == before + 1  # once for the batch: kept pages and answers make way
    for piece in pieces:
        stored = Article.objects.get(pk=piece.pk)
        assert (stored.status, stored.published_at) == (State.PUBLISHED, due)
        live = PublishedVersion.objects.get(article=piece, is_live=True)
        assert (live.headline, live.published_at, live.published_by) == (piece.headline, due, None)
        assert list(live.authors.all()) == [piece.bylines.get().author]
        event = WorkflowEvent.objects.get(article=piece, transition="publish_due")
        assert (event.from_state, event.to_state, event.actor) == (State.SCHEDULED, State.PUBLISHED, None)
    mails = OutboxMessage.objects.filter(kind="published")
    assert sorted(mails.values_list("article_id", flat=True)) == sorted(piece.pk for piece in pieces)


def test_an_update_of_a_live_piece_replaces_its_live_version(editor, writer):
    piece = factories.ArticleFactory(authors=[writer.author])
    workflow.submit(piece, by=writer)
    workflow.publish(piece, by=editor)
    first_published = Article.objects.get(pk=piece.pk).published_at
    workflow.start_update(piece, by=writer)
    piece = workflow.save_article(piece, by=writer, base_version=piece.version, fields={"headline": "Updated words"})
    workflow.submit(piece, by=writer)
    when = timezone.now() + datetime.timedelta(minutes=1)
    workflow.schedule(piece, by=editor, publish_at=when)
    with time_machine.travel(when, tick=False):
        workflow.publish_due_batch(loaded([piece]), now=when, skip_locked=False)
    versions = PublishedVersion.objects.filter(article=piece)
    assert list(versions.filter(is_live=True).values_list("headline", flat=True)) == ["Updated words"]
    assert versions.count() == 2
    assert Article.objects.get(pk=piece.pk).published_at == first_published  # first publication kept


def test_a_piece_edited_after_loading_is_left_to_the_one_piece_path(editor):
    pieces, due = due_pieces(editor, 2)
    batch = loaded(pieces)
    edited = workflow.save_article(
        pieces[0], by=editor, base_version=pieces[0].version, fields={"headline": "Edited meanwhile"}
    )
    with time_machine.travel(due, tick=False):
        outcome = workflow.publish_due_batch(batch, now=due, skip_locked=False)
    assert [article.pk for article in outcome.one_by_one] == [edited.pk]
    assert [article.pk for article in outcome.published] == [pieces[1].pk]
    assert Article.objects.get(pk=edited.pk).status == State.SCHEDULED  # not published from a stale copy


def test_a_piece_unscheduled_after_loading_is_skipped(editor):
    pieces, due = due_pieces(editor, 2)
    batch = loaded(pieces)
    workflow.unschedule(pieces[0], by=editor)
    with time_machine.travel(due, tick=False):
        outcome = workflow.publish_due_batch(batch, now=due, skip_locked=False)
    assert [article.pk for article in outcome.skipped] == [pieces[0].pk]
    assert Article.objects.get(pk=pieces[0].pk).status == State.IN_REVIEW
    assert not PublishedVersion.objects.filter(article=pieces[0]).exists()


def test_a_piece_not_yet_due_is_not_published(editor):
    pieces, _due = due_pieces(editor, 1)
    outcome = workflow.publish_due_batch(loaded(pieces), now=timezone.now(), skip_locked=False)
    assert outcome.skipped and not outcome.published
    assert Article.objects.get(pk=pieces[0].pk).status == State.SCHEDULED


def test_a_failing_write_leaves_the_whole_batch_to_the_one_piece_path(editor):
    # A live piece whose address comes from its headline: "same-words".
    workflow.publish(_submitted(factories.ArticleFactory(slug="", headline="Same words")), by=editor)
    pieces, due = due_pieces(editor, 3)
    # The scheduled revision asks for an address another live piece holds (as an import could leave it).
    Revision.objects.filter(pk=pieces[1].scheduled_revision_id).update(slug="same-words")
    with time_machine.travel(due, tick=False):
        outcome = workflow.publish_due_batch(loaded(pieces), now=due, skip_locked=False)
    assert not outcome.published
    assert sorted(article.pk for article in outcome.one_by_one) == sorted(piece.pk for piece in pieces)
    assert not WorkflowEvent.objects.filter(transition="publish_due").exists()  # nothing of it was kept
    assert not OutboxMessage.objects.filter(kind="published").exists()


def _submitted(article: Article) -> Article:
    return workflow.submit(article, by=factories.EditorFactory())


def _statements(queries) -> int:
    return sum(1 for query in queries if "SAVEPOINT" not in query["sql"])


def test_a_batch_costs_the_same_statements_for_one_piece_as_for_many(editor):
    def statements(count: int) -> int:
        pieces, due = due_pieces(editor, count)
        batch = loaded(pieces)
        with CaptureQueriesContext(connection) as queries, time_machine.travel(due, tick=False):
            outcome = workflow.publish_due_batch(batch, now=due, skip_locked=False)
        assert len(outcome.published) == count
        return _statements(queries)

    assert statements(1) == statements(12)


def test_the_state_change_is_in_the_articles_history_like_the_one_piece_path(editor, writer):
    pieces, due = due_pieces(editor, 2)
    with time_machine.travel(due, tick=False):
        workflow.publish_due_batch(loaded(pieces), now=due, skip_locked=False)
    one = factories.ArticleFactory(authors=[writer.author])
    workflow.submit(one, by=writer)
    workflow.publish(one, by=editor)
    for piece, user, reason in [
        (pieces[0], None, "publish_due"),
        (pieces[1], None, "publish_due"),
        (one, editor, "publish"),
    ]:
        record = Article.objects.get(pk=piece.pk).history.order_by("-history_date", "-history_id").first()
        assert (record.status, record.history_user, record.history_change_reason) == (State.PUBLISHED, user, reason)
        assert record.headline == piece.headline  # a whole record, like any save's


def test_a_batch_writes_the_state_in_one_statement_for_pieces_that_share_their_new_values(editor):
    pieces, due = due_pieces(editor, 3)
    batch = loaded(pieces)
    with CaptureQueriesContext(connection) as queries, time_machine.travel(due, tick=False):
        workflow.publish_due_batch(batch, now=due, skip_locked=False)
    article_writes = [query["sql"] for query in queries if query["sql"].startswith('UPDATE "articles_article"')]
    # Three first publications get the same values: one UPDATE for all (see going_live._write_fields).
    assert len(article_writes) == 1 and '"status" = ' in article_writes[0] and " IN (" in article_writes[0]
    assert all(Article.objects.get(pk=piece.pk).status == State.PUBLISHED for piece in pieces)


def test_a_batch_counts_one_change_of_what_is_public(editor):
    pieces, due = due_pieces(editor, 3)
    before = generation.read()
    with time_machine.travel(due, tick=False):
        workflow.publish_due_batch(loaded(pieces), now=due, skip_locked=False)
    assert generation.read() == before + 1  # once for the batch's transaction, not once per piece


def test_the_one_piece_path_counts_a_change_for_publishing_and_withdrawing_only(editor, writer):
    piece = factories.ArticleFactory(authors=[writer.author])
    before = generation.read()
    workflow.submit(piece, by=writer)
    assert generation.read() == before  # nothing public changed
    workflow.publish(piece, by=editor)
    assert generation.read() == before + 1
    workflow.withdraw(piece, by=editor, comment="Legal asked us to.")
    assert generation.read() == before + 2
