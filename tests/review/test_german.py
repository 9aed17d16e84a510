"""German copy: no false findings on real German news, and every seeded defect is found.

The corpus under tests/data/german_corpus holds real German Wikinews articles (CC BY 2.5; their
sources are listed in SOURCES.md). The checks run with the house style seeded by the migrations.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from articles.models import Article, StyleRule
from articles.review.checks import Checker, Finding
from articles.review.german import run_together

CORPUS = Path(__file__).resolve().parents[1] / "data" / "german_corpus"
FILES = sorted(CORPUS.glob("*.txt"))
TODAY = datetime.date(2026, 11, 25)
# Checks about what a piece lacks (section, byline, sign-off) or how long its parts are: the corpus
# excerpts are not whole pieces, so those say nothing about German text.
NOT_ABOUT_TEXT = ("required", "headline-length", "teaser-length", "sign-off")

pytestmark = pytest.mark.django_db


def german_piece(text: str, language: str = "de") -> Article:
    """Headline, teaser and body from a corpus file: first line, second paragraph, the rest."""
    headline, teaser, *body = text.strip().split("\n\n")
    return Article(headline=headline, teaser=teaser, body="\n\n".join(body), dateline="Berlin", language=language)


def findings(article: Article) -> list[Finding]:
    rules = StyleRule.objects.filter(is_active=True).values_list("wrong", "right", "language")
    checker = Checker(severities=dict.fromkeys(NOT_ABOUT_TEXT, "off"), rules=rules, today=TODAY)
    return checker.run(article)


def test_the_corpus_has_ten_real_articles_with_their_sources():
    sources = (CORPUS / "SOURCES.md").read_text()
    assert len(FILES) >= 10
    for path in FILES:
        assert path.name in sources
        assert len(path.read_text().split()) > 60, path.name


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_no_finding_on_real_german_news(path):
    found = findings(german_piece(path.read_text()))
    assert [(finding.code, finding.text, finding.message) for finding in found] == []


def seeded(name: str, old: str, new: str) -> Article:
    text = (CORPUS / name).read_text()
    assert old in text, "the seed must change the text"
    return german_piece(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("name", "old", "new", "code", "text"),
    [
        # A full stop lost between two sentences.
        (
            "01_greifswald_feuerwehr.txt",
            "Streik gekommen. Rund 40",
            "Streik gekommen Die rund 40",
            "run-together",
            "gekommen Die",
        ),
        ("06_brockhaus_verkauf.txt", "verkauft. Dies teilte", "verkauft Dies teilte", "run-together", "verkauft Dies"),
        # A word typed twice; capitalised nouns count too.
        (
            "07_weihnachtsstuerme.txt",
            "entschied die Transportbehörde",
            "entschied die Transportbehörde Transportbehörde",
            "repeated-word",
            "Transportbehörde Transportbehörde",
        ),
        ("02_dortmund_schalke.txt", "hat das Revierderby", "hat hat das Revierderby", "repeated-word", "hat hat"),
        # „…“ left open.
        ("08_sommertollwood.txt", "„Schöne Aussichten“.", "„Schöne Aussichten.", "unbalanced-quotes", "„"),
        # »…« and „…“ in one piece.
        ("10_kepler_452b.txt", "„Kepler-452“ handelt", "»Kepler-452« handelt", "quote-style", "»"),
        # English quotation marks in German copy.
        ("08_sommertollwood.txt", "„Pump up the Jam“", "“Pump up the Jam”", "quote-style", "“"),
        # A misspelling and a house spelling (seeded rules for German copy).
        (
            "06_brockhaus_verkauf.txt",
            "noch die Zustimmung des Bundeskartellamts",
            "noch die Vorraussetzung der Zustimmung des Bundeskartellamts",
            "style-spelling",
            "Vorraussetzung",
        ),
        ("07_weihnachtsstuerme.txt", "Bäume blockierten", "Bäume blokierten", "spelling", "blokierten"),
        # Page furniture pasted with the text.
        (
            "03_hessen_kommunalwahl.txt",
            "\n\nAuch CDU und SPD",
            "\n\nDrucken Teilen\n\nAuch CDU und SPD",
            "web-debris",
            "Drucken Teilen",
        ),
        (
            "05_gabriel_solidaritaet.txt",
            "\n\nParteichef Sigmar Gabriel",
            "\n\nMehr zum Thema: Landtagswahlen 2016\n\nParteichef Sigmar Gabriel",
            "web-debris",
            "Mehr zum Thema: Landtagswahlen 2016",
        ),
        # A real word in the wrong place.
        ("10_kepler_452b.txt", "seit 2009 im Rahmen", "seid 2009 im Rahmen", "confusables", "seid"),
        # Issue #26: slips a German copy editor catches and a dictionary does not.
        (
            "03_hessen_kommunalwahl.txt",
            "Wahlergebnis erzielte",
            "Wahlergebniserzielte",
            "glued-words",
            "Wahlergebniserzielte",
        ),
        (
            "08_sommertollwood.txt",
            "wurde ein Spanferkel gedreht.",
            "wurde ein Spanferkel gedreht wurde.",
            "missing-word",
            "wurde ein Spanferkel gedreht wurde",
        ),
        (
            "03_hessen_kommunalwahl.txt",
            "einen zusätzlichen Sitz",
            "einen zusätzlich Sitz",
            "agreement",
            "einen zusätzlich Sitz",
        ),
        (
            "04_tschechien_wahlen.txt",
            "Bei der Bürgermeisterwahl in Prag lag",
            "Bei der Bürgermeisterwahl in Prag, lag",
            "intro-comma",
            "Bei der Bürgermeisterwahl in Prag,",
        ),
        (
            "08_sommertollwood.txt",
            ". Am Samstag war",
            ". Am Samstag um 14.30 Uhr und um 16:45 Uhr war",
            "time-format",
            "16:45",
        ),
        (
            "09_appartawards.txt",
            "Sonderpreis Game Art prämiert.",
            "Sonderpreis Game Art prämiert",
            "paragraph-end",
            "prämiert",
        ),
    ],
)
def test_seeded_defects_are_found(name, old, new, code, text):
    found = [(finding.code, finding.text) for finding in findings(seeded(name, old, new))]
    assert (code, text) in found


@pytest.mark.parametrize(
    "text",
    [
        "Die Partei Die Linke stimmte dagegen.",
        "Er betreibt ein Ladenlokal an der Straße Am Finanzamt in Völklingen.",
        "Können Sie das bestätigen, fragte der Reporter Herrn Müller.",
        "Das Aus für die Pipeline kam überraschend.",
        "Im Juni Die Grünen, im Juli die SPD: Alle legten Pläne vor.",
        "Der ukrainische Präsident Wolodymyr Selenskyj dankte der Regierung.",
    ],
)
def test_german_run_together_leaves_names_and_ordinary_prose_alone(text):
    assert list(run_together(text)) == []


def test_german_rules_stay_out_of_english_pieces():
    english = Article(
        headline="Talks in Kyiv", teaser="", body="The mayor of Kyjiw said: “Stay inside.”", language="en"
    )
    codes = {finding.code for finding in findings(english)}
    assert "quote-style" not in codes
    assert "style-spelling" not in codes  # "Kyjiw" is a German house spelling only
    english.body = "The mayor of Kiev spoke."
    assert ("style-spelling", "Kiev") in [(finding.code, finding.text) for finding in findings(english)]


def test_german_pieces_use_the_german_run_together_rule():
    piece = Article(
        headline="Titel", teaser="", body="Die Raketen trafen die Krim Die Angriffe dauerten an.", language="de"
    )
    assert [(finding.code, finding.text) for finding in findings(piece)] == [("run-together", "Krim Die")]


def test_the_german_corpus_is_split_like_the_english_one():
    """The same rule as tests/review/corpus.py: a third of the files, by the hash of their names, is held out."""
    from tests.review.corpus import held_out_pieces

    assert [path.name for path in held_out_pieces(FILES)] == [
        "06_brockhaus_verkauf.txt",
        "08_sommertollwood.txt",
        "10_kepler_452b.txt",
    ]
