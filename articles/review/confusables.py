# Typography is part of the subject: curly apostrophes on purpose.
# ruff: noqa: RUF001
"""Commonly confused words: real words in the wrong place ("a loose of confidence", "their was no vote").

A spelling dictionary accepts every one of these words; only the words around them show the slip.
Each rule is one pattern with the context that makes the word wrong, and the word that belongs
there; a rule only fires where the context rules out the innocent reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, Run, quoted


@dataclass(frozen=True)
class Confusion:
    pattern: re.Pattern
    trigger: str  # the wrong word, lowercase: the rule is only tried around it
    right: str  # what it should be (same case as written: see _cased)
    needs: tuple[str, ...]  # lowercase phrases one of which must be in the text, or the rule is skipped


# Common trigger words ("of", "its", "their") are everywhere: a rule on them first asks for its phrase.
NEEDS = {
    "their": "their is|their was|their were|their are|their has|their have|their will|their would",
    "of": "could of|would of|should of|must of|might of|may of|n't of",
    "lead": " lead to| lead by",
    "its": "its a|its an|its not|its been|its going",
    "tow": " the line| the party line",
    "peak": "sneak peak",
    "say": "per say",
    "past": "has past|have past|had past",
    "where": "they where|we where|you where",
    "there": "there own",
    "form": " form the| form a| form his| form her| form their| form its",
}


def _rule(pattern: str, right: str) -> Confusion:
    trigger = re.search(r"\(\?P<w>([^)|]+)", pattern)[1]
    needs = tuple(NEEDS.get(trigger, trigger).split("|"))
    return Confusion(re.compile(pattern, re.IGNORECASE), trigger, right, needs)


WINDOW = 60  # characters around the trigger that a rule's context may span


_MODALS = r"(?:will|would|could|can|cannot|can't|might|may|must|should|to|not|never|did|didn't|does|doesn't)"
CONFUSIONS: tuple[Confusion, ...] = (
    # "a loose of confidence", "the loose of jobs": a noun is wanted.
    _rule(r"\b(?:a|the|any|no|heavy|big|huge|net|total)\s+(?P<w>loose)\s+of\b", "loss"),
    # "will loose the vote": a verb is wanted.
    _rule(
        r"\b"
        + _MODALS
        + r"\s+(?P<w>loose)\s+(?:the|a|an|his|her|their|its|our|my|your|this|that|some|control|money|jobs)\b",
        "lose",
    ),
    # "their was no vote", "Their is": a possessive before a verb.
    _rule(r"\b(?P<w>their)\s+(?:is|was|were|are|has been|have been|will be|would be)\b", "there"),
    # "they're" / "there" as possessive: "there own", "there homes" are too ambiguous; only "there own".
    _rule(r"\b(?P<w>there)\s+own\b", "their"),
    # "could of", "should of": "have".
    _rule(
        r"\b(?:could|would|should|must|might|may)(?:n't)?\s+(?P<w>of)\s+"
        r"(?!course\b|the\b|an?\b|his\b|her\b|their\b|its\b|them\b|it\b|all\b|these\b|those\b)[a-z]+\b",
        "have",
    ),
    # "more then", "rather then": a comparison wants "than".
    _rule(
        r"\b(?:more|less|fewer|better|worse|rather|greater|higher|lower|larger|smaller|bigger|older|younger"
        r"|faster|slower|longer|shorter|earlier|later)\s+(?P<w>then)\b(?!\s*,)",
        "than",
    ),
    # "more expensive then expected".
    _rule(
        r"\b(?:more|less)\s+[a-z]+\s+(?P<w>then)\s+"
        r"(?:expected|anticipated|planned|forecast|before|ever|usual|last)\b",
        "than",
    ),
    # "an affect on", "the affect of": the noun is "effect".
    _rule(r"\b(?:an|the|no|any|little|positive|negative|significant)\s+(?P<w>affect)\s+(?:on|of)\b", "effect"),
    # "has lead to", "was lead by": the past participle is "led".
    _rule(r"\b(?:has|have|had|was|were|been|being)\s+(?P<w>lead)\s+(?:to|by)\b", "led"),
    # "they where", "we where": the verb is "were".
    _rule(
        r"\b(?:they|we|you)\s+(?P<w>where)\s+"
        r"(?:not|never|also|still|all|both|in|on|at|told|asked|given|taken|killed|injured|arrested)\b",
        "were",
    ),
    # "away form the", "came form a": after a verb of motion and before an article, "from".
    _rule(
        r"\b(?:away|apart|far|came|come|comes|coming|fled|flee|escaped|returned|released|resigned|withdrew|removed"
        r"|banned|expelled|arrived|travelled|traveled|moved|recovered|separated|quoted|evacuated|rescued|stolen|taken)"
        r"\s+(?P<w>form)\s+(?:the|a|an|his|her|their|its|our)\b",
        "from",
    ),
    # "weather or not".
    _rule(r"\b(?P<w>weather)\s+or\s+not\b", "whether"),
    # "its a", "its not", "its been": the contraction "it's".
    _rule(r"\b(?P<w>its)\s+(?:a|an|not|been|going)\b", "it's"),
    # "it's own", "it's members": the possessive "its".
    _rule(r"\b(?P<w>it's)\s+(?:own|members|annual|website|shareholders|citizens|borders)\b", "its"),
    _rule(r"\b(?P<w>it’s)\s+(?:own|members|annual|website|shareholders|citizens|borders)\b", "its"),
    # Idioms: "free reign", "reign in", "tow the line", "baited breath", "sneak peak", "peaked his interest".
    _rule(r"\bfree\s+(?P<w>reign)\b", "rein"),
    _rule(r"\b(?P<w>reign)(?:ed|ing|s)?\s+in\s+(?:the|his|her|their|its|spending|costs|inflation)\b", "rein"),
    _rule(r"\b(?P<w>tow)(?:ed|ing|s)?\s+the\s+(?:party\s+)?line\b", "toe"),
    _rule(r"\b(?P<w>baited)\s+breath\b", "bated"),
    _rule(r"\bsneak\s+(?P<w>peak)\b", "peek"),
    _rule(r"\b(?P<w>peaked)\s+(?:my|his|her|their|our|your|the)\s+(?:interest|curiosity)\b", "piqued"),
    _rule(r"\b(?P<w>wreck)\s+havoc\b", "wreak"),
    # "to breath", "to advice", "to loose" (above): a noun where the verb belongs.
    _rule(r"\b(?:to|could|cannot|can't)\s+(?P<w>breath)\b(?!\s+(?:of|test|tests))", "breathe"),
    _rule(r"\b(?:to|would|will|did)\s+(?P<w>advice)\s+(?:the|him|her|them|us|you|against|on)\b", "advise"),
    # "has past", "have past": the participle "passed".
    _rule(r"\b(?:has|have|had)\s+(?P<w>past)\b(?!\s+(?:experience|year|week|month|decade|few|two|three))", "passed"),
    # "on accident", "per say", "for all intensive purposes".
    _rule(r"\bper\s+(?P<w>say)\b", "se"),
    _rule(r"\bfor\s+all\s+(?P<w>intensive)\s+purposes\b", "intents and"),
)


def _cased(wrong: str, right: str) -> str:
    return right[:1].upper() + right[1:] if wrong[:1].isupper() else right


def _matches(rule: Confusion, text: str, lowered: str):
    """The rule's matches, tried only around each occurrence of its trigger word (fast on long pieces)."""
    position = lowered.find(rule.trigger)
    last_end = -1
    while position != -1:
        for match in rule.pattern.finditer(text, max(0, position - WINDOW), position + len(rule.trigger) + WINDOW):
            if match.start("w") == position and match.end() > last_end:
                last_end = match.end()
                yield match
        position = lowered.find(rule.trigger, position + 1)


def check_confused_words(run: Run) -> None:
    for source in run.texts_of("headline", "kicker", "teaser", "body", CAPTION):
        text = source.text
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
        for rule in CONFUSIONS:
            if not any(phrase in lowered for phrase in rule.needs):
                continue
            for match in _matches(rule, text, lowered):
                start, end = match.span("w")
                wrong = match.group("w")
                fix = _cased(wrong, rule.right)
                run.report_at(
                    source,
                    start,
                    end,
                    _("%(wrong)s looks like the wrong word here (%(context)s): %(right)s?")
                    % {"wrong": quoted(wrong), "context": quoted(match.group()), "right": quoted(fix)},
                    fix=fix,
                )
