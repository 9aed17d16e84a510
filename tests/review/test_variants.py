"""The same word spelled two ways in one piece."""

from tests.review.checking import text_findings, texts


def test_the_rarer_spelling_is_reported_with_the_other_as_fix():
    body = "The organisation met. The organisation voted. Later the organization left."
    (finding,) = text_findings("spelled-two-ways", body=body)
    assert (finding.text, finding.fix) == ("organization", "organisation")


def test_pairs_without_a_rule_and_a_tie():
    (finding,) = text_findings("spelled-two-ways", body="The artefacts were old; the artifacts were new.")
    assert (finding.text, finding.fix) == ("artifacts", "artefacts")


def test_one_spelling_names_and_different_words_are_fine():
    assert texts("spelled-two-ways", body="The organisation met the organisation's board.") == []
    assert texts("spelled-two-ways", body="The Labor Party met over the labour market.") == []
    assert texts("spelled-two-ways", body="A licence to practise: they license and practice.") == []


def test_a_word_opening_a_sentence_counts_and_inner_endings_too():
    body = "Colourful lantern scenes fill the square.\n\nThe colorful dragon, a favourite, and favorite pigs."
    found = text_findings("spelled-two-ways", body=body)
    assert sorted((finding.text, finding.fix) for finding in found) == [
        ("colorful", "colourful"),  # a tie: the later spelling is reported
        ("favorite", "favourite"),
    ]
