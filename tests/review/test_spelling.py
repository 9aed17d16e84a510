# ruff: noqa: RUF001
"""Spelling with Hunspell dictionaries: misspellings and glued words found, names and foreign terms left alone."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.review import spelling
from articles.review.dictionaries import dictionary_names, speller
from tests.review.checking import text_findings, texts


@pytest.mark.parametrize(
    ("body", "word", "fix"),
    [
        ("We will recieve the report on Friday.", "recieve", "receive"),
        ("It was definately the last vote.", "definately", "definitely"),
        ("The goverment said nothing.", "goverment", "government"),
        ("Most ofthe members agreed.", "ofthe", "of the"),
        ("Merkel arrived late. Merkelsaid the talks were over.", "Merkelsaid", "Merkel said"),
        ("Recieve the papers, the clerk said.", "Recieve", "Receive"),
    ],
)
def test_misspellings_are_found_with_their_obvious_correction(body, word, fix):
    (finding,) = text_findings("spelling", body=body)
    assert (finding.text, finding.fix) == (word, fix)


def test_one_finding_per_word_with_every_place():
    (finding,) = text_findings("spelling", body="They recieve it.\n\nWe recieve it too. You recieve nothing.")
    assert finding.text == "recieve"
    assert len(finding.more) == 2


@pytest.mark.parametrize(
    "body",
    [
        "Kharkiv was shelled again, officials in Belgorod said.",  # names inside sentences
        "Zelensky said the talks would go on. Zelensky left.",  # a name at a sentence start the piece uses
        "Ursula von der Leyen met Leonardo da Vinci's heirs.",  # name particles
        "NATO and the EU met; the UNHCR and iPhone makers too.",  # acronyms and brands
        "See https://example.org/recieve-forms or write to press@exampel.com.",  # addresses
        "The so-called “Zeitenwende” and *Energiewende* changed Germany.",  # quoted foreign terms
        "He scored in the 87th minute of the 2023/24 season, in the U-21 side.",  # numbers
        "Shares fell 3.5pc after the co-operation ended.",  # glued to numbers, compounds
        "The minister's aides didn’t comment on the children's centre.",  # apostrophes
        "The organisation's colour and the organization's color both pass.",  # British and American
        "They call for the iodisation of salt, assessed meritocratically.",  # iodise, meritocratic
        "Some ideologized supporters watched the first matchup, a spinoff.",  # ideology; match, spin
        "Theres [sic] something in the hilarious anarchy of the net.",  # the writer marked the slip
        "Kiara Perkins was there. Instituto Gonzaga, a school in Milan.",  # a full name opening a sentence
        "The Partido Revolucionario Institucional (PRI) won.",  # a name before its acronym
    ],
)
def test_names_numbers_addresses_and_foreign_terms_are_not_misspellings(body):
    assert texts("spelling", body=body) == []


def test_derivations_accept_only_regular_forms_of_known_words():
    assert texts("spelling", body="Leaving a lifehood of slavery, they gaveup.") == ["lifehood", "gaveup"]


def test_an_unknown_name_opening_a_sentence_is_not_a_misspelling():
    assert texts("spelling", body="Tsikhanouskaya arrived in Vilnius on Monday.") == []


def test_the_newsroom_dictionary_accepts_its_words():
    assert texts("spelling", body="The kitewinging season opened.") == ["kitewinging"]
    from articles.models import Article
    from articles.review.checks import Checker
    from tests.review.checking import RULES, TODAY

    checker = Checker(severities={}, rules=RULES, today=TODAY, words={"en": frozenset({"kitewinging"})})
    found = checker.run(Article(headline="Kitewinging", body="The kitewinging season opened."))
    assert [finding for finding in found if finding.code == "spelling"] == []


def test_the_pieces_language_picks_the_dictionary():
    assert dictionary_names("en") == ("en/en_GB", "en/en_US")
    assert dictionary_names("en-GB") == ("en/en_GB",)
    assert dictionary_names("de-AT") == ("de/de_AT",)
    assert dictionary_names("de-LI") == ("de/de_DE",)  # the base language
    assert dictionary_names("xx") == ("en/en_GB", "en/en_US")  # English when there is none
    british = speller("en-gb")
    assert british.known("colour") and not british.known("color")
    assert speller("en").known("color")


def test_hunspell_answers_what_the_expanded_forms_do_not():
    english = speller("en")
    # Hunspell's own rules (compounds, ordinals) stay behind the fast word set.
    assert english.known("21st")
    assert not english.known("recieve")
    assert english.correction("teh") == "the"


PIECES = [*"ab .\n*_@#:/w“”„«»\"‘’'-", "com", "www.", "://", ".de", "word", "Name"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.data())
def test_a_text_without_addresses_or_markup_spares_nothing(text, data):
    """The shortcut for plain prose never changes what is spared."""
    if not text or spelling._may_spare(text):
        return
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    assert not spelling._spared(text, start, end)


def _nonsense(count: int) -> list[str]:
    """Distinct made-up words no dictionary or word list knows ("bzoqex", ...)."""
    consonants, vowels = "bzqxkvj", "oeiu"
    return [
        consonants[n % 7] + "z" + vowels[n // 7 % 4] + consonants[n // 28 % 7] + vowels[n % 4] + "x"
        for n in range(count)
    ]


def test_a_text_mostly_of_unknown_words_is_not_prose_to_check():
    """Another language, a code listing, typing tests: more than half of the distinct words unknown says so."""
    body = " ".join(_nonsense(60)) + ". The minister said so."
    assert text_findings("spelling", body=body) == []


def test_a_long_piece_with_many_unknown_words_is_still_checked():
    known = sorted(form for form in speller("en").forms if form.isalpha() and form.islower() and 6 <= len(form) <= 8)
    words = known[:: len(known) // 120][:120] + _nonsense(45)
    findings = text_findings("spelling", body=" ".join(words) + ".")
    assert {finding.text for finding in findings} >= set(_nonsense(45)[1:])  # the first word opens the sentence
