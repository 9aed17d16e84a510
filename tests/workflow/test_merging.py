"""Three-way merge of stale saves: fields and paragraphs on different sides combine, overlaps conflict."""

from __future__ import annotations

import pytest

from articles import workflow
from articles.workflow import merging
from tests import factories

BASE = {"headline": "Harbour wall", "kicker": "", "body": "One.\n\nTwo.\n\nThree."}


def test_changes_to_different_fields_combine():
    result = merging.merge(BASE, {**BASE, "headline": "Mine"}, {**BASE, "kicker": "Theirs"})
    assert result.clean
    assert result.values["headline"] == "Mine"
    assert result.values["kicker"] == "Theirs"
    assert [merged.name for merged in result.theirs_taken] == ["kicker"]


def test_changes_to_different_paragraphs_combine_even_neighbouring_ones():
    result = merging.merge(
        BASE, {**BASE, "body": "One, mine.\n\nTwo.\n\nThree."}, {**BASE, "body": "One.\n\nTwo, theirs.\n\nThree."}
    )
    assert result.clean
    assert result.values["body"] == "One, mine.\n\nTwo, theirs.\n\nThree."
    assert result.theirs_taken[0].their_paragraphs == [2]


def test_a_new_paragraph_and_an_edit_elsewhere_combine_with_crlf_kept():
    mine = "One.\r\n\r\nTwo.\r\n\r\nThree.\r\n\r\nFour, new."
    result = merging.merge(BASE, {**BASE, "body": mine}, {**BASE, "body": "One, theirs.\n\nTwo.\n\nThree."})
    assert result.values["body"] == "One, theirs.\r\n\r\nTwo.\r\n\r\nThree.\r\n\r\nFour, new."


def test_the_same_paragraph_changed_on_both_sides_conflicts_and_keeps_both_texts():
    result = merging.merge(
        BASE, {**BASE, "body": "One.\n\nTwo, mine.\n\nThree."}, {**BASE, "body": "One.\n\nTwo, theirs.\n\nThree."}
    )
    assert not result.clean
    [body] = result.conflicts
    conflict = [segment for segment in body.segments if segment.conflict]
    assert [(segment.mine, segment.theirs) for segment in conflict] == [("Two, mine.", "Two, theirs.")]
    assert merging.join_segments(body.segments, {1: "both"}) == "One.\n\nTwo, mine.\n\nTwo, theirs.\n\nThree."
    assert merging.join_segments(body.segments, {1: "theirs"}) == "One.\n\nTwo, theirs.\n\nThree."
    with pytest.raises(ValueError):
        merging.join_segments(body.segments, {})


def test_one_value_fields_changed_on_both_sides_conflict():
    result = merging.merge(BASE, {**BASE, "headline": "Mine"}, {**BASE, "headline": "Theirs"})
    assert [merged.name for merged in result.conflicts] == ["headline"]


@pytest.mark.django_db
def test_base_fields_reads_the_history_record_of_that_version(writer):
    article = factories.ArticleFactory(headline="First", created_by=writer)
    workflow.save_article(article, by=writer, base_version=1, fields={"headline": "Second"})
    assert merging.base_fields(article, 1)["headline"] == "First"
    assert merging.base_fields(article, 2)["headline"] == "Second"
    assert merging.base_fields(article, 99) is None


# --- bylines and pictures -------------------------------------------------------------------------

LISTS = {"bylines": (1, 2), "placements": ((10, "lead", 0, ""),)}


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        (LISTS, LISTS, {"bylines": "mine", "placements": "mine"}),
        ({**LISTS, "bylines": (2, 1)}, LISTS, {"bylines": "mine", "placements": "mine"}),
        (LISTS, {**LISTS, "bylines": (1,)}, {"bylines": "theirs", "placements": "mine"}),
        (
            {**LISTS, "bylines": (1, 2, 3)},
            {**LISTS, "placements": ((10, "inline", 2, ""),)},
            {"bylines": "mine", "placements": "theirs"},
        ),
        ({**LISTS, "bylines": (1, 3)}, {**LISTS, "bylines": (1, 4)}, {"bylines": "conflict", "placements": "mine"}),
        ({**LISTS, "bylines": (1, 3)}, {**LISTS, "bylines": (1, 3)}, {"bylines": "mine", "placements": "mine"}),
    ],
)
def test_lists_changed_on_one_side_take_that_side(mine, theirs, expected):
    assert merging.merge_lists(LISTS, mine, theirs) == expected


def test_without_a_base_only_equal_lists_merge():
    changed = {**LISTS, "bylines": (1,)}
    assert merging.merge_lists(None, LISTS, changed)["bylines"] == "conflict"
    assert merging.merge_lists(None, LISTS, LISTS)["bylines"] == "mine"


def test_placements_compare_in_reading_order_with_the_own_caption():
    rows = merging.placement_rows([(2, "inline", 3, None), (1, "lead", 0, "Own")])
    assert rows == ((1, "lead", 0, "Own"), (2, "inline", 3, ""))


@pytest.mark.django_db
def test_the_base_lists_come_from_the_revision_the_save_started_from(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    factories.PlacementFactory(article=article, role="lead", caption="Own caption")
    article = workflow.save_article(article, by=writer, base_version=article.version, fields={"teaser": "New"})
    started = merging.base_lists(article, article.version)
    assert started == merging.stored_lists(article)
    assert started["bylines"] == (writer.author.pk,)
    assert started["placements"][0][1:] == ("lead", 0, "Own caption")
    assert merging.base_lists(article, 99) is None
