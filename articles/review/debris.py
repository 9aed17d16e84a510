# Typography is part of the subject: curly quotation marks on purpose.
# ruff: noqa: RUF001
"""Web debris: what a web page leaves behind when its text is copied (whole lines only)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from articles.review.findings import MARKUP_PREFIX_RE, Run, quoted
from articles.review.german import DEBRIS_RE as GERMAN_DEBRIS_RE

_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|messenger|telegram|linkedin|pinterest|reddit|threads|bluesky"
    r"|e-?mail|print|copy\ link)"
)
WEB_DEBRIS_RE = re.compile(
    r"""
    (?:press\ )?split
    | share(?:\ (?:this|the))?(?:\ (?:article|story|page|post))?(?:\ (?:on|via)\ \w+)?
    | tweet | print(?:\ article)? | copy\ link | link\ copied | close
    | """
    + _SOCIAL
    + r"(?:[\s|·•,/]+"
    + _SOCIAL
    + r""")*
    | read\ more(?:\ here)? | (?:read\ (?:more|also)|also\ read|see\ also|related|more\ on\ this(?:\ topic)?)\s*:.*
    | more\ on\ this\ topic | continue\ reading | show\ more | load\ more | click\ here.*
    | advertisement | advertising | anzeige | werbung | ad | sponsored(?:\ content)?
    | scroll\ to\ continue(?:\ with\ content)? | (?:article\ )?continues\ (?:below|after\ the\ ad(?:vertisement)?)
    | continue\ after\ the\ ad(?:vertisement)?
    | subscribe(?:\ now)? | sign\ up\ for\ (?:our|the)\ newsletter.* | newsletter
    | listen\ to\ (?:this\ )?article | reading\ time:?\ .* | \d+\ min(?:ute)?s?\ read
    | comments?(?:\ \(\d+\))? | \d+\ comments? | to\ the\ homepage | back\ to\ top
    | (?:image|photo)\ gallery | play\ video
    | skip\ to\ (?:main\ )?(?:content|navigation|article) | jump\ to | toggle\ (?:caption|navigation|menu)
    | (?:hide|show|expand|close)\ caption | enlarge\ (?:this\ )?image | view\ (?:image|gallery|slideshow)
    | (?:image|photo|picture)\ \d+\ (?:of|/)\ \d+ | \d+\s*/\s*\d+ | \d+\ of\ \d+
    | share\ (?:on|via|to)\ \w+ | share\ this | follow\ us(?:\ on\ \w+)? | sign\ (?:up|in) | log\ ?in | register
    | subscribe\ (?:to|for)\ .{0,60} | (?:get|sign\ up\ for)\ (?:our|the)\ .{0,40}newsletter.* | newsletters?\ sign-?up
    | leave\ a\ (?:comment|reply) | post\ (?:a\ )?comment | add\ (?:a\ )?comment | (?:view|show|hide)\ comments
    | your\ email\ address\ will\ not\ be\ published.* | required\ fields\ are\ marked.*
    | save\ my\ name,?\ email.* | cancel\ reply | name\ ?\* | email\ ?\* | website
    | related\ (?:videos?|stories|articles|content|topics)(?:\s*:.*)? | (?:watch|video)\s*:\s.{0,120}
    | most\ (?:read|popular|viewed) | trending(?:\ now)? | recommended(?:\ for\ you)? | top\ stories
    | advertisement\ -\ scroll\ to\ continue | ad\ feedback | report\ an\ ad
    | (?:video|watch|play)\b[^\n]{0,100}?[\ (\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]?
    | .{3,100}?\ [(\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]
    | (?:duration|length|laufzeit|dauer):?\ \d{1,2}:\d{2}(?::\d{2})?(?:\ min(?:utes?)?)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
LINE_RE = re.compile(r"[^\n]+")


def check_web_debris(run: Run) -> None:
    for source in run.texts_of("teaser", "body"):
        for match in LINE_RE.finditer(source.text):
            line = match.group()
            content = MARKUP_PREFIX_RE.sub("", line.strip()).strip().rstrip(".")
            if content and (WEB_DEBRIS_RE.fullmatch(content) or GERMAN_DEBRIS_RE.fullmatch(content)):
                start = match.start() + (len(line) - len(line.lstrip()))
                end = match.start() + len(line.rstrip())
                run.report_at(
                    source,
                    start,
                    end,
                    _("%(text)s looks like debris from a web page, not part of the text.")
                    % {"text": quoted(source.text[start:end])},
                )


# Debris inside a paragraph: an ad label between two sentences, "(click here for more)", "Story continues below".
INLINE_DEBRIS_RE = re.compile(
    r"""
    [ \t]*\((?:click|tap)\ here[^()\n]{0,60}\)
    | [ \t]*\[(?:advertisement|ad|anzeige|werbung)\]
    | (?:(?<=[.!?”"’])[ \t]+|^)(?:ADVERTISEMENT|Advertisement|Anzeige|Werbung)(?=[ \t]+[A-Z“"‘]|[ \t]*$)
    | (?:(?<=[.!?”"’])[ \t]+|^)(?:(?:the\ )?story\ continues\ below(?:\ (?:the\ )?advertisement)?
        |continue\ reading\ below|article\ continues\ below|scroll\ to\ continue(?:\ with\ content)?
        |click\ here\ to\ [^.!?\n]{1,60}|read\ more:\ [^.!?\n]{1,100})\.?(?=[ \t]+[A-Z“"‘]|[ \t]*$)
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)


INLINE_TRIGGERS = ("advertisement", "anzeige", "werbung", "click here", "tap here", "continue", "[ad", "read more:")


def check_inline_debris(run: Run) -> None:
    for source in run.texts_of("teaser", "body"):
        lowered = source.text.lower()
        if not any(trigger in lowered for trigger in INLINE_TRIGGERS):
            continue  # the usual case: none of the words debris is made of
        for match in INLINE_DEBRIS_RE.finditer(source.text):
            start, end = match.span()
            line_start = source.text.rfind("\n", 0, start) + 1
            line_end = source.text.find("\n", end)
            line_end = len(source.text) if line_end == -1 else line_end
            if not source.text[line_start:start].strip() and not source.text[end:line_end].strip():
                continue  # a whole line: the web-debris check reports it
            if start == line_start:
                while end < line_end and source.text[end] in " \t":
                    end += 1  # removing it at a line's start takes the space after it too
            run.report_at(
                source,
                start,
                end,
                _("%(text)s inside the text looks like debris from a web page.")
                % {"text": quoted(match.group().strip())},
                fix="",
            )


def pattern_for_browsers() -> str:
    """`WEB_DEBRIS_RE` as a JavaScript pattern (no verbose whitespace), so pasted debris is dropped the same way."""
    return re.sub(r"(?<!\\)\s+", "", WEB_DEBRIS_RE.pattern).replace("\\ ", " ")
