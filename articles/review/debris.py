"""Web debris: what a web page leaves behind when its text is copied (whole lines only)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from articles.review.findings import MARKUP_PREFIX_RE, _quoted, _Run

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
    """,
    re.IGNORECASE | re.VERBOSE,
)
LINE_RE = re.compile(r"[^\n]+")


def check_web_debris(run: _Run) -> None:
    for source in run.texts_of("teaser", "body"):
        for match in LINE_RE.finditer(source.text):
            line = match.group()
            content = MARKUP_PREFIX_RE.sub("", line.strip()).strip().rstrip(".")
            if content and WEB_DEBRIS_RE.fullmatch(content):
                start = match.start() + (len(line) - len(line.lstrip()))
                end = match.start() + len(line.rstrip())
                run.report_at(
                    source,
                    start,
                    end,
                    _("%(text)s looks like debris from a web page, not part of the text.")
                    % {"text": _quoted(source.text[start:end])},
                )


def pattern_for_browsers() -> str:
    """`WEB_DEBRIS_RE` as a JavaScript pattern (no verbose whitespace), so pasted debris is dropped the same way."""
    return re.sub(r"(?<!\\)\s+", "", WEB_DEBRIS_RE.pattern).replace("\\ ", " ")
