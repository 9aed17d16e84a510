"""Revision history: who changed what and when, word-level diffs, and who may see them."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from articles import workflow
from articles.workflow import history
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(
        authors=[writer.author], created_by=writer, body="The council met until late. Both sides gave ground."
    )


def save(article, user, **fields):
    return workflow.save_article(article, by=user, base_version=article.version, fields=fields)


def test_every_save_is_a_revision_with_who_and_when_newest_first(piece, writer, editor):
    save(piece, writer, headline="First try")
    save(piece, editor, headline="Second try")
    records = history.revisions(piece)
    assert [record.headline for record in records[:2]] == ["Second try", "First try"]
    assert [record.history_user for record in records[:2]] == [editor, writer]
    assert records[0].history_date >= records[1].history_date
    assert records[-1].history_type == "+"  # the creation is the oldest revision


def test_state_changes_are_events_not_revisions(piece, writer, editor):
    before = len(history.revisions(piece))
    workflow.submit(piece, by=writer)
    workflow.publish(piece, by=editor)
    assert len(history.revisions(piece)) == before


def test_word_level_diff_between_two_revisions(piece, writer, editor):
    save(piece, writer, body="The council met until late. Both sides gave ground.")
    old = history.revisions(piece)[0]
    save(piece, editor, body="The council met until midnight. Both sides gave ground.", headline="Budget agreed")
    new = history.revisions(piece)[0]
    diffs = {diff.field: diff for diff in history.compare(piece, old.history_id, new.history_id)}
    assert set(diffs) == {"body", "headline"}
    assert diffs["body"].chunks == [
        ("equal", "The council met until "),
        ("delete", "late."),
        ("insert", "midnight."),
        ("equal", " Both sides gave ground."),
    ]
    assert diffs["body"].label == "body"
    assert diffs["body"].changed
    assert ("insert", "Budget agreed") in diffs["headline"].chunks


def test_diff_works_both_ways_and_between_distant_revisions(piece, writer):
    first = history.revisions(piece)[0]
    save(piece, writer, kicker="One")
    save(piece, writer, kicker="Two")
    last = history.revisions(piece)[0]
    forward = history.compare(piece, first.history_id, last.history_id)
    backward = history.compare(piece, last.history_id, first.history_id)
    assert [diff.field for diff in forward] == ["kicker"]
    assert ("insert", "Two") in forward[0].chunks
    assert ("delete", "Two") in backward[0].chunks


def test_same_content_has_no_differences(piece, writer):
    record = history.revisions(piece)[0]
    assert history.compare(piece, record.history_id, record.history_id) == []


def test_section_changes_show_the_section_names(piece, writer):
    old = history.revisions(piece)[0]
    other = factories.SectionFactory(name="Politics")
    save(piece, writer, section=other)
    new = history.revisions(piece)[0]
    (diff,) = history.compare(piece, old.history_id, new.history_id)
    assert diff.field == "section"
    assert ("insert", "Politics") in diff.chunks


def test_a_revision_of_another_piece_is_refused(piece, writer):
    other = factories.ArticleFactory(authors=[writer.author])
    foreign = history.revisions(other)[0]
    own = history.revisions(piece)[0]
    with pytest.raises(piece.history.model.DoesNotExist):
        history.compare(piece, own.history_id, foreign.history_id)


def test_word_diff_keeps_every_character():
    old, new = "Kiev would like more\n\nweapons.", "Kyiv would like  more weapons now."
    chunks = history.word_diff(old, new)
    assert "".join(text for op, text in chunks if op != "insert") == old
    assert "".join(text for op, text in chunks if op != "delete") == new


def test_only_those_who_may_edit_see_the_history(piece, writer, other_writer, editor, superuser):
    assert workflow.can_view_history(writer, piece)
    assert workflow.can_view_history(editor, piece)
    assert workflow.can_view_history(superuser, piece)
    assert not workflow.can_view_history(other_writer, piece)
    assert not workflow.can_view_history(AnonymousUser(), piece)
    # The writer keeps seeing the history of their piece in review (they edit it again after changes).
    workflow.submit(piece, by=writer)
    assert workflow.can_view_history(writer, piece)
    assert not workflow.can_view_history(other_writer, piece)


def test_a_reader_account_without_role_sees_no_history(piece):
    assert not workflow.can_view_history(factories.UserFactory(), piece)


def test_times_are_shown_in_the_newsrooms_time_zone(piece, writer):
    old = history.revisions(piece)[0]
    save(piece, writer, expire_at=datetime.datetime(2027, 7, 1, 7, 0, tzinfo=datetime.UTC))
    new = history.revisions(piece)[0]
    (diff,) = history.compare(piece, old.history_id, new.history_id)
    assert diff.field == "expire_at"
    assert "09:00" in "".join(text for op, text in diff.chunks if op == "insert")  # 07:00 UTC is 09:00 in Berlin
