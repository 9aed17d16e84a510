"""The review assistant as a whole: the corpus article, clean copy full of near-misses, any text."""

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.review import checks
from articles.review.checks import Checker, blocking_findings, run_checks
from tests.review.checking import RULES, TODAY

# --- the corpus article -----------------------------------------------------------------------


def import_corpus(path) -> Article:
    call_command("import_article", str(path), verbosity=0)
    return Article.objects.get()


@pytest.mark.django_db
def test_the_corpus_article_gets_exactly_the_findings_an_editor_expects(corpus_article):
    article = import_corpus(corpus_article)
    found = [(finding.code, finding.severity, finding.field, finding.text) for finding in run_checks(article)]
    assert found == [
        ("required", "blocking", "headline", ""),
        ("style-spelling", "warning", "dateline", "Kiev"),
        ("style-inconsistent", "warning", "body", "Kyiv"),
        ("run-together", "warning", "body", "Crimea The"),
        ("run-together", "warning", "body", "NATO On"),
        ("image-file", "blocking", "placements", ""),
        ("image-alt-text", "blocking", "placements", ""),
    ]
    assert len(blocking_findings(article)) == 3


# --- all the near-misses together ----------------------------------------------------------------

CLEAN_COPY = """The court in The Hague ruled on Monday. A spokesman for the U.S. Army, Sgt. 1st Class Andrew \
Dickson, said: The ruling changes nothing. Inflation rose to 3.5 percent in May (after 2.1 percent in April).

He said: \u201cWe will not give in. We will rebuild every village.

\u201cAnd we will not forget,\u201d he added. Later he ate at In-N-Out with aides from Kyiv.

## What happens next

The council listed three steps:

- The budget is frozen.
- The talks resume on Friday.
- The vote follows in spring.

The options are a) wait, b) pay or c) leave. He had had enough; she said that that was wrong."""


def test_clean_copy_full_of_near_misses_has_no_findings_at_all():
    article = Article(
        headline="Court rules on the harbour dispute",
        teaser="The court in The Hague has ruled on the harbour dispute; both sides say they accept it.",
        dateline="The Hague",
        body=CLEAN_COPY,
    )
    found = Checker(severities={}, rules=RULES, today=TODAY).run(article)
    assert [(finding.code, finding.text) for finding in found if finding.code != "required"] == []

    article.body = CLEAN_COPY.replace("He had had enough;", "He left the Crimea The talks ended;")
    found = Checker(severities={}, rules=RULES, today=TODAY).run(article)
    assert [(finding.code, finding.text) for finding in found if finding.code != "required"] == [
        ("run-together", "Crimea The")
    ]


# --- any text at all ----------------------------------------------------------------------------

# Pieces of news copy, glued at random: letters, punctuation, quotes, names, starters, sign-offs.
news_text = st.lists(
    st.sampled_from(
        [
            *"aeiouKTNkynst .,:;!?-()[]\"'\n“”„«»",
            "\u2018",
            "\u2019",
            "The ",
            "On ",
            "Kiev",
            "Kyiv",
            "(fmu)",
            "  ",
            "## ",
        ]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(headline=news_text, teaser=news_text, body=news_text)
def test_any_text_gives_findings_whose_spans_point_at_their_text(headline, teaser, body):
    article = Article(headline=headline, teaser=teaser, body=body, dateline="Kiev")
    for finding in Checker(severities={}, rules=RULES, today=TODAY).run(article):
        assert finding.code in checks.CHECKS_BY_CODE and finding.message
        for span in ((finding.field, finding.start, finding.end), *((s.field, s.start, s.end) for s in finding.more)):
            field, start, end = span
            if start is None:
                continue
            text = getattr(article, field)
            assert 0 <= start < end <= len(text)
        if finding.start is not None:
            assert getattr(article, finding.field)[finding.start : finding.end] == finding.text
