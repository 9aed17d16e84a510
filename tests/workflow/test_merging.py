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
