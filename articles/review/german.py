"""Review rules for German copy: run-together sentences, quotation-mark styles and confusable words.

German capitalises every noun, so the English run-together rule ("…the Crimea The missiles…")
cannot simply be reused: a capital letter after a lowercase word is ordinary German. What is
not ordinary is a capitalised *function word* (article, pronoun, conjunction, preposition)
right after a word that could end a sentence: "…in der Ukraine Die Raketen…". Those words are
lowercase inside a sentence, except in names ("die Partei Die Linke", "der Straße Am Markt"),
which the rules below step around.

German quotes with „…“ (or »…«); a piece should keep to one style. Confusables are real
words used in the wrong place ("seid Jahren", "der Tot"), which no dictionary finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, FieldText, Run, quoted, word_set

GERMAN = "de"


def piece_language(run: Run) -> str:
    """The piece's base language ("de" for "de-AT"); English when the piece does not say."""
    language = getattr(run, "language", "") or getattr(run.article, "language", "") or "en"
    return language.split("-")[0].casefold()


def is_german(run: Run) -> bool:
    return piece_language(run) == GERMAN


# ---------------------------------------------------------------------------
# What German web pages leave behind when copied (whole lines), beside the English list in `debris`.

DEBRIS_RE = re.compile(
    r"(?:drucken\s+)?teilen|drucken|artikel\s+(?:teilen|drucken|vorlesen)|vorlesen|link\s+kopier(?:en|t)"
    r"|zur\s+startseite|nach\s+oben|weiterlesen|mehr\s+anzeigen|mehr\s+zum\s+thema(?:\s*:.*)?"
    r"|(?:lesen\s+sie\s+auch|auch\s+interessant|das\s+könnte\s+sie\s+auch\s+interessieren)\s*:.*"
    r"|kommentare?(?:\s+\(\d+\))?|\d+\s+kommentare?|jetzt\s+abonnieren|zum\s+newsletter.*"
    r"|bildergalerie|video\s+abspielen|lesezeit:?\s+.*|\d+\s+min\.?\s+lesezeit",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# Repeated words that are good German: "Menschen, die die Tat gesehen haben", "weil sie sie kannte".

ALLOWED_REPEATS = word_set("die der das den sie")


# ---------------------------------------------------------------------------
# Run-together sentences.

# Words that are written lowercase inside a German sentence, so a capitalised one after a word
# that can end a sentence opens a new one. Not "Sie", "Ihr", "Ihnen": the polite address is
# capitalised anywhere. Not words that double as nouns when capitalised ("das Aus", "das Für").
SENTENCE_STARTERS = word_set(
    """
    Der Die Das Dem Den Des Ein Eine Einer Einen Einem Eines Er Es Wir Man Dies Diese Dieser Dieses Diesen
    Damit Dabei Dadurch Danach Daher Darauf Darüber Deshalb Dort Doch Denn Dann Aber Und Auch Allerdings
    Außerdem Zudem Trotzdem Jedoch Nun Jetzt Bereits Zuvor Zuletzt Später Seit Nach Bei Mit Am Im Auf
    Als Wenn Weil Obwohl Während Laut Nachdem Bis Zum Zur Vom Beim Wie Was Wer Warum Viele Einige
    Mehrere Alle Unter Gegen Ohne Durch In Immer Inzwischen Mittlerweile Demnach Dafür Dagegen Hier
    """
)
# A sentence does not end in an article, a preposition or a conjunction: "das Aus", "und Am Ende".
NOT_SENTENCE_END = word_set(
    """
    der die das dem den des ein eine einer einen einem eines und oder aber sowie als wie
    in im an am auf aus bei mit nach von vom vor zu zum zur für über unter um durch gegen ohne seit bis
    """
)
# Names that open with a capitalised article or preposition: parties, papers, streets, places.
NAME_OPENERS = {
    "Die": word_set("Linke Grünen Zeit Welt Presse Partei Tageszeitung Familie Fantastischen Ärzte Toten"),
    "Der": word_set("Spiegel Standard Tagesspiegel Freitag Westen Osten"),
    "Das": word_set("Erste Parlament"),
}
# "an der Straße Am Finanzamt", "Hotel Zur Post", "Platz Der Republik": a name follows.
NAME_HOLDERS = word_set(
    """
    Straße Str Weg Gasse Allee Platz Ring Damm Ufer Markt Hotel Gasthof Gasthaus Restaurant Café Haus
    Apotheke Schule Gymnasium Kirche Kapelle Siedlung Viertel Park Gut Hof Mühle Brücke Tor
    Film Buch Roman Album Lied Song Serie Sendung Zeitung Zeitschrift Magazin Gruppe Band Stück Oper
    """
)
_WORD_EDGE = "\"'“”„«»()[]{}*_\u201a\u2018\u2019"  # and the single low, left and right quotation marks
STARTER_RE = re.compile(r"[ \t](?P<starter>[A-ZÄÖÜ][a-zäöüß]*)(?=[ \t]+(?P<next>[^\s]+))")


def run_together(text: str) -> Iterator[tuple[int, int]]:
    """Spans "<last word> <Starter>" where a full stop seems to be missing, in German text."""
    for match in STARTER_RE.finditer(text):
        starter = match["starter"]
        if starter not in SENTENCE_STARTERS:
            continue
        gap = match.start()
        while gap and text[gap - 1] in " \t":
            gap -= 1
        if not gap or not text[gap - 1].isalnum():
            continue  # a full stop, colon, quotation mark, bracket or dash before it; or a new line
        line_start = text.rfind("\n", 0, gap) + 1
        if text[line_start:gap].lstrip().startswith("#"):
            continue  # a subheading
        previous_start = max(text.rfind(" ", 0, gap), text.rfind("\t", 0, gap), line_start - 1) + 1
        previous = text[previous_start:gap].strip(_WORD_EDGE)
        if not previous or previous.casefold() in NOT_SENTENCE_END or previous in NAME_HOLDERS:
            continue
        if previous.isupper() and len(previous) > 1:
            continue  # an acronym opening a name: "ZDF Die Anstalt"
        following = match["next"].strip(_WORD_EDGE + ".,;:!?")
        if following in NAME_OPENERS.get(starter, ()):
            continue
        yield previous_start, match.end("starter")


# ---------------------------------------------------------------------------
# Quotation-mark styles.

GERMAN_QUOTES, GUILLEMETS, ENGLISH_QUOTES, STRAIGHT_QUOTES = "„…“", "»…«", "“…”", '"…"'


QUOTE_RE = re.compile('[„“»«"]')


def _quote_styles(text: str) -> Iterator[tuple[int, str]]:
    """(offset, style) of every opening double quotation mark."""
    german_open = straight_open = guillemet_seen = False
    for match in QUOTE_RE.finditer(text):
        position, char = match.start(), match.group()
        if char == "„":
            german_open = True
            yield position, GERMAN_QUOTES
        elif char == "“":
            if german_open:
                german_open = False  # the closing mark of „…“
            else:
                yield position, ENGLISH_QUOTES
        elif char in "»«":
            # »…« and the Swiss «…» are one style: only the first mark of the text counts.
            if not guillemet_seen:
                yield position, GUILLEMETS
            guillemet_seen = True
        else:
            if not straight_open and not (position and text[position - 1].isdigit()):
                yield position, STRAIGHT_QUOTES
            straight_open = not straight_open


def check_quote_style(run: Run) -> None:
    """German pieces quote in one German style: „…“ or »…«, never mixed, never “…” or "…"."""
    if not is_german(run):
        return
    first: dict[str, tuple[FieldText, int]] = {}
    for source in run.texts_of("kicker", "headline", "teaser", "body", CAPTION):
        for position, style in _quote_styles(source.text):
            first.setdefault(style, (source, position))
    german_styles = [style for style in (GERMAN_QUOTES, GUILLEMETS) if style in first]
    house = min(german_styles, key=lambda style: _order(first[style])) if german_styles else GERMAN_QUOTES
    for style, (source, position) in first.items():
        if style == house:
            continue
        if style in (GERMAN_QUOTES, GUILLEMETS):
            message = _("Quotation marks in two styles: %(house)s and %(other)s. Keep to one.")
        else:
            message = _("German copy quotes with %(house)s, not with %(other)s.")
        run.report_at(source, position, position + 1, message % {"house": house, "other": style})


def _order(place: tuple[FieldText, int]) -> tuple[int, int]:
    source, position = place
    return (0 if source.field != CAPTION else 1, position)


# ---------------------------------------------------------------------------
# Confusables: real words in the wrong place, which a dictionary accepts.

TIME_WORDS = (
    r"(?:Jahren|Jahrzehnten|Monaten|Wochen|Tagen|Stunden|Minuten|gestern|heute|langem|kurzem|Kurzem|Langem"
    r"|dem|der|einem|einer|Beginn|Anfang|Ende|Mitte|\d)"
)
# (a literal every match contains, for a cheap test first; the pattern; the right word)
CONFUSABLES: tuple[tuple[str, re.Pattern, str], ...] = (
    # "seid Jahren" → "seit Jahren" (seid: "ihr seid").
    ("eid ", re.compile(rf"\b(?P<wrong>[Ss]eid)(?=\s+{TIME_WORDS})"), "seit"),
    # "ihr seit" → "ihr seid".
    ("hr seit", re.compile(r"\b[Ii]hr\s+(?P<wrong>seit)\b(?!\s+" + TIME_WORDS + ")"), "seid"),
    # "der Tot", "zum Tot" → "Tod" (the noun); "tot" is the adjective.
    (
        "Tot",
        re.compile(r"\b(?i:der|den|dem|zum|vom|nach\s+dem|bis\s+zum|seinen|ihren|seinem|ihrem)\s+(?P<wrong>Tot)\b"),
        "Tod",
    ),
    # "ist tod", "tod aufgefunden" → "tot".
    (
        "tod",
        re.compile(
            r"\b(?:ist|sind|war|waren|wurde|wurden|sei|seien|für)\s+(?P<wrong>tod)\b"
            r"|\b(?P<wrong2>tod)(?=\s+(?:aufgefunden|geborgen))"
        ),
        "tot",
    ),
    # "Ende diesen Jahres" → "dieses Jahres".
    ("diesen", re.compile(r"\b(?:Ende|Anfang|Mitte|Beginn)\s+(?P<wrong>diesen)(?=\s+(?:Jahres|Monats))"), "dieses"),
    # "wieder Willen" → "wider Willen".
    ("Willen", re.compile(r"\b(?P<wrong>wieder)(?=\s+Willen\b)"), "wider"),
)


def check_confusables_german(run: Run) -> None:
    if not is_german(run):
        return
    for source in run.texts_of("kicker", "headline", "teaser", "body", CAPTION):
        for literal, pattern, right in CONFUSABLES:
            if literal not in source.text:
                continue
            for match in pattern.finditer(source.text):
                group = "wrong" if match["wrong"] is not None else "wrong2"
                start, end = match.span(group)
                run.report_at(
                    source,
                    start,
                    end,
                    _("Write %(right)s here, not %(wrong)s.") % {"right": quoted(right), "wrong": quoted(match[group])},
                )
