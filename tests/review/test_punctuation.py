"""Quotation marks and brackets without a partner, and the balanced near-misses."""

import pytest

from tests.review.checking import text_findings, texts

# --- quotation marks and brackets -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("He said: “We will not give in. Then he left.", ["“"]),
        ("He said: We will not give in.” Then he left.", ["”"]),
        ('He said: "We will not give in. Then he left.', ['"']),
        ("“We will not give in.\n\nThen he left.", ["“"]),  # the next paragraph does not reopen the quote
        ("“We will not give in.\n\n“Not today,” he said.\n\nThen “he left.", ["“"]),
        ("He said: \u2018We will not give in.\n\nThen he left.", ["\u2018"]),
        ("The report (published on Monday says little.", ["("]),
        ("The report published on Monday) says little.", [")"]),
        ("The report [published (on Monday] says little.", ["("]),
        ("The report (published on Monday] says little.", ["(", "]"]),
    ],
)
def test_unbalanced_marks_are_found(body, expected):
    found = text_findings("unbalanced-quotes", body=body) + text_findings("unbalanced-brackets", body=body)
    assert sorted(f.text for f in found) == sorted(expected)


@pytest.mark.parametrize(
    "body",
    [
        "“We will not give in,” he said. “Not today.”",
        # A quotation that spans paragraphs: open at the end, reopened in the next one (news convention).
        "He said: “We will not give in.\n\n“We will fight on. And we will win.”",
        "> “We will not give in.\n\n> “Nor will we stop.”",
        "Ukraine\u2019s army and the soldiers\u2019 rifles are old.",  # apostrophes
        "He called it \u2018safe\u2019 twice.",
        # British style, single quotation marks spanning paragraphs.
        "\u2018We will not give in.\n\n\u2018Nor will we stop,\u2019 he said.",
        "Rock \u2018n\u2019 roll in the \u201990s.",
        "He is 5'11\" tall and weighs 80 kg.",  # feet and inches
        # A quotation closing after a digit, and an inch mark inside a quotation:
        '"Six shells hit posts 250 and 251", said KCNA. "He is 6\'2" tall", it added.',
        "German quotes: „Wir geben nicht auf“, sagte er. Und »so« weiter.",
        "The options are a) wait, b) pay or c) leave.",  # a list
        "1) Wait.\n2) Pay.",
        "The report (published on Monday) says little [sic].",
        "Growth was 3.5 percent (after 2.1).",
    ],
)
def test_balanced_marks_near_misses(body):
    assert texts("unbalanced-quotes", body=body) == []
    assert texts("unbalanced-brackets", body=body) == []


def test_unbalanced_marks_point_into_their_field():
    found = text_findings("unbalanced-quotes", teaser="The minister said “no to the plan.", body="")
    assert [(finding.field, finding.start, finding.text) for finding in found] == [("teaser", 18, "“")]
