"""Grammar-level slips a dictionary does not find (issue #26), on made-up sentences in English and German:
each kind found where it is, with its message, and left alone where the words are right."""

from __future__ import annotations

import pytest

from tests.review.checking import text_findings, texts


@pytest.mark.parametrize(
    ("code", "body", "found"),
    [
        ("glued-words", "The speech by thePresident was short.", "thePresident"),
        ("spelling", "She lives in London and flew to Londonon Monday.", "Londonon"),
        ("missing-word", "A group protesters gathered outside the hall.", "A group protesters"),
        ("missing-word", "The coach said he wanted them stay calm.", "wanted them stay"),
        ("agreement", "He is one of the best player in the league.", "one of the best player"),
        ("agreement", "It is one of the poorest country in the region.", "one of the poorest country"),
        ("agreement", "Outside the gates, the crowds was growing by the hour.", "the crowds was"),
        ("confused-words", "The family fled form the town on Monday.", "form"),
        ("confused-words", "Their was no vote on the budget.", "Their"),
        ("confused-words", "The team could loose the final on Sunday.", "loose"),
        ("run-together", "The board met on Tuesday Morning Star reported that the deal was off.", "Tuesday Morning"),
        (
            "inconsistent-figures",
            "The bus carried 32 passengers.\n\nPolice said the 31 passengers were unhurt.",
            "31 passengers",
        ),
        (
            "paragraph-end",
            "The council met on Monday. It approved the budget for the harbour and the school\n\nThe vote is next.",
            "school",
        ),
        (
            "paragraph-end",
            "The council met in the old town hall on Monday evening to approve the budget for the harbour wall"
            " and the new school in the north of the town\n\nThe vote is due in spring.",
            "town",
        ),
    ],
)
def test_english_slips_are_found_where_they_are(code, body, found):
    assert texts(code, body=body) == [found]


@pytest.mark.parametrize(
    ("code", "body", "found"),
    [
        ("glued-words", "Nach langer Debatte hat dem Stadtratbeschloss niemand widersprochen.", "Stadtratbeschloss"),
        ("glued-words", "Das Dach des Bahnhofsgebäudesbrannte am Abend lichterloh.", "Bahnhofsgebäudesbrannte"),
        (
            "missing-word",
            "In der Nacht sollen drei Autos beschädigt sollen worden sein.",
            "sollen drei Autos beschädigt sollen",
        ),
        ("agreement", "Die Anwohner wurden durch einen laut Knall geweckt.", "einen laut Knall"),
        ("agreement", "Es ist warm. Die Kinder spielt im Garten hinter dem Haus.", "Die Kinder spielt"),
        ("intro-comma", "Wegen des Sturms, fiel in der ganzen Stadt der Strom aus.", "Wegen des Sturms,"),
        ("time-format", "Der Zug fuhr um 14.30 Uhr ab. Er kam um 16:45 Uhr an. Um 18.00 Uhr war Schluss.", "16:45"),
        (
            "paragraph-end",
            "Die Polizei sucht Zeugen. Der Fahrer ist nach Angaben der Behörden nicht verletzt worden\n\nMehr folgt.",
            "worden",
        ),
    ],
)
def test_german_slips_are_found_where_they_are(code, body, found):
    assert texts(code, body=body, language="de") == [found]


@pytest.mark.parametrize(
    ("code", "body"),
    [
        ("glued-words", "Readers of @theTimes and #theVote saw it; the iPhone sold well."),
        ("missing-word", "A group of protesters gathered. He wanted them to stay. A number of ministers left."),
        ("missing-word", "She helped them stay calm, and they let him go."),
        ("agreement", "He is one of the best players in the league. One of the largest oil producers agreed."),
        ("agreement", "The cost of the repairs was high. The news is good; the series was cancelled."),
        ("agreement", "She was one of the first people to arrive, and one of the best known in town."),
        ("confused-words", "The form was filed on time, and the committee will form a panel."),
        ("run-together", "On Tuesday Chancellor Weber said the talks would go on."),
        (
            "inconsistent-figures",
            "The bus carried 32 passengers. Another 3 passengers boarded; the 32 passengers left.",
        ),
        ("paragraph-end", "## What happens next\n\nThe council met on Monday. It will vote on Friday."),
        # A line of fifteen words without a full stop: a subheading or a pull quote, not a paragraph.
        (
            "paragraph-end",
            "The council met.\n\nMinisters still do not want to allow the harbour company to build the new wall"
            "\n\nThe vote is due in spring.",
        ),
    ],
)
def test_english_words_that_are_right_are_left_alone(code, body):
    assert texts(code, body=body) == []


@pytest.mark.parametrize(
    ("code", "body"),
    [
        ("glued-words", "Die Freiwilligen halfen bei den Weihnachtsstürmen; der Stadtrat beschloss den Haushalt."),
        ("missing-word", "Er hat gelacht und hat getanzt. Die Autos sollen beschädigt worden sein."),
        ("agreement", "Er wurde durch einen lauten Knall geweckt. Die Kinder spielen im Garten."),
        ("agreement", "Den laut Polizei betrunkenen Fahrer hielten Zeugen fest."),
        ("agreement", "Der Hubschrauber brachte den schwer Verletzten in die Klinik."),
        ("intro-comma", "Wegen des Sturms fiel der Strom aus. Am Montag, dem 3. Mai, fiel der Strom aus."),
        ("time-format", "Der Zug fuhr um 14.30 Uhr ab und kam um 16.45 Uhr an."),
    ],
)
def test_german_words_that_are_right_are_left_alone(code, body):
    assert texts(code, body=body, language="de") == []


def test_the_german_kinds_stay_out_of_english_copy():
    body = "Wegen des Sturms, fiel der Strom aus. Der Zug fuhr um 14.30 Uhr ab und kam um 16:45 Uhr an."
    assert texts("intro-comma", body=body) == [] and texts("time-format", body=body) == []


def test_findings_say_where_and_what_to_write_in_english_and_german():
    from django.utils import translation

    [finding] = text_findings("missing-word", body="A group protesters gathered outside the hall.")
    assert (finding.field, finding.start, finding.end) == ("body", 0, len("A group protesters"))
    assert "“A group of protesters”" in finding.message
    [glued] = text_findings("glued-words", body="The speech by thePresident was short.")
    assert glued.fix == "the President"
    with translation.override("de"):
        [comma] = text_findings("intro-comma", body="Wegen des Sturms, fiel der Strom aus.", language="de")
        [agreement] = text_findings("agreement", body="Er hörte einen laut Knall.", language="de")
    assert "kein Komma" in comma.message and comma.fix == "Wegen des Sturms"
    assert "Endung" in agreement.message


def test_each_new_kind_has_a_confidence():
    from articles.review.checks import CHECKS_BY_CODE
    from articles.review.findings import Confidence

    for code in ("glued-words", "missing-word", "agreement", "paragraph-end", "intro-comma", "time-format"):
        assert CHECKS_BY_CODE[code].confidence in Confidence.CHOICES
    [finding] = text_findings("agreement", body="He is one of the best player in the league.")
    assert finding.confidence == Confidence.LOW
    [country] = text_findings("agreement", body="It is one of the poorest country in the region.")
    assert "“countries”" in country.message
