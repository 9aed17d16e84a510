"""Each workflow event keeps the piece's section when it happened: the figures count a piece for the section
it was published in, and read a desk's events without joining the pieces."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.desk import figures_selectors as figures
from articles.models import Article, State, WorkflowEvent
from articles.models.publishing import fill_event_sections, fill_event_sections_of
from tests import factories

pytestmark = pytest.mark.django_db


def sections_of(article: Article) -> list[tuple[str, int | None]]:
    return list(WorkflowEvent.objects.filter(article=article).order_by("pk").values_list("transition", "section_id"))


@pytest.fixture
def desks():
    news, sport = factories.DeskFactory(slug="news"), factories.DeskFactory(slug="sport")
    return {
        "politics": factories.SectionFactory(slug="politics", name="Politics", desk=news),
        "football": factories.SectionFactory(slug="football", name="Football", desk=sport),
    }


def test_a_moved_piece_keeps_its_past_in_the_old_section(desks, writer, editor):
    politics, football = desks["politics"], desks["football"]
    piece = factories.ArticleFactory(section=politics, authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    workflow.publish(Article.objects.get(pk=piece.pk), by=editor)
    Article.objects.filter(pk=piece.pk).update(section=football)  # moved after it went out
    workflow.correct(Article.objects.get(pk=piece.pk), by=editor, correction_note="Score fixed.")
    assert sections_of(piece) == [("submit", politics.pk), ("publish", politics.pk), ("correct", football.pk)]

    today = timezone.localdate()
    scope = figures.Scope(today, today)
    _overall, per_section = figures.corrections(scope)
    assert [(row.label, row.corrections, row.published) for row in per_section] == [
        ("Football", 1, 0),  # by position, then name
        ("Politics", 0, 1),
    ]
    news = figures.Scope(today, today, desk=politics.desk)
    assert figures.published_per_day(news) == [(today, 1)]
    assert figures.published_per_day(figures.Scope(today, today, desk=football.desk)) == [(today, 0)]


def test_an_event_saved_without_its_piece_loaded_reads_the_section_in_its_insert(desks):
    piece = factories.ArticleFactory(section=desks["politics"])
    event = WorkflowEvent.objects.create(
        article_id=piece.pk, transition="submit", from_state=State.DRAFT, to_state=State.IN_REVIEW
    )
    assert event.section_id == desks["politics"].pk  # read back on first use, not left an expression
    given = WorkflowEvent.objects.create(
        article=piece,
        transition="publish",
        from_state=State.IN_REVIEW,
        to_state=State.PUBLISHED,
        section=desks["football"],
    )
    assert WorkflowEvent.objects.get(pk=given.pk).section_id == desks["football"].pk  # a given section is kept


def test_events_stored_together_read_their_sections_in_one_query(desks, django_assert_num_queries):
    first = factories.ArticleFactory(section=desks["politics"])
    second = factories.ArticleFactory(section=desks["football"])
    loaded = WorkflowEvent(article=first, transition="submit", from_state=State.DRAFT, to_state=State.IN_REVIEW)
    by_id = [
        WorkflowEvent(article_id=article.pk, transition="submit", from_state=State.DRAFT, to_state=State.IN_REVIEW)
        for article in (first, second)
    ]
    with django_assert_num_queries(1):  # the two pieces not loaded, at once; the loaded one asks nothing
        fill_event_sections_of([loaded, *by_id])
    assert [event.section_id for event in (loaded, *by_id)] == [desks["politics"].pk, *(s.pk for s in desks.values())]


def test_the_backfill_gives_old_events_their_pieces_sections(desks, writer, editor):
    pieces = [factories.ArticleFactory(section=section, authors=[writer.author]) for section in desks.values()]
    for piece in pieces:
        workflow.submit(piece, by=writer)
        workflow.publish(Article.objects.get(pk=piece.pk), by=editor)
    recorded = dict(WorkflowEvent.objects.values_list("pk", "section_id"))
    WorkflowEvent.objects.update(section=None)  # as before migration 0033
    assert fill_event_sections(WorkflowEvent, Article, chunk=2) == len(recorded)  # several chunks
    assert dict(WorkflowEvent.objects.values_list("pk", "section_id")) == recorded
    assert fill_event_sections(WorkflowEvent, Article) == 0  # nothing left empty


def test_export_and_import_keep_each_events_section(desks, writer, editor, tmp_path):
    piece = factories.ArticleFactory(section=desks["politics"], authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    Article.objects.filter(pk=piece.pk).update(section=desks["football"])
    workflow.perform("take_back", Article.objects.get(pk=piece.pk), by=writer)
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [event["section"] for event in data["articles"][0]["events"]] == ["politics", "football"]
    Article.objects.all().delete()
    call_command("import_articles", str(path), verbosity=0)
    assert [section for _transition, section in sections_of(Article.objects.get())] == [
        desks["politics"].pk,
        desks["football"].pk,
    ]


def test_a_file_from_before_event_sections_takes_the_pieces_section(desks, writer, tmp_path):
    piece = factories.ArticleFactory(section=desks["politics"], authors=[writer.author], created_by=writer)
    workflow.submit(piece, by=writer)
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    data = json.loads(path.read_text(encoding="utf-8"))
    for event in data["articles"][0]["events"]:
        del event["section"]
    path.write_text(json.dumps(data), encoding="utf-8")
    Article.objects.all().delete()
    call_command("import_articles", str(path), verbosity=0)
    assert sections_of(Article.objects.get()) == [("submit", desks["politics"].pk)]


def test_the_scheduled_batch_records_each_pieces_section(desks, writer, editor):
    when = timezone.now() - datetime.timedelta(minutes=1)
    pieces = []
    for section in desks.values():
        piece = factories.ArticleFactory(section=section, authors=[writer.author], created_by=writer)
        workflow.submit(piece, by=writer)
        workflow.schedule(Article.objects.get(pk=piece.pk), by=editor, publish_at=when + datetime.timedelta(hours=1))
        pieces.append(piece)
    Article.objects.update(publish_at=when)
    call_command("publish_scheduled", verbosity=0)
    due = WorkflowEvent.objects.filter(transition="publish_due").order_by("article_id")
    assert list(due.values_list("article_id", "section_id")) == [(p.pk, p.section_id) for p in pieces]
