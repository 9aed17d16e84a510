# ruff: noqa: RUF001
"""Kinds of slips found on copy from outlets the project had never seen (issue #26), on made-up sentences."""

from __future__ import annotations

import pytest

from articles.review.languages import detect_language
from tests.review.checking import text_findings, texts

GERMAN_BODY = (
    "Die Polizei sucht Zeugen, die den Unfall am Montag gesehen haben. Der Fahrer ist nach Angaben der "
    "Behörden nicht verletzt worden. Die Straße wurde für zwei Stunden gesperrt, und es kam zu langen Staus. "
    "Auch die Feuerwehr war mit einem großen Aufgebot im Einsatz."
)


@pytest.mark.parametrize(
    ("body", "repeated"),
    [
        ("Ministers met at NATO NATO headquarters on Monday.", "NATO NATO"),
        ("The report was written by Anna Becker Becker and two colleagues.", "Becker Becker"),
    ],
)
def test_a_word_in_capitals_or_a_surname_typed_twice_is_found(body, repeated):
    assert texts("repeated-name", body=body) == [repeated]


def test_a_word_shouted_twice_on_purpose_is_not_a_slip():
    assert texts("repeated-name", body="The crowd chanted “NO NO” outside the hall.") == []


@pytest.mark.parametrize(
    "line",
    [
        "Skip to content",
        "Leave a reply",
        "Sign up for our newsletter",
        "Advertisement",
        "Video: Flood waters reach the old town 2:15",
        "Flood waters reach the old town (02:15)",
        "Duration: 3:40",
    ],
)
def test_web_debris_lines_are_found(line):
    body = f"The council met on Monday.\n\n{line}\n\nThe vote is due in spring."
    assert texts("web-debris", body=body) == [line]


def test_a_time_inside_a_sentence_is_not_debris():
    body = "The council met at 10:30 on Monday.\n\nKick-off is at 20:45, the club said."
    assert texts("web-debris", body=body) == []


@pytest.mark.parametrize("abbreviation", ["usw.", "ggf.", "evtl.", "inkl.", "vgl.", "bzw."])
def test_german_abbreviations_with_a_full_stop_are_not_misspellings(abbreviation):
    body = f"{GERMAN_BODY} Die Stadt prüft {abbreviation} weitere Maßnahmen und Sperrungen."
    findings = text_findings("spelling", headline="Unfall auf der Landstraße", body=body, language="de")
    assert [finding.text for finding in findings] == []


def test_the_text_decides_the_language_not_the_formats_labels():
    agency_file = f"From: Agentur\nHome page Politik\n\n{GERMAN_BODY}\n\n(ab)"
    assert detect_language(agency_file) == "de"
    assert detect_language("Von: Anna\n\nLondon – The end.") == "de"  # too short to tell: the labels decide


def test_a_piece_stored_in_the_wrong_language_is_flagged():
    [finding] = text_findings("language", body=GERMAN_BODY, language="en")
    assert "reads as German" in finding.message and "set to English" in finding.message
    assert text_findings("language", body=GERMAN_BODY, language="de") == []


def test_a_text_mixing_both_languages_is_flagged():
    english = (
        "The police are looking for witnesses who saw the crash on Monday. The driver was not hurt, and the "
        "road was closed for two hours. It is the third crash on that road this year, the council said."
    )
    [finding] = text_findings("language", body=f"{GERMAN_BODY}\n\n{english}", language="de")
    assert "mixes German and English" in finding.message


# --- a dictionary fit for news copy -----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Union members joined the walkouts while the livestreams ran all night.",
        "Deepfakes of the candidate spread before the vote, the rideshare drivers said.",
        "Reporters geolocated the footage to a village near the border.",
    ],
)
def test_words_in_current_news_use_are_not_misspellings(body):
    assert texts("spelling", body=body) == []


def test_a_finding_says_why_the_word_is_suspicious():
    [common] = text_findings("spelling", body="We will recieve the report on Friday.")
    assert "close to a far more common word" in common.message and "“receive”" in common.message
    [rare] = text_findings("spelling", body="The minister spoke of a grave lifehood crisis.")
    assert "rare in current writing" in rare.message
    [near] = text_findings("spelling", body="It was a pricy deal for the town.")
    assert "far more common words" in near.message and "“price”" in near.message


def test_a_name_in_lower_case_is_not_accepted_by_its_frequency():
    assert texts("spelling", body="The posts attacked scientology and its leaders.") == ["scientology"]


def test_the_frequency_lists_ship_inside_the_package():
    """No download at run time: wordfreq reads its lists from its own package data."""
    import importlib.resources

    from articles.review import frequencies

    data = importlib.resources.files("wordfreq") / "data"
    assert (data / "large_en.msgpack.gz").is_file() and (data / "large_de.msgpack.gz").is_file()
    assert frequencies.zipf("receive", "en") > frequencies.zipf("recieve", "en") + 1
    assert frequencies.zipf("Straße", "de-AT") > 3
