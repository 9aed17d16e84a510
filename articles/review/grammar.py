"""English grammar slips a careful reader catches and a dictionary does not (issue #26).

Every word in these slips is spelled right; the words around it show the slip:

- two words glued where both halves are words: "thePresident" (the glued names, "Londonon", are the
  spelling check's: it knows the piece's names);
- a small word left out by an edit: "a group protesters" (of), "he wanted them stay" (to);
- agreement: "one of the best player" (players), "the crowds was" (were).

No grammar library fits here (LanguageTool needs a Java server, the spaCy models a download), so
each rule is a pattern with the context that rules out the innocent reading. Precision first:
a rule fires only where the good readings are excluded, and the corpus must stay clean.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from articles.review import frequencies, german_slips
from articles.review.dictionaries import speller
from articles.review.findings import CAPTION, Run, quoted, word_set

# "thePresident", "ofLondon": a lowercase function word glued to a capitalised word.
GLUED_RE = re.compile(
    r"(?<![\w@#/.\-])(?P<left>the|of|and|in|on|at|to|for|with|from|by|said|says)(?P<right>[A-Z][a-z]{2,})\b"
)
LOWER_UPPER_RE = re.compile(r"[a-z][A-Z][a-z]")
# "a group protesters": a collective noun wants "of" before its plural.
GROUP_RE = re.compile(
    r"\b(?P<head>[Aa]\s+(?:group|number|handful|bunch|crowd|host|series|variety|wave|string|majority|minority))"
    r"\s+(?P<plural>[a-z]{3,}s)\b(?!['\u2019])"
)
# Verbs that take an object and "to": "wanted them to stay", "asked him to leave".
TO_VERBS = (
    "want wants wanted ask asks asked tell tells told urge urges urged allow allows allowed force forces forced"
    " order orders ordered expect expects expected need needs needed encourage encourages encouraged"
    " persuade persuaded invite invited invites warn warned warns"
)
# Bare infinitives that no noun or adverb reading excuses after "wanted them …".
BARE_VERBS = word_set(
    "stay leave go resign pay give take return stop step wait sign accept attend vote testify appear apologise"
    " apologize explain join withdraw surrender remain cooperate comply evacuate reconsider respond"
    " continue speak"
)
TO_VERB_SET = word_set(TO_VERBS)
# The object pronoun first (few places), then the verb before it is looked up.
TO_RE = re.compile(r"(?<=[a-z] )(?P<object>them|him|her|us|me|you)[ \t]+(?P<bare>[a-z]+)\b")
GROUP_WORDS = word_set("group number handful bunch crowd host series variety wave string majority minority")
# "one of the best player in": a superlative or "most …" before a singular noun that then ends the phrase.
ONE_OF_RE = re.compile(
    r"\b[Oo]ne\s+of\s+the\s+(?P<degree>(?:most|least)\s+[a-z]+|[a-z]+est|best|worst|few|many|first|last)"
    r"\s+(?P<noun>[a-z]{3,})(?=\s*[,.;]|\s+(?:in|of|at|on|to|for|who|that|ever|since|from|with|this|last)\b)"
)
# "the crowds was": a plural subject opening a clause, then a singular verb; what comes before the
# determiner is looked at afterwards (a regex starting with words scans far faster than look-behinds).
PLURAL_SUBJECT_RE = re.compile(
    r"\b(?P<subject>(?:[Tt]he|[Tt]hese|[Tt]hose|[Ss]everal|[Bb]oth|[Mm]any)[ \t]+(?P<plural>[a-z]{3,}s))"
    r"[ \t]+(?P<verb>was|is|has)\b"
)
# Where a word in -s meets "was", "is" or "has": the few places the pattern above is tried.
S_THEN_VERB_RE = re.compile(r"s (?:was|is|has)\b")
SUBJECT_LOOKBACK = 40
CLAUSE_OPENERS = word_set("and but that because while when said")


def _opens_clause(text: str, start: int) -> bool:
    """At a sentence or clause start: after a full stop, a comma, a new line, or "and", "that", …"""
    before = text[max(0, start - 12) : start]
    stripped = before.rstrip()
    if not stripped or stripped[-1] in ".!?:;,\n" or "\n" in before[len(stripped) :]:
        return True
    return stripped.rsplit(None, 1)[-1] in CLAUSE_OPENERS


# Nouns in -s that are singular or take a singular verb: "the news is", "the series was".
SINGULAR_IN_S = word_set(
    "news series species means headquarters crossroads whereabouts politics economics physics statistics"
    " ethics athletics aerobics mathematics gymnastics logistics thanks basis diabetes measles"
)


def _plural_of_known(word: str, spell) -> bool:
    """ "crowds" (crowd), "churches" (church), "parties" (party): a plural of a known singular noun."""
    if word.endswith(("ss", "us", "is", "ous")) or word in SINGULAR_IN_S:
        return False
    singulars = [word[:-1]]
    if word.endswith("ies"):
        singulars.append(word[:-3] + "y")
    if word.endswith("es"):
        singulars.append(word[:-2])
    return any(len(singular) >= 3 and singular in spell.forms for singular in singulars)


# How much rarer than the word its plural may be: "players" is as common as "player", but "peoples"
# (people), "knowns" (known) are a thousand times rarer: those words are not counted nouns.
PLURAL_GAP = 1.5


def _plural_of_singular(word: str, spell) -> str | None:
    """The plural of a counted noun in the singular ("player" -> "players"); None for a plural, a
    participle, an -ly adverb or a word whose plural is far rarer than itself."""
    if word.endswith(("s", "ly", "ed", "ing")):
        return None
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        plural = word[:-1] + "ies"  # "country" / "countries"
    else:
        plural = word + ("es" if word.endswith(("ch", "sh", "x", "z")) else "s")
    if word not in spell.forms or plural not in spell.forms:
        return None
    return plural if frequencies.zipf(plural, "en") >= frequencies.zipf(word, "en") - PLURAL_GAP else None


def _plural_subjects(text: str):
    """PLURAL_SUBJECT_RE's matches, tried only just before each "…s was", "…s is", "…s has"."""
    last_end = -1
    for place in S_THEN_VERB_RE.finditer(text):
        for match in PLURAL_SUBJECT_RE.finditer(text, max(0, place.start() - SUBJECT_LOOKBACK), place.end()):
            if match.end() == place.end() and match.start() > last_end:
                last_end = match.end()
                yield match


def _english(run: Run) -> bool:
    return run.language.split("-")[0] == "en"


def check_glued_words(run: Run) -> None:
    """ "thePresident" in English; "dem Stadtratbeschloss" in German (articles/review/german_slips.py)."""
    if german_slips.is_german(run):
        german_slips.check_glued_words(run)
        return
    if not _english(run):
        return
    spell = speller(run.language)
    for source in run.texts_of("headline", "teaser", "body", CAPTION):
        for match in GLUED_RE.finditer(source.text) if LOWER_UPPER_RE.search(source.text) else ():
            if match["right"].lower() not in spell.forms and match["right"] not in spell.forms:
                continue  # a brand or handle ("theGuardian"), not two words
            fix = f"{match['left']} {match['right']}"
            message = _("%(word)s: two words run together; write %(fix)s.")
            run.report_at(source, *match.span(), message % {"word": quoted(match.group()), "fix": quoted(fix)}, fix=fix)


def check_missing_word(run: Run) -> None:
    """ "a group protesters", "he wanted them stay"; in German a verb left over ("… beschädigt sollen")."""
    if german_slips.is_german(run):
        german_slips.check_leftover_verb(run)
        return
    if not _english(run):
        return
    spell = speller(run.language)
    message = _("A word seems to be missing in %(text)s: %(fix)s?")
    for source in run.texts_of("headline", "teaser", "body", CAPTION):
        text = source.text
        groups = GROUP_RE.finditer(text) if any(f" {word} " in text for word in GROUP_WORDS) else ()
        for match in groups:
            if _plural_of_known(match["plural"], spell):
                fix = f"{match['head']} of {match['plural']}"
                run.report_at(source, *match.span(), message % {"text": quoted(match.group()), "fix": quoted(fix)})
        for match in TO_RE.finditer(text):
            if match["bare"] not in BARE_VERBS:
                continue
            verb_start = text.rfind(" ", 0, match.start() - 1) + 1
            verb = text[verb_start : match.start() - 1]
            if verb in TO_VERB_SET:
                fix = f"{verb} {match['object']} to {match['bare']}"
                found = text[verb_start : match.end()]
                run.report_at(source, verb_start, match.end(), message % {"text": quoted(found), "fix": quoted(fix)})


def check_agreement(run: Run) -> None:
    """ "one of the best player", "the crowds was"; in German "einen laut Knall", "Die Kinder spielt"."""
    if german_slips.is_german(run):
        german_slips.check_agreement(run)
        return
    if not _english(run):
        return
    spell = speller(run.language)
    for source in run.texts_of("headline", "teaser", "body", CAPTION):
        text = source.text
        for match in ONE_OF_RE.finditer(text) if "ne of the" in text else ():
            noun = match["noun"]
            plural = _plural_of_singular(noun, spell)
            if plural is None or match["degree"].split()[-1] == noun:
                continue
            found = text[match.start() : match.end("noun")]
            run.report_at(
                source,
                match.start(),
                match.end("noun"),
                _("%(text)s: after “one of the” the noun is plural (%(fix)s?).")
                % {"text": quoted(found), "fix": quoted(plural)},
            )
        for match in _plural_subjects(text):
            if not _opens_clause(text, match.start()) or not _plural_of_known(match["plural"], spell):
                continue
            verb = {"was": "were", "is": "are", "has": "have"}[match["verb"]]
            run.report_at(
                source,
                *match.span(),
                _("%(text)s: a plural subject with a singular verb (%(fix)s?).")
                % {"text": quoted(match.group()), "fix": quoted(f"{match['subject']} {verb}")},
            )


# A paragraph of prose: two sentences at least, or one long one (a short line without a full stop
# may be a subheading or a pull quote).
INNER_SENTENCE_END_RE = re.compile(r"[.!?][\"”“»«']?\s+[\"„“»«']?[A-ZÄÖÜ]")
LAST_WORD_RE = re.compile(r"[^\s]+\Z")
# One sentence this long is prose, not a subheading.
LONG_SENTENCE = 22


def check_paragraph_end(run: Run) -> None:
    """A paragraph of prose that ends without its full stop (any language)."""
    for source in run.texts_of("body"):
        text = source.text
        position = 0
        for paragraph in re.split(r"(\n[ \t]*\n)", text):
            start, position = position, position + len(paragraph)
            body = paragraph.rstrip()
            if not body or not body[-1].isalnum() or body.lstrip()[:1] in "#>-*+|(" or "\n" in body.strip():
                continue
            words = len(body.split())
            if words < 12 or (words < LONG_SENTENCE and not INNER_SENTENCE_END_RE.search(body)):
                continue
            last = LAST_WORD_RE.search(body)
            run.report_at(
                source,
                start + last.start(),
                start + last.end(),
                _("The paragraph ends at %(text)s without a full stop.") % {"text": quoted(last.group())},
                fix=last.group() + ".",
            )
