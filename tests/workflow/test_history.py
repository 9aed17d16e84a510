"""Revision history: who changed what and when, word-level diffs, and who may see them."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from articles import workflow
from articles.models import Article
from articles.workflow import history, revisions
from articles.workflow.restoring import restore
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(writer):
    article = factories.ArticleFactory(
        authors=[writer.author], created_by=writer, body="The council met until late. Both sides gave ground."
    )
    revisions.ensure_revision(article)  # made outside the editor: the system freezes its first revision
    return article


def save(article, user, **fields):
    return workflow.save_article(article, by=user, base_version=article.version, fields=fields)


def test_every_save_is_a_revision_with_who_and_when_newest_first(piece, writer, editor):
    save(piece, writer, headline="First try")
    save(piece, editor, headline="Second try")
    records = history.revisions(piece)
    assert [record.headline for record in records[:2]] == ["Second try", "First try"]
    assert [record.created_by for record in records[:2]] == [editor, writer]
    assert records[0].created_at >= records[1].created_at
    assert [record.number for record in records] == [3, 2, 1]
    assert records[-1].created_by is None  # the first one was frozen by the system


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
    diffs = {diff.field: diff for diff in history.compare(piece, old.number, new.number)}
    assert set(diffs) == {"body", "headline"}
    assert diffs["body"].chunks == [
        ("equal", "The council met until "),
        ("delete", "late."),
        ("insert", "midnight."),
        ("equal", " Both sides gave ground."),
    ]
    assert diffs["body"].label == "Body"
    assert diffs["body"].changed
    assert ("insert", "Budget agreed") in diffs["headline"].chunks


def test_diff_works_both_ways_and_between_distant_revisions(piece, writer):
    first = history.revisions(piece)[0]
    save(piece, writer, kicker="One")
    save(piece, writer, kicker="Two")
    last = history.revisions(piece)[0]
    forward = history.compare(piece, first.number, last.number)
    backward = history.compare(piece, last.number, first.number)
    assert [diff.field for diff in forward] == ["kicker"]
    assert ("insert", "Two") in forward[0].chunks
    assert ("delete", "Two") in backward[0].chunks


def test_same_content_has_no_differences(piece, writer):
    record = history.revisions(piece)[0]
    assert history.compare(piece, record.number, record.number) == []


def test_text_sent_from_a_browser_with_cr_lf_is_stored_with_lf_and_the_diff_names_only_what_changed(writer):
    """A browser posts a text area's line breaks as CR LF; a piece made elsewhere has LF: not a change."""
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer, body="First.\n\nSecond.")
    revisions.ensure_revision(piece)
    edited = save(Article.objects.get(pk=piece.pk), writer, headline="New headline", body="First.\r\n\r\nSecond.")
    assert Article.objects.get(pk=piece.pk).body == "First.\n\nSecond."
    diffs = history.compare(edited, edited.version - 1, edited.version)
    assert [diff.field for diff in diffs] == ["headline"]


def test_revisions_stored_with_cr_lf_before_do_not_show_a_body_change(piece, writer):
    from articles.models import Revision

    old = history.revisions(piece)[0]
    Revision.objects.filter(pk=old.pk).update(body=old.body.replace(". ", ".\r\n\r\n"))
    edited = save(Article.objects.get(pk=piece.pk), writer, body=old.body.replace(". ", ".\n\n"), kicker="New")
    diffs = history.compare(edited, old.number, edited.version)
    assert [diff.field for diff in diffs] == ["kicker"]


def test_section_changes_show_the_section_names(piece, writer):
    old = history.revisions(piece)[0]
    other = factories.SectionFactory(name="Politics")
    save(piece, writer, section=other)
    new = history.revisions(piece)[0]
    (diff,) = history.compare(piece, old.number, new.number)
    assert diff.field == "section"
    assert ("insert", "Politics") in diff.chunks


def test_a_revision_the_piece_does_not_have_is_refused(piece, writer):
    other = factories.ArticleFactory(authors=[writer.author])
    save(other, writer, kicker="Elsewhere")  # the other piece has revisions 1 and 2; this one only 1
    with pytest.raises(workflow.NoSuchRevision):
        history.compare(piece, 1, 2)


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
    (diff,) = history.compare(piece, old.number, new.number)
    assert diff.field == "expire_at"
    assert "09:00" in "".join(text for op, text in diff.chunks if op == "insert")  # 07:00 UTC is 09:00 in Berlin


def test_a_byline_change_is_a_revision_and_shows_in_the_diff(piece, writer):
    """Adding a byline used to make a version whose diff said "No differences"."""
    colleague = factories.AuthorFactory(name="Fabian Müller", sign_off="fmu")
    workflow.save_article(piece, by=writer, base_version=piece.version, fields={}, authors=[writer.author, colleague])
    new, old = history.revisions(piece)[:2]
    assert [item["name"] for item in new.bylines] == [writer.author.name, "Fabian Müller"]
    (diff,) = history.compare(piece, old.number, new.number)
    assert diff.field == "bylines"
    assert ("insert", "\nFabian Müller (fmu)") in diff.chunks or any(
        op == "insert" and "Fabian Müller (fmu)" in text for op, text in diff.chunks
    )


def test_picture_caption_credit_role_and_archive_flag_show_in_the_diff(piece, writer):
    image = factories.ImageFactory(caption="The old wall.", creator="Jana Beispiel", agencies="dpa")
    placement = factories.PlacementFactory(article=piece, image=image, role="lead", caption="")
    save(piece, writer, kicker="With picture")
    before = history.revisions(piece)[0]
    placement.caption = "The new wall at high tide."
    placement.role = "inline"
    placement.save()
    image.is_archive = True
    image.agencies = "AP/dpa"
    image.save()
    save(piece, writer, kicker="With picture, again")
    after = history.revisions(piece)[0]
    diffs = {diff.field: diff for diff in history.compare(piece, before.number, after.number)}
    picture = diffs["picture-1"]
    assert picture.label == "Picture 1 · inline"
    inserted = "".join(text for op, text in picture.chunks if op == "insert")
    deleted = "".join(text for op, text in picture.chunks if op == "delete")
    assert "high tide." in inserted and "old wall." in deleted
    assert "AP/dpa" in inserted
    assert "(Archive image)" in inserted


def test_restoring_an_old_revision_makes_a_new_one_and_records_an_event(piece, writer, editor):
    first = history.revisions(piece)[0]
    colleague = factories.AuthorFactory()
    workflow.save_article(
        piece, by=writer, base_version=piece.version, fields={"headline": "Changed"}, authors=[colleague]
    )
    restored = restore(piece, by=editor, number=first.number, base_version=piece.version)
    piece = Article.objects.get(pk=piece.pk)
    assert restored.number == piece.version == 3
    assert piece.headline == first.headline
    assert [byline.author for byline in piece.bylines.all()] == [writer.author]
    assert history.compare(piece, first.number, restored.number) == []
    event = piece.events.get(transition="restore")
    assert (event.actor, event.revision) == (editor, restored)
    assert restored.note_text == "restored revision 1"
    with translation.override("de"):
        assert restored.note_text == "Fassung 1 wiederhergestellt"


def test_restoring_from_a_stale_page_is_refused_and_changes_nothing(piece, writer, editor):
    seen = piece.version
    save(piece, writer, headline="Newer")
    with pytest.raises(workflow.StaleVersion):
        restore(piece, by=editor, number=1, base_version=seen)
    piece = Article.objects.get(pk=piece.pk)
    assert piece.headline == "Newer"
    assert not piece.events.filter(transition="restore").exists()
