"""Every recorded event carries when its piece entered the stage it leaves (`WorkflowEvent.stage_entered_at`).

The figures read time in a stage as `created_at - stage_entered_at`; these tests check each writing path
(one piece, the scheduled batch, a restored revision, the import) and the backfill of migration 0030.
"""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, State, WorkflowEvent
from articles.models.publishing import fill_stage_entered, fill_stage_entry_times
from articles.workflow.restoring import restore
from tests import factories

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2026, 11, 10, 8, 0))


def hour(n: float) -> datetime.datetime:
    return START + datetime.timedelta(hours=n)


def entered(article: Article) -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    return list(
        WorkflowEvent.objects.filter(article=article)
        .order_by("created_at", "pk")
        .values_list("transition", "created_at", "stage_entered_at")
    )


@pytest.fixture
def piece(writer):
    with time_machine.travel(START, tick=False):
        return factories.ArticleFactory(authors=[writer.author], created_by=writer)


def step(when: datetime.datetime, action, *args, **kwargs):
    with time_machine.travel(when, tick=False):
        return action(*args, **kwargs)


def test_every_one_piece_transition_records_when_the_stage_began(piece, writer, editor):
    step(hour(1), workflow.submit, piece, by=writer)  # a first draft: since the piece was created
    step(hour(2), workflow.request_changes, piece, by=editor, comment="Shorter.")
    step(hour(3), workflow.submit, piece, by=writer)
    step(hour(4), workflow.schedule, piece, by=editor, publish_at=hour(6))
    step(hour(5), workflow.unschedule, piece, by=editor)
    step(hour(5.5), workflow.schedule, piece, by=editor, publish_at=hour(6))
    step(hour(6), workflow.publish_due, piece, now=hour(6))
    step(hour(7), workflow.correct, piece, by=editor, correction_note="A name was wrong.")
    step(hour(8), workflow.start_update, piece, by=writer)
    step(hour(9), workflow.submit, piece, by=writer)
    step(hour(10), workflow.publish, piece, by=editor)
    assert entered(piece) == [
        ("submit", hour(1), START),
        ("request_changes", hour(2), hour(1)),
        ("submit", hour(3), hour(2)),
        ("schedule", hour(4), hour(3)),
        ("unschedule", hour(5), hour(4)),
        ("schedule", hour(5.5), hour(5)),
        ("publish_due", hour(6), hour(5.5)),
        ("correct", hour(7), hour(6)),  # still live since 6:00: a correction does not enter the stage again
        ("start_update", hour(8), hour(6)),
        ("submit", hour(9), hour(8)),
        ("publish", hour(10), hour(9)),
    ]


def test_the_scheduled_batch_records_when_each_piece_was_scheduled(editor):
    pieces = []
    for number in range(3):
        writer = factories.WriterFactory()
        piece = step(START, factories.ArticleFactory, authors=[writer.author])
        step(hour(1), workflow.submit, piece, by=writer)
        pieces.append(step(hour(2 + number), workflow.schedule, piece, by=editor, publish_at=hour(8)))
    batch = list(
        Article.objects.filter(pk__in=[p.pk for p in pieces])
        .order_by("pk")
        .select_related("section", "scheduled_revision__section")
        .prefetch_related(*workflow.related_prefetches())
    )
    outcome = step(hour(8), workflow.publish_due_batch, batch, now=hour(8), skip_locked=False)
    assert len(outcome.published) == 3 and not outcome.one_by_one
    got = WorkflowEvent.objects.filter(transition="publish_due").order_by("article_id")
    assert [(e.created_at, e.stage_entered_at) for e in got] == [(hour(8), hour(2 + n)) for n in range(3)]


def test_events_stored_together_read_their_entries_in_two_queries(piece, writer, editor, django_assert_num_queries):
    """A list of new events gets its entry times from one grouped query (and one for never-entered stages);
    an event dated before an entry already stored keeps the exact lookup inside its own INSERT."""
    step(hour(1), workflow.submit, piece, by=writer)
    step(hour(3), workflow.request_changes, Article.objects.get(pk=piece.pk), by=editor, comment="Shorter.")
    step(hour(4), workflow.submit, Article.objects.get(pk=piece.pk), by=writer)
    other = step(START, factories.ArticleFactory, authors=[writer.author])

    def event(article: Article, at: float) -> WorkflowEvent:
        return WorkflowEvent(
            article=article,
            transition="publish",
            from_state=State.IN_REVIEW,
            to_state=State.PUBLISHED,
            created_at=hour(at),
        )

    late, early, never = event(piece, 5), event(piece, 2), event(other, 5)
    with django_assert_num_queries(2):  # the entries of both pieces, the creation of the one never in review
        fill_stage_entry_times([late, early, never])
    assert late.stage_entered_at == hour(4)  # the latest entry into review
    assert never.stage_entered_at == START  # never entered review: its creation
    WorkflowEvent.objects.bulk_create([early])
    assert WorkflowEvent.objects.get(pk=early.pk).stage_entered_at == hour(1)  # the entry before its own time


def test_an_event_that_stays_in_its_stage_does_not_restart_it(piece, writer, editor):
    """A restored revision is an event from draft to draft: the draft began when the piece was created."""
    step(hour(1), workflow.save_article, piece, by=writer, base_version=piece.version, fields={"teaser": "New."})
    piece = Article.objects.get(pk=piece.pk)
    step(hour(2), restore, piece, by=writer, number=1, base_version=piece.version)
    step(hour(3), workflow.submit, piece, by=writer)
    assert entered(piece) == [("restore", hour(2), START), ("submit", hour(3), START)]


def test_an_event_saved_by_hand_reads_its_time_after_the_insert(piece):
    event = WorkflowEvent.objects.create(
        article=piece, transition="submit", from_state=State.DRAFT, to_state=State.IN_REVIEW, created_at=hour(1)
    )
    assert event.stage_entered_at == START  # read back on first use, not left an expression
    given = WorkflowEvent.objects.create(
        article=piece,
        transition="publish",
        from_state=State.IN_REVIEW,
        to_state=State.PUBLISHED,
        created_at=hour(2),
        stage_entered_at=hour(0.5),
    )
    assert WorkflowEvent.objects.get(pk=given.pk).stage_entered_at == hour(0.5)  # a given time is kept


def test_the_backfill_writes_what_recording_wrote(editor):
    pieces = []
    for number in range(3):
        writer = factories.WriterFactory()
        piece = step(START, factories.ArticleFactory, authors=[writer.author])
        step(hour(1), workflow.submit, piece, by=writer)
        if number:
            step(hour(2), workflow.request_changes, piece, by=editor, comment="Again.")
            step(hour(2 + number), workflow.submit, piece, by=writer)
        step(hour(5), workflow.publish, piece, by=editor)
        pieces.append(piece)
    recorded = dict(WorkflowEvent.objects.values_list("pk", "stage_entered_at"))
    assert None not in recorded.values()
    WorkflowEvent.objects.update(stage_entered_at=None)  # as before migration 0030
    assert fill_stage_entered(WorkflowEvent, Article, chunk=2) == len(recorded)  # several chunks
    assert dict(WorkflowEvent.objects.values_list("pk", "stage_entered_at")) == recorded
    assert fill_stage_entered(WorkflowEvent, Article) == 0  # nothing left empty


def test_an_imported_history_without_the_times_gets_them(piece, writer, editor, tmp_path):
    step(hour(1), workflow.submit, piece, by=writer)
    step(hour(2), workflow.request_changes, piece, by=editor, comment="Again.")
    step(hour(3), workflow.submit, piece, by=writer)
    step(hour(4), workflow.request_changes, piece, by=editor, comment="Once more.")
    before = entered(piece)
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [event["stage_entered_at"] is not None for event in data["articles"][0]["events"]] == [True] * 4
    for event in data["articles"][0]["events"]:
        del event["stage_entered_at"]  # a file written before the field existed
    path.write_text(json.dumps(data), encoding="utf-8")
    Article.objects.all().delete()
    call_command("import_articles", str(path), verbosity=0)
    assert entered(Article.objects.get()) == before
