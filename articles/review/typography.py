"""Typography slips: no space after a full stop ("evening.It"), "--" for a dash, straight and curly
quotation marks mixed in one piece.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, TEXT_FIELDS, Run, quoted

EN_DASH = "\u2013"
# "evening.It", "said.The": two lowercase letters, a sentence end, a capital and a lowercase letter.
# Two letters before it rule out initials and "U.S.Army"; addresses ("example.Com") are skipped below.
MISSING_SPACE_RE = re.compile(r"(?<![\w./@-])(?P<before>[^\W\d_]*[a-z]{2})(?P<stop>[.!?])(?P<after>[A-Z][a-z]+)\b")
GLUED_STOP_RE = re.compile(r"[.!?](?=[A-Z][a-z])")
WORD_MAX = 40
ADDRESS_RE = re.compile(r"\S+\.(?:com|org|net|de|uk|io|gov|edu)\b", re.IGNORECASE)
# Known words with a capital after a full stop: "ASP.NET", file names, "Yahoo!News"-like brands.
NOT_MISSING_SPACE = frozenset({"asp.net", "vue.js", "node.js"})
DOUBLE_HYPHEN_RE = re.compile(r"(?P<left>[ \t]?)--(?!-)(?P<right>[ \t]?)(?=\S)")
STRAIGHT_RE = re.compile(r'"')
CURLY_RE = re.compile("[\u201c\u201d\u201e]")


def check_missing_space(run: Run) -> None:
    for source in run.texts_of(*TEXT_FIELDS, CAPTION):
        text = source.text
        for candidate in GLUED_STOP_RE.finditer(text):
            # The full rule only around a full stop glued to a capital: rare, so the scan stays fast.
            start = max(0, candidate.start() - WORD_MAX)
            match = MISSING_SPACE_RE.search(text, start, candidate.end() + WORD_MAX)
            if match is None or match.start("stop") != candidate.start():
                continue
            token = text[match.start() : text.find(" ", match.end()) if " " in text[match.end() :] else len(text)]
            if token.casefold().rstrip(".,;:") in NOT_MISSING_SPACE or ADDRESS_RE.match(token) or "/" in token:
                continue
            run.report_at(
                source,
                match.start("stop"),
                match.end("after"),
                _("No space after the full stop in %(text)s.") % {"text": quoted(match.group())},
                fix=f"{match['stop']} {match['after']}",
            )


def check_double_hyphen(run: Run) -> None:
    for source in run.texts_of(*TEXT_FIELDS, CAPTION):
        if "--" not in source.text:
            continue
        for match in DOUBLE_HYPHEN_RE.finditer(source.text):
            if match.start() and source.text[match.start() - 1] == "-":
                continue  # a rule of hyphens ("----") is markup, not a dash
            run.report_at(
                source,
                match.start(),
                match.end(),
                _("%(text)s stands in for a dash: write %(dash)s.") % {"text": quoted("--"), "dash": quoted(EN_DASH)},
                fix=f" {EN_DASH} ",
            )


def check_mixed_quotes(run: Run) -> None:
    """Straight and curly double quotation marks in one piece: the fewer kind is reported, every place."""
    sources = list(run.texts_of("headline", "kicker", "teaser", "body", CAPTION))
    straight = [(source, match.start()) for source in sources for match in STRAIGHT_RE.finditer(source.text)]
    if not straight:
        return
    curly = [(source, match.start()) for source in sources for match in CURLY_RE.finditer(source.text)]
    if not curly:
        return
    minority, kind = (straight, _("straight")) if len(straight) <= len(curly) else (curly, _("curly"))
    (first, at), *others = minority
    run.report_at(
        first,
        at,
        at + 1,
        _("Straight and curly quotation marks are mixed; %(count)s %(kind)s ones stand out.")
        % {"count": len(minority), "kind": kind},
        more=[source.span(position, position + 1) for source, position in others],
    )
