"""Sign-off: "(fmu)" closing a paragraph must belong to one of the bylines.

A colleague's sign-off means the piece may carry the wrong byline, which is a published error:
the check blocks by default and names whose sign-off it is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from articles.review.findings import RSQUO, Run

SIGN_OFF_RE = re.compile(r"\((?P<sign_off>[^\W\d_]{2,12}(?:/[^\W\d_]{2,12})*)\)[ \t]*$", re.MULTILINE)
# A sign-off closes a paragraph: after closing punctuation, or on a line of its own.
SIGN_OFF_AFTER = '.!?“”")' + RSQUO
# Sign-offs are short initials ("fmu", "dpa"); a longer word in brackets ("(laughs)", "(video)")
# counts only when it is one of the bylines' sign-offs.
SIGN_OFF_MAX_UNKNOWN = 4
# Short lowercase words in brackets at the end of a paragraph that are not sign-offs.
NOT_SIGN_OFFS = frozenset({"sic", "ed", "eds", "cf", "ibid", "etc", "pdf", "mp3", "ok", "lol"})


def check_sign_off(run: Run) -> None:
    for source in run.texts_of("body"):
        text = source.text
        for match in SIGN_OFF_RE.finditer(text):
            before = match.start()
            while before and text[before - 1] in " \t":
                before -= 1
            if (
                before
                and text[before - 1] != "\n"
                and (before == match.start() or text[before - 1] not in SIGN_OFF_AFTER)
            ):
                continue  # inside a sentence ("said (abc)") or glued to a word ("word(abc)")
            sign_off = match["sign_off"]
            parts = sign_off.split("/")
            if not sign_off.islower() or any(part in NOT_SIGN_OFFS for part in parts):
                continue  # capitals are an acronym: "(ATACMS)"
            unknown = [part for part in parts if part.casefold() not in run.sign_offs]
            if not unknown:
                continue
            owners = {part: run.sign_off_owner(part) for part in unknown}
            if any(len(part) > SIGN_OFF_MAX_UNKNOWN and owners[part] is None for part in unknown):
                continue
            messages = []
            for part in unknown:
                owner = owners[part]
                if owner:
                    messages.append(
                        _("The sign-off (%(sign_off)s) belongs to %(name)s, who is not on the byline.")
                        % {"sign_off": part, "name": owner}
                    )
                else:
                    messages.append(_("The sign-off (%(sign_off)s) matches no author.") % {"sign_off": part})
            run.report_at(source, match.start("sign_off") - 1, match.end("sign_off") + 1, " ".join(messages))
