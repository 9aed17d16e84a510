# ruff: noqa: RUF001
"""German slips a copy editor catches and a dictionary does not (issue #26).

- Two words glued where the second is a verb: "dem Stadtratbeschloss" (Stadtrat beschloss), "des
  Bahnhofsgebäudesbrannte". The compound rule of the spelling check accepts any two known words, so a
  capitalised word ending in a word that is only ever a verb or adverb (never a noun) is looked at here.
- A verb left over by an edit: "sollen drei Autos beschädigt sollen" (the same auxiliary twice in one
  clause; German sets commas around every clause, so two in one stretch without a comma or "und" is a slip).
- Case and agreement: an adjective without its ending between an article and its noun ("durch einen laut
  Knall"); a plural subject opening a sentence with a singular verb ("Die Kinder spielt").
- A comma between an introductory phrase and its verb ("Wegen des Sturms, fiel der Strom aus").
- One piece writing times two ways ("14.30 Uhr" and "16:45 Uhr").
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from django.utils.translation import gettext as _

from articles.review import frequencies
from articles.review.dictionaries import speller
from articles.review.findings import CAPTION, FieldText, Run, quoted, word_set
from articles.review.german import is_german

__all__ = ["is_german"]

TEXT_FIELDS = ("headline", "teaser", "body", CAPTION)
CAPITALISED_RE = re.compile(r"(?<![\w\-/@#.])[A-ZÄÖÜ][a-zäöüß]{7,}\b(?!-)")
MIN_PART = 5


@functools.lru_cache(maxsize=65536)
def _glued_split_in(language: str, word: str) -> tuple[str, str] | None:
    """`_glued_split`, remembered per word and process: German copy has many compounds the word
    set lacks, and Hunspell takes half a millisecond per lookup."""
    return _glued_split(word, speller(language))


def _glued_split(word: str, spell) -> tuple[str, str] | None:
    """ "Stadtratbeschloss" -> ("Stadtrat", "beschloss"): a known noun, then a word never written as a noun."""
    forms = spell.forms
    if word in forms:
        return None
    for cut in range(len(word) - MIN_PART, 3, -1):
        left, right = word[:cut], word[cut:]
        if right in forms and right.capitalize() not in forms and (left in forms or _hunspell(spell, left)):
            # Hunspell has the last word on a compound it knows ("Freiwilligen"), and a compound in
            # current use is one word ("Weihnachtsstürme": the storms, not the verb "stürme").
            if _hunspell(spell, word) or frequencies.zipf(word, "de"):
                return None
            return left, right
    return None


def _hunspell(spell, word: str) -> bool:
    return any(dictionary.lookup(word) for dictionary in spell.dictionaries)


def check_glued_words(run: Run) -> None:
    forms = speller(run.language).forms
    for source in run.texts_of(*TEXT_FIELDS):
        for match in CAPITALISED_RE.finditer(source.text):
            if match.group() in forms:
                continue
            split = _glued_split_in(run.language, match.group())
            if split is None:
                continue
            fix = " ".join(split)
            run.report_at(
                source,
                *match.span(),
                _("%(word)s: two words run together; write %(fix)s.")
                % {"word": quoted(match.group()), "fix": quoted(fix)},
                fix=fix,
            )


# ---------------------------------------------------------------------------
# A verb left over by an edit.

AUXILIARIES = word_set(
    "soll sollen sollte sollten wurde wurden wird werden hat haben hatte hatten ist sind war waren kann können"
    " konnte konnten muss müssen musste mussten will wollen wollte wollten darf dürfen"
)
# Two of the same auxiliary at most this many words apart, in one stretch without a comma.
DOUBLED_RE = re.compile(
    r"\b(?P<verb>" + "|".join(sorted(AUXILIARIES, key=len, reverse=True)) + r")\b"
    r"(?P<between>(?:[ \t]+[^\s,;:.!?()„“\"»«–]+){1,6})[ \t]+(?P=verb)\b(?![-\w])"
)
JOINING = word_set("und oder sowie aber sondern als wie bzw noch")


def check_leftover_verb(run: Run) -> None:
    for source in run.texts_of(*TEXT_FIELDS):
        for match in DOUBLED_RE.finditer(source.text):
            if JOINING & set(match["between"].split()):
                continue  # "hat gelacht und hat getanzt": two clauses
            run.report_at(
                source,
                *match.span(),
                _("%(text)s: %(verb)s twice in one clause; one seems left over from an edit.")
                % {"text": quoted(match.group()), "verb": quoted(match["verb"])},
            )


# ---------------------------------------------------------------------------
# Case and agreement.

INFLECTED_ARTICLES = "einen|einem|eines|einer|den|dem|des|diesen|diesem|dieses|keinen|keinem|keines|seinen|seinem"
BARE_ADJECTIVE_RE = re.compile(
    r"\b(?P<article>" + INFLECTED_ARTICLES + r")[ \t]+(?P<adjective>[a-zäöüß]{3,})[ \t]+(?P<noun>[A-ZÄÖÜ][a-zäöüß]{2,})"
    r"(?P<after>[ \t]+[a-zäöüß]+|[ \t]*[,.;:!?])"
)
# Words that stand uninflected before a noun: adverbs, particles, prepositions, invariable adjectives.
NOT_ADJECTIVES = word_set(
    "sehr ganz gar so zu nur noch schon fast rund etwa knapp gut mehr weniger allein bereits erst auch ab an auf"
    " aus bei bis durch für gegen hinter in mit nach neben ohne seit trotz über um unter von vor während wegen"
    " zwischen zum zur beim vom ins im am lila rosa extra super prima online live mal nicht kaum je"
)


def _bare_adjective(adjective: str, after: str, forms: frozenset[str]) -> bool:
    """ "laut" before "Knall": a known word whose inflected forms are known too, and not a preposition's reading."""
    if adjective in NOT_ADJECTIVES or adjective.endswith(("e", "en", "em", "er", "es", "n")):
        return False
    if not all(adjective + ending in forms for ending in ("en", "em", "er")):
        return False
    following = after.strip()
    # "den laut Polizei betrunkenen Fahrer": "laut" a preposition, an inflected adjective follows the noun.
    return not (following[:1].islower() and following.endswith(("en", "em", "er", "es", "e")))


# Plural nouns that open a sentence as its subject; "die" before them can only be plural.
PLURAL_NOUNS = word_set(
    "Kinder Menschen Leute Männer Frauen Eltern Bürger Schüler Einwohner Anwohner Polizisten Beamten Ärzte"
    " Spieler Fans Besucher Zuschauer Mitarbeiter Politiker Soldaten Opfer Täter Häuser Autos Studenten Lehrer"
    " Behörden Ermittler Demonstranten Passagiere Bewohner Feuerwehrleute Einsatzkräfte Retter Gäste Wähler"
)
PLURAL_ENDINGS = ("innen", "ungen", "heiten", "keiten", "schaften", "nisse")
PLURAL_SUBJECT_RE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<subject>Die[ \t]+(?P<noun>[A-ZÄÖÜ][a-zäöüß]+))[ \t]+(?P<verb>[a-zäöüß]{3,}t)\b"
)


def _singular_verb(verb: str, forms: frozenset[str]) -> bool:
    """ "spielt" (spielen): a third-person singular, not a participle ("gespielt") or an adverb ("jetzt")."""
    if verb.startswith("ge") or verb.endswith("st"):
        return False
    return verb[:-1] + "en" in forms and verb[:-1] + "en" != verb


def check_agreement(run: Run) -> None:
    forms = speller(run.language).forms
    for source in run.texts_of(*TEXT_FIELDS):
        text = source.text
        for match in BARE_ADJECTIVE_RE.finditer(text):
            if not _bare_adjective(match["adjective"], match["after"], forms):
                continue
            noun = match["noun"]
            if noun.endswith(("e", "en", "er", "es", "em")) and noun.lower() in forms:
                continue  # a noun made of an adjective or participle: "den schwer Verletzten" is right
            run.report_at(
                source,
                match.start(),
                match.end("noun"),
                _("%(text)s: the adjective %(adjective)s lacks its ending after %(article)s.")
                % {
                    "text": quoted(text[match.start() : match.end("noun")]),
                    "adjective": quoted(match["adjective"]),
                    "article": quoted(match["article"]),
                },
            )
        for match in PLURAL_SUBJECT_RE.finditer(text):
            noun = match["noun"]
            if not (noun in PLURAL_NOUNS or noun.endswith(PLURAL_ENDINGS)) or not _singular_verb(match["verb"], forms):
                continue
            run.report_at(
                source,
                *match.span(),
                _("%(text)s: a plural subject with a singular verb.") % {"text": quoted(match.group())},
            )


# ---------------------------------------------------------------------------
# A comma between an introductory phrase and its verb.

INTRO_RE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<intro>(?:Wegen|Trotz|Nach|Vor|Während|Seit|Bei|Aufgrund|Laut|Gegen|Infolge"
    r"|Angesichts|Dank|Mit|Ohne|Durch|Am|Im|Beim|Zum|Zur|Vom)(?:[ \t]+[^\s,;:.!?()„“\"»«–]+){1,5}),[ \t]+"
    r"(?P<verb>fiel|fielen|ist|war|waren|hat|hatte|hatten|wurde|wurden|wird|werden|kam|kamen|gab|gibt|sind"
    r"|haben|kann|konnte|konnten|soll|sollen|sollte|muss|musste|mussten|will|wollte|geht|ging|gingen|kommt"
    r"|steht|stand|standen|bleibt|blieb|blieben|liegt|lag|lagen|sagte|teilte|meldete|erklärte|berichtete"
    r"|mussten|stieg|sank|brannte|starb|starben|fand|fanden)\b"
)


def check_intro_comma(run: Run) -> None:
    if not is_german(run):
        return
    for source in run.texts_of(*TEXT_FIELDS):
        for match in INTRO_RE.finditer(source.text):
            end = match.end("intro") + 1
            run.report_at(
                source,
                match.start(),
                end,
                _("%(text)s: no comma between an introductory phrase and its verb.")
                % {"text": quoted(source.text[match.start() : end])},
                fix=match["intro"],
            )


# ---------------------------------------------------------------------------
# Times written two ways.

TIME_RE = re.compile(r"\b(?:[01]?\d|2[0-3])(?P<sep>[.:])[0-5]\d(?=[ \t]+Uhr\b)")


def check_time_format(run: Run) -> None:
    if not is_german(run):
        return
    by_style: dict[str, list[tuple[FieldText, int, int]]] = defaultdict(list)
    for source in run.texts_of(*TEXT_FIELDS):
        for match in TIME_RE.finditer(source.text):
            by_style[match["sep"]].append((source, *match.span()))
    if len(by_style) < 2:
        return
    # The style used less often (the later one on a tie) is the slip.
    first, second = sorted(by_style.values(), key=lambda places: (-len(places), places[0][1]))
    (source, start, end), *others = second
    usual = first[0][0].text[first[0][1] : first[0][2]]
    run.report_at(
        source,
        start,
        end,
        _("%(text)s: the piece writes times two ways (also %(usual)s); keep one.")
        % {"text": quoted(source.text[start:end]), "usual": quoted(usual)},
        [place.span(a, b) for place, a, b in others],
    )
