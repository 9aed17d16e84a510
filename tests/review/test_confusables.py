"""Commonly confused words: found only in the context that makes them wrong, with the right word."""

import pytest

from tests.review.checking import text_findings, texts


@pytest.mark.parametrize(
    ("body", "wrong", "fix"),
    [
        ("The party suffered a loose of confidence.", "loose", "loss"),
        ("Their was no vote on Friday.", "Their", "There"),
        ("They said their is no money left.", "their", "there"),
        ("He could of known earlier.", "of", "have"),
        ("Costs were higher then expected.", "then", "than"),
        ("It was more expensive then planned.", "then", "than"),
        ("The ban had an affect on sales.", "affect", "effect"),
        ("The talks have lead to nothing.", "lead", "led"),
        ("They where arrested at dawn.", "where", "were"),
        ("Nobody knows weather or not he will run.", "weather", "whether"),
        ("Its a question of money.", "Its", "It's"),
        ("The company and it's shareholders agreed.", "it's", "its"),
        ("The board gave him free reign.", "reign", "rein"),
        ("Everyone waited with baited breath.", "baited", "bated"),
        ("The fans will loose their seats.", "loose", "lose"),
        ("The crisis has past its peak.", "past", "passed"),
    ],
)
def test_confused_words_are_found_with_the_right_word(body, wrong, fix):
    (finding,) = text_findings("confused-words", body=body)
    assert (finding.text, finding.fix) == (wrong, fix)


@pytest.mark.parametrize(
    "body",
    [
        "The screw came loose of its own accord.",  # "loose of" after no article
        "Their vote was close; their position is clear.",
        "The lead singer led the talks; the lead was lost.",
        "Where they were, the weather was bad.",
        "Its members voted; it's clear they will stay.",
        "He was then elected, and more then, after the war, left.",  # "more then," is a pause
        "Prices in the past year rose; they have past experience.",
        "The affect displayed by the witness was flat.",
        "The rope hung loose in the wind.",
    ],
)
def test_the_innocent_readings_are_left_alone(body):
    assert texts("confused-words", body=body) == []
