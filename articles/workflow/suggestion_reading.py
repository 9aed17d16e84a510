"""Reading suggestions: each open one found again in the text as it is now, and what publishing must wait for.

`located` is what the editor, the review page and the list show; `publishing_refusal` is the review page's
question before a piece with open suggestions goes live, `check_not_blocked` the workflow's refusal when the
newsroom blocks that (NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING). Changing suggestions is
`articles.workflow.suggestions`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import ngettext

from articles.models import Article, Suggestion
from articles.workflow.errors import WrongState
from articles.workflow.suggestion_text import CONTEXT, locate, newline_of, normalised

# The text fields a suggestion may change; captions are the placements' own.
TEXT_FIELDS = ("kicker", "headline", "teaser", "dateline", "body")

# The transitions that put a revision live (now or later): they wait for open suggestions — the desk asks
# first, or, with NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING, every path refuses them (`transitions.perform`).
GATED_TRANSITIONS = frozenset({"publish", "schedule", "schedule_revision", "correct", "publish_overdue"})


@dataclass
class Located:
    """A suggestion with where its words are now (None: outdated) and what the text reads around them."""

    suggestion: Suggestion
    span: tuple[int, int] | None
    before: str = ""
    after: str = ""

    @property
    def outdated(self) -> bool:
        return self.span is None or self.suggestion.state == Suggestion.State.OUTDATED


def open_suggestions(article: Article):
    return article.suggestions.open().select_related("author", "placement__image")


def current_text(article: Article, suggestion: Suggestion) -> str | None:
    """The text the suggestion changes as it is now (None: its picture is no longer placed)."""
    if suggestion.field == Suggestion.Field.CAPTION:
        return suggestion.placement.caption if suggestion.placement_id else None
    return getattr(article, suggestion.field) or ""


def find(article: Article, suggestion: Suggestion) -> tuple[int, int] | None:
    text = current_text(article, suggestion)
    return None if text is None else locate_in(text, suggestion)


def locate_in(text: str, suggestion: Suggestion, *, newline: str | None = None) -> tuple[int, int] | None:
    return locate(
        text,
        original=suggestion.original,
        prefix=suggestion.prefix,
        suffix=suggestion.suffix,
        offset=suggestion.offset,
        newline=newline,
    )


def located(article: Article, suggestions=None) -> list[Located]:
    """The open suggestions (or `suggestions`), each found in the text as it is now, in reading order."""
    rows = list(open_suggestions(article) if suggestions is None else suggestions)
    shown = []
    newlines = {name: newline_of(getattr(article, name) or "") for name in TEXT_FIELDS}
    for suggestion in rows:
        text = current_text(article, suggestion)
        span = None if text is None else locate_in(text, suggestion, newline=newlines.get(suggestion.field))
        if span is None:
            before, after = suggestion.prefix, suggestion.suffix
        else:
            # Slices first: the context, not the whole body, is what gets its line endings normalised.
            before = normalised(text[max(0, span[0] - CONTEXT - 1) : span[0]])[-CONTEXT:]
            after = normalised(text[span[1] : span[1] + CONTEXT + 1])[:CONTEXT]
        shown.append(Located(suggestion, span, *_within_paragraph(before, after)))
    order = {name: index for index, name in enumerate((*TEXT_FIELDS, Suggestion.Field.CAPTION))}
    shown.sort(
        key=lambda item: (
            order[item.suggestion.field],
            item.suggestion.placement_id or 0,
            item.span[0] if item.span else item.suggestion.offset,
            item.suggestion.pk,
        )
    )
    return shown


def _within_paragraph(before: str, after: str) -> tuple[str, str]:
    """The context shown around a change: up to CONTEXT characters, never across a paragraph break.

    "…" marks where the shown context was cut short of the paragraph; none where the paragraph starts or ends.
    """
    start, end = before.rsplit("\n\n", 1), after.split("\n\n", 1)
    shown_before = start[-1] if len(start) > 1 or len(before) < CONTEXT else "…" + before
    shown_after = end[0] if len(end) > 1 or len(after) < CONTEXT else after + "…"
    return shown_before, shown_after


def open_count(article: Article) -> int:
    return article.suggestions.open().count()


def check_not_blocked(name: str, article: Article) -> None:
    """Raise WrongState when this newsroom blocks transition `name` while `article` has open suggestions."""
    if name in GATED_TRANSITIONS and settings.NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING:
        refusal = publishing_refusal(article, confirmed=True)
        if refusal:
            raise WrongState(refusal)


def publishing_refusal(article: Article, *, confirmed: bool) -> str:
    """Why approving or publishing must wait for the open suggestions (empty when it may go ahead)."""
    count = open_count(article)
    if not count:
        return ""
    if settings.NEWSROOM_OPEN_SUGGESTIONS_BLOCK_PUBLISHING:
        return ngettext(
            "%(count)d suggestion is still open: accept or reject it first (this newsroom does not publish "
            "pieces with open suggestions).",
            "%(count)d suggestions are still open: accept or reject them first (this newsroom does not publish "
            "pieces with open suggestions).",
            count,
        ) % {"count": count}
    if not confirmed:
        return ngettext(
            "%(count)d suggestion is still open. Decide it in the editor, or tick “Go ahead with open "
            "suggestions” and try again.",
            "%(count)d suggestions are still open. Decide them in the editor, or tick “Go ahead with open "
            "suggestions” and try again.",
            count,
        ) % {"count": count}
    return ""
