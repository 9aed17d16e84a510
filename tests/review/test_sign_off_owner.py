"""The sign-off check names whose sign-off it is; a checker built without the database never asks it."""

from articles.models import Article
from articles.review.checks import Checker
from tests.review.checking import RULES, TODAY


def sign_off_messages(checker: Checker, body: str) -> list[tuple[str, str]]:
    found = checker.run(Article(headline="Ferry", body=body))
    return [(finding.severity, finding.message) for finding in found if finding.code == "sign-off"]


def test_a_colleagues_sign_off_is_named_and_blocks():
    checker = Checker(severities={}, rules=RULES, today=TODAY, authors={"TMU": "Tom Muster"})
    assert sign_off_messages(checker, "The ferry left. (tmu)") == [
        ("blocking", "The sign-off (tmu) belongs to Tom Muster, who is not on the byline.")
    ]


def test_without_the_database_an_unknown_sign_off_matches_no_author():
    # No django_db mark: a query here would fail the test.
    checker = Checker(severities={}, rules=RULES, today=TODAY)
    assert sign_off_messages(checker, "(fmu)") == [("blocking", "The sign-off (fmu) matches no author.")]
