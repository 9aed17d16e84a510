"""Suggestion mode's services: a reviewer's typing kept as suggestions; accept is a conflict-safe save (a revision
with the text), reject closes; words changed since make a suggestion outdated, never applied blindly."""

from __future__ import annotations

import pytest

from articles import workflow
from articles.models import Article, Notice, OutboxMessage, Revision, Suggestion, WorkflowEvent
from articles.workflow import suggestion_reading, suggestions
from articles.workflow.suggestion_text import apply, changes, locate
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "The council met on Monday.\n\nIt voted on the harbour wall after midnight.\n\nThe mayor abstained."


@pytest.fixture
def piece(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY, headline="Council votes")
    placement = factories.PlacementFactory(article=article, caption="The old wall.")
    article.placement = placement
    return article


def fresh(article):
    return Article.objects.get(pk=article.pk)


def suggest(article, editor, **fields):
    captions = fields.pop("captions", None)
    return suggestions.propose(article, by=editor, base_version=article.version, fields=fields, captions=captions)


# --- the text side ---------------------------------------------------------------------------------


def test_changes_are_whole_words_with_context():
    found = changes("It voted on the harbour wall.", "It voted on the new harbour wall today.")
    assert [(c.kind, c.original, c.proposed) for c in found] == [
        ("insertion", "", "new "),
        ("insertion", "", " today"),
    ]
    replaced = changes("Kiev is a capital.", "Kyiv is a capital.")
    assert [(c.kind, c.original, c.proposed, c.offset) for c in replaced] == [("replacement", "Kiev", "Kyiv", 0)]
    deleted = changes("one two three", "one three")
    assert [(c.kind, c.original) for c in deleted] == [("deletion", "two ")]


def test_locate_needs_the_nearest_context_and_keeps_line_endings():
    pad = "The harbour wall was built in 1890 and repaired twice since. "
    text = pad + "a cat sat. a cat ran. " + pad
    change = changes(text, text.replace("a cat ran", "a dog ran"))[0]
    assert change.original == "cat"
    assert locate(text, **_anchor(change)) == (len(pad) + 13, len(pad) + 16)
    assert locate(text.replace("a cat ran", "a cow ran"), **_anchor(change)) is None
    crlf = text.replace(". a", ".\r\n\r\na")
    change = changes(crlf, crlf.replace("a cat ran", "a dog ran"))[0]
    span = locate(crlf, **_anchor(change))
    assert crlf[span[0] : span[1]] == "cat" and crlf[span[1] : span[1] + 4] == " ran"
    assert apply("abc def", [(0, 3, "xyz"), (4, 7, "uvw")]) == ("xyz uvw", [1, 0])


def test_a_change_at_a_fields_edge_is_found_only_there():
    """Short context is the whole text before (or after): the words must still start (or end) the field."""
    start = changes("Council votes", "Breaking: Council votes")[0]
    assert locate("Council votes", **_anchor(start)) == (0, 0)
    assert locate("Budget: Council votes", **_anchor(start)) is None
    empty = changes("", "The old wall.")[0]
    assert locate("", **_anchor(empty)) == (0, 0)
    assert locate("Someone else's caption.", **_anchor(empty)) is None


def _anchor(change):
    return {"original": change.original, "prefix": change.prefix, "suffix": change.suffix, "offset": change.offset}


# --- proposing ---------------------------------------------------------------------------------------


def test_propose_keeps_each_change_and_tells_the_writer(piece, writer, editor):
    made = suggest(
        piece,
        editor,
        headline="Council votes at last",
        body=BODY.replace("harbour wall", "sea wall"),
        captions={piece.placement.pk: "The old wall at low tide."},
    )
    assert {(s.field, s.kind, s.original, s.proposed) for s in made} == {
        ("headline", "insertion", "", " at last"),
        ("body", "replacement", "harbour", "sea"),
        ("caption", "insertion", "", " at low tide"),
    }
    piece = fresh(piece)
    assert piece.headline == "Council votes"  # nothing of the piece changed
    assert WorkflowEvent.objects.filter(article=piece, transition="suggested", actor=editor).count() == 1
    assert Notice.objects.filter(recipient=writer, kind=Notice.Kind.SUGGESTED).count() == 1
    mail = OutboxMessage.objects.get(kind="suggested", recipient=writer.email)
    assert "has suggested changes to “Council votes”" in mail.body and "“harbour” → “sea”" in mail.body


def test_a_writer_of_another_piece_may_not_suggest_or_decide(piece, editor):
    other = factories.WriterFactory()
    with pytest.raises(workflow.NotPermitted, match="Only editors may suggest"):
        suggest(piece, other, headline="Mine now")
    suggest(piece, editor, headline="Council votes again")
    with pytest.raises(workflow.NotPermitted, match="Only the piece's writers and editors"):
        suggestions.accept(piece, by=other)
    with pytest.raises(workflow.NotPermitted):
        suggestions.reject(piece, by=other)
    assert Suggestion.objects.open().count() == 1


# --- deciding ----------------------------------------------------------------------------------------


def test_accept_is_a_revision_with_the_text(piece, writer, editor):
    made = suggest(piece, editor, headline="Council votes at last", body=BODY.replace("Monday", "Tuesday"))
    before = piece.version
    decided = suggestions.accept(piece, by=writer, ids=[s.pk for s in made if s.field == "body"])
    piece = fresh(piece)
    assert decided.done == 1
    assert piece.version == before + 1
    assert "Tuesday" in piece.body and piece.headline == "Council votes"
    revision = Revision.objects.get(article=piece, number=piece.version)
    assert "Tuesday" in revision.body and revision.created_by == writer
    assert revision.note_key == "suggestions_accepted"
    accepted = Suggestion.objects.get(field="body")
    assert (accepted.state, accepted.decided_by) == ("accepted", writer)
    assert Suggestion.objects.get(field="headline").state == "open"
    assert WorkflowEvent.objects.filter(article=piece, transition="suggestions_accepted").exists()
    assert Notice.objects.filter(recipient=editor, kind=Notice.Kind.SUGGESTIONS_ACCEPTED).count() == 1


def test_accept_all_applies_every_change_in_one_save(piece, writer, editor):
    suggest(
        piece,
        editor,
        headline="Council votes at last",
        body=BODY.replace("Monday", "Tuesday").replace("The mayor abstained.", "The mayor voted no."),
        captions={piece.placement.pk: "The new wall."},
    )
    before = piece.version
    decided = suggestions.accept(piece, by=writer)
    piece = fresh(piece)
    assert decided.done == Suggestion.objects.filter(state="accepted").count() >= 4
    assert piece.version == before + 1
    assert piece.headline == "Council votes at last"
    assert piece.body == BODY.replace("Monday", "Tuesday").replace("The mayor abstained.", "The mayor voted no.")
    assert piece.placements.get().caption == "The new wall."


def test_reject_changes_nothing_but_the_suggestion(piece, writer, editor):
    suggest(piece, editor, headline="Council votes at last")
    before = piece.version
    decided = suggestions.reject(piece, by=writer)
    piece = fresh(piece)
    assert decided.done == 1 and piece.version == before and piece.headline == "Council votes"
    assert Suggestion.objects.get().state == "rejected"
    assert Notice.objects.filter(recipient=editor, kind=Notice.Kind.SUGGESTIONS_REJECTED).count() == 1


def test_words_changed_by_a_concurrent_edit_make_the_suggestion_outdated(piece, writer, editor):
    suggest(piece, editor, body=BODY.replace("harbour wall", "sea wall"))
    # The writer rewrote that sentence meanwhile.
    workflow.save_article(
        piece, by=writer, base_version=piece.version, fields={"body": BODY.replace("harbour wall", "dyke")}
    )
    assert suggestion_reading.located(piece)[0].outdated
    with pytest.raises(suggestions.NothingToAccept):
        suggestions.accept(piece, by=writer)
    piece = fresh(piece)
    assert "dyke" in piece.body and "sea wall" not in piece.body
    assert Suggestion.objects.get().state == "outdated"


def test_a_concurrent_edit_elsewhere_is_kept_beside_the_accepted_one(piece, writer, editor):
    suggest(piece, editor, body=BODY.replace("Monday", "Tuesday"))
    workflow.save_article(
        piece,
        by=writer,
        base_version=piece.version,
        fields={"body": BODY.replace("The mayor abstained.", "The mayor left early.")},
    )
    suggestions.accept(piece, by=writer)
    piece = fresh(piece)
    assert "Tuesday" in piece.body and "The mayor left early." in piece.body


def test_publishing_with_open_suggestions_asks_first_or_is_refused(piece, editor, settings):
    assert suggestion_reading.publishing_refusal(piece, confirmed=False) == ""
    suggest(piece, editor, headline="Council votes at last")
    assert "Go ahead with open suggestions" in suggestion_reading.publishing_refusal(piece, confirmed=False)
    assert suggestion_reading.publishing_refusal(piece, confirmed=True) == ""
    settings.NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING = True
    assert "accept or reject it first" in suggestion_reading.publishing_refusal(piece, confirmed=True)


def test_the_same_change_sent_twice_is_one_suggestion(piece, editor):
    assert len(suggest(piece, editor, headline="Council votes at last")) == 1
    assert suggest(piece, editor, headline="Council votes at last") == []
    assert Suggestion.objects.count() == 1


def test_a_newsroom_that_blocks_refuses_every_path_to_publication(piece, writer, editor, settings):
    piece.placements.all().delete()  # its picture has no file: not this test's business
    piece = workflow.submit(fresh(piece), by=writer)
    suggest(piece, editor, headline="Council votes at last")
    settings.NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING = True
    with pytest.raises(workflow.WrongState, match="still open"):
        workflow.perform("publish", fresh(piece), by=editor, revision=piece.version)
    assert fresh(piece).status == "in_review"
    suggestions.reject(piece, by=writer)
    assert workflow.perform("publish", fresh(piece), by=editor, revision=piece.version).status == "published"
