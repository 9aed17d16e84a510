"""The desk's state badge: the workflow state, and whether the piece is live with changes pending."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, WorkflowEvent
from articles.workflow import scheduling
from articles.workflow.revisions import publication_state
from articles.workflow.table import TRANSITIONS

register = template.Library()


@register.simple_tag(takes_context=True)
def state_badge(context, article: Article) -> SafeString:
    """One badge per piece, the same wording on every desk page (“Live · changes pending”).

    A scheduled piece past its time also says so, naming the last run of publishing: never a quiet
    “Scheduled” when nothing will publish it.
    """
    css, label = publication_state(article)
    badge = format_html('<span class="state-badge {} state-{}">{}</span>', css, article.status, label)
    note = overdue_note(context, article)
    return format_html("{} {}", badge, note) if note else badge


@register.simple_tag(takes_context=True)
def overdue_note(context, article: Article) -> SafeString | str:
    """“Overdue — publishing has not run since 14:02” for a scheduled piece past its time; else nothing."""
    if not scheduling.is_overdue(article):
        return ""
    return format_html('<span class="state-badge state-overdue">{}</span>', scheduling.overdue_text(_last_run(context)))


def _last_run(context):
    """The last publishing run, read once per request however many pieces a page lists."""
    request = context.get("request")
    cached = getattr(request, "_newsroom_last_run", _UNREAD)
    if cached is _UNREAD:
        cached = scheduling.last_run()
        if request is not None:
            request._newsroom_last_run = cached
    return cached


_UNREAD = object()


# Suggestion mode's events (articles.workflow.suggestions): the state stays, the event says what happened.
SUGGESTION_EVENTS = {
    "suggested": gettext_lazy("Changes suggested"),
    "suggestions_accepted": gettext_lazy("Suggestions accepted"),
    "suggestions_rejected": gettext_lazy("Suggestions rejected"),
}


@register.filter
def event_title(event: WorkflowEvent) -> str:
    """“Draft → In review”, or what happened when the state stayed (a restore, a rescheduled revision)."""
    if event.from_state != event.to_state:
        return f"{event.get_from_state_display()} → {event.get_to_state_display()}"
    if event.transition == "restore":
        return _("Revision restored")
    if event.transition == "picture_corrected":
        return _("Picture corrected on the live version")
    if event.transition in SUGGESTION_EVENTS:
        return str(SUGGESTION_EVENTS[event.transition])
    spec = TRANSITIONS.get(event.transition)
    return str(spec.label) if spec else event.transition
