"""Quotation marks and brackets left without a partner, paragraph by paragraph."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, LSQUO, MARKUP_PREFIX_RE, RSQUO, Run

PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
OPENING_QUOTES = '“„«»"' + LSQUO
# Straight double quotes after a digit are inch marks (5'11"), not quotation marks.
LIST_MARKER_RE = re.compile(r"(?<!\S)[\w]{1,4}\)(?=\s|$)")
BRACKET_PAIRS = {")": "(", "]": "[", "}": "{"}
QUOTE_MARK_RE = re.compile('["“„«”»' + LSQUO + RSQUO + "]")
BRACKET_RE = re.compile(r"[()\[\]{}]")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The paragraphs of a text (separated by blank lines) with their offsets."""
    result, start = [], 0
    for match in PARAGRAPH_BREAK_RE.finditer(text):
        result.append((start, text[start : match.start()]))
        start = match.end()
    result.append((start, text[start:]))
    return [(offset, paragraph) for offset, paragraph in result if paragraph.strip()]


def _opens_with_quote(paragraph: str) -> bool:
    stripped = MARKUP_PREFIX_RE.sub("", paragraph.lstrip())
    return stripped[:1] in OPENING_QUOTES


def _quote_problems(paragraph: str) -> tuple[list[tuple[int, str]], tuple[int, str] | None]:
    """Unmatched closing quotes (offset, mark), and the quote left open at the end, if any."""
    problems: list[tuple[int, str]] = []
    open_double: tuple[int, str] | None = None
    open_single: int | None = None
    for mark in QUOTE_MARK_RE.finditer(paragraph):
        position, char = mark.start(), mark.group()
        if char == '"':
            after = paragraph[position + 1 : position + 2]
            closes = open_double is not None and open_double[1] == '"' and (not after or after in ",.;:!?)")
            if position and paragraph[position - 1].isdigit() and not closes:
                continue  # an inch mark; but "posts 250 and 251", said KCNA closes the quotation
            if open_double and open_double[1] == '"':
                open_double = None
            elif open_double is None:
                open_double = (position, char)
            else:
                problems.append(open_double)
                open_double = (position, char)
        elif char in "“„«":
            if char == "“" and open_double and open_double[1] == "„":
                open_double = None  # German „…“
            elif char == "«" and open_double and open_double[1] == "»":
                open_double = None  # »…« as in German
            else:
                if open_double:
                    problems.append(open_double)
                open_double = (position, char)
        elif char in "”»":
            if open_double and open_double[1] != '"' and not (char == "»" and open_double[1] == "»"):
                open_double = None
            elif char == "»" and open_double is None:
                open_double = (position, char)  # »…« as in German
            else:
                problems.append((position, char))
        elif char == LSQUO:
            following = paragraph[position + 1 : position + 2]
            if following.isalpha() or following in '“"':
                open_single = position
        elif char == RSQUO and open_single is not None:
            # RSQUO also is the apostrophe ("Ukraine's"): it closes only an open LSQUO, never counts as a problem.
            open_single = None
    if open_double is None and open_single is not None:
        return problems, (open_single, LSQUO)  # British style: single quotes outside
    return problems, open_double


def check_unbalanced_quotes(run: Run) -> None:
    for source in run.texts_of("kicker", "headline", "teaser", "body", CAPTION):
        parts = paragraphs(source.text)
        for index, (offset, paragraph) in enumerate(parts):
            problems, left_open = _quote_problems(paragraph)
            if left_open is not None:
                # News convention: a quote running on into the next paragraph is not closed,
                # and the next paragraph opens with a quotation mark again.
                following = parts[index + 1][1] if index + 1 < len(parts) else ""
                if not (following and _opens_with_quote(following)):
                    problems.append(left_open)
            for position, mark in sorted(problems):
                start = offset + position
                run.report_at(
                    source, start, start + 1, _("The quotation mark %(mark)s has no partner.") % {"mark": mark}
                )


def check_unbalanced_brackets(run: Run) -> None:
    for source in run.texts_of("kicker", "headline", "teaser", "body", CAPTION):
        for offset, paragraph in paragraphs(source.text):
            if not BRACKET_RE.search(paragraph):
                continue
            list_markers = {match.end() - 1 for match in LIST_MARKER_RE.finditer(paragraph)}
            stack: list[tuple[int, str]] = []
            problems: list[tuple[int, str]] = []
            for bracket in BRACKET_RE.finditer(paragraph):
                position, char = bracket.start(), bracket.group()
                if char in "([{":
                    stack.append((position, char))
                elif char in BRACKET_PAIRS:
                    opener = BRACKET_PAIRS[char]
                    depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][1] == opener), None)
                    if depth is not None:
                        # "[a (b]": the "(" is the one left open, not the "]".
                        problems.extend(stack[depth + 1 :])
                        del stack[depth:]
                    elif char == ")" and (position in list_markers or paragraph[position - 1 : position] in (":", ";")):
                        continue  # "a) first item", "2) second", a smiley
                    else:
                        problems.append((position, char))
            for position, char in sorted(problems + stack):
                start = offset + position
                run.report_at(source, start, start + 1, _("The bracket %(mark)s has no partner.") % {"mark": char})
