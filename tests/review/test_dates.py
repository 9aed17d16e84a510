"""A weekday that does not fall on its date, with the year from the piece's date."""

import datetime

import pytest

from tests.review.checking import text_findings, texts

PIECE_DATE = datetime.date(2023, 3, 6)


@pytest.mark.parametrize(
    ("body", "weekday", "fix"),
    [
        ("The talks began on Monday, March 3.", "Monday", "Friday"),
        ("The talks began on Monday, 3 March.", "Monday", "Friday"),
        ("The talks began on Monday (3 March).", "Monday", "Friday"),
        ("The vote is on Sunday, March 10th.", "Sunday", "Friday"),
        ("It happened on Tuesday, July 4, 2023.", "Tuesday", "Tuesday"),
    ],
)
def test_weekday_that_does_not_match_its_date(body, weekday, fix):
    found = text_findings("weekday-date", body=body, date=PIECE_DATE)
    if weekday == fix:
        assert found == []  # 4 July 2023 was a Tuesday
    else:
        assert [(finding.text, finding.fix) for finding in found] == [(weekday, fix)]


def test_the_year_is_the_one_nearest_the_piece_date():
    # A piece of 2 January 2024 speaks of the Friday before: 29 December 2023.
    assert texts("weekday-date", body="On Friday, December 29, it snowed.", date=datetime.date(2024, 1, 2)) == []
    assert texts("weekday-date", body="On Monday, December 29, it snowed.", date=datetime.date(2024, 1, 2)) == [
        "Monday"
    ]


def test_without_a_piece_date_or_year_nothing_is_reported():
    assert texts("weekday-date", body="The talks began on Monday, March 3.") == []
    assert texts("weekday-date", body="The talks began on Monday, March 3, 2023.") == ["Monday"]
    assert texts("weekday-date", body="On Monday, February 30, nothing happened.", date=PIECE_DATE) == []
