"""Run-together sentences: found where a full stop is missing, names and titles left alone."""

import pytest

from tests.review.checking import text_findings, texts

# --- run-together sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ukraine struck targets on the mainland and the Crimea The missiles have a range of 300 km.", "Crimea The"),
        ("It is popular in some countries of the NATO On the other hand, there is doubt.", "NATO On"),
        ("The council met until late it was agreed In the end the budget passed.", "agreed In"),
        ("Prices rose sharply However, wages did not.", "sharply However"),
        ("Prices rose sharply However, Berlin did not react.", "sharply However"),
        ("The vote was close A recount was ordered.", "close A"),
        ("Growth was 3.5 The figure surprised analysts.", "3.5 The"),
        ("Turnout was 61.2% The highest since 1992.", "61.2% The"),
        ("They met at the White House On Friday the two leaders agreed.", "House On"),  # a date after it
        ("Talks ended in the Crimea The missiles, however, stay.", "Crimea The"),
    ],
)
def test_run_together_sentences_are_found(body, expected):
    assert texts("run-together", body=body) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "The court in The Hague ruled on Monday.",  # a name
        "The judges of The Hague court ruled on Monday.",
        "He bought a burger at In-N-Out and drove on.",  # a name with hyphens
        "He served in the U.S. Army until 2010.",  # an abbreviation
        "© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa",
        "The Pentagon spokesman said: The policy has not changed.",  # after a colon
        "The spokesman said: “The policy has not changed.”",  # an opening quotation mark
        "Inflation rose to 3.5 percent in May.",  # a number
        "She told The Guardian that she would stay.",  # a newspaper
        "The film All Quiet On the Western Front won four awards.",  # a title in title case
        "We watched Gone With the Wind again.",
        "Flooding hit Southend On Sea on Monday.",
        "They tested for vitamin A deficiency in the region.",  # a letter, not an article
        "Investors bought Class A shares and Type A funds.",
        "Under Plan A the city would pay.",
        "The list:\n- The first point\n- The second point",  # a list, one item per line
        "The plan — The council says — is ready.",  # dashes
        "He said it (The plan was his) and left.",  # a bracket
        "Life In the Trenches\n\nThe trenches were cold.",  # a subheading in title case
        "I said I would come.",
        "The talks failed; The delegates left.",  # a semicolon closes a sentence too
        "Stephen King\u2019s It was a bestseller.",  # a title after a possessive
        "Fans of the Rolling Stones The Who and The Kinks gathered.",  # band names
        "The New York Times and The Wall Street Journal ran the story.",
        "The film Born On the Fourth of July won.",
        "## Talks Resume On Monday in the capital\n\nThe talks resume.",  # a subheading in title case
        "The bill passed 52-48 The Senate adjourned.",  # unsure (a name follows): left alone
        "The talks will resume On Monday In Geneva.",  # a date followed by a name: left alone
        "District councillor Wilson Or was elected with 51,516 votes.",  # a surname, not "Or"
    ],
)
def test_run_together_near_misses(body):
    assert texts("run-together", body=body) == []


def test_run_together_is_checked_in_teaser_and_captions_not_in_the_headline():
    assert [f.field for f in text_findings("run-together", headline="Crimea The Missiles are here")] == []
    assert [f.field for f in text_findings("run-together", teaser="Talks failed on Monday The talks go on.")] == [
        "teaser"
    ]
