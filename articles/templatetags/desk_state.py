"""The desk's state badge: the workflow state, and whether the piece is live with changes pending."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles.models import Article, WorkflowEvent
from articles.workflow.revisions import publication_state
from articles.workflow.table import TRANSITIONS

register = template.Library()


@register.simple_tag
def state_badge(article: Article) -> SafeString:
    """One badge per piece, the same wording on every desk page (“Live · changes pending”)."""
    css, label = publication_state(article)
    return format_html('<span class="state-badge {} state-{}">{}</span>', css, article.status, label)


@register.filter
def event_title(event: WorkflowEvent) -> str:
    """“Draft → In review”, or what happened when the state stayed (a restore, a rescheduled revision)."""
    if event.from_state != event.to_state:
        return f"{event.get_from_state_display()} → {event.get_to_state_display()}"
    if event.transition == "restore":
        return _("Revision restored")
    if event.transition == "picture_corrected":
        return _("Picture corrected on the live version")
    spec = TRANSITIONS.get(event.transition)
    return str(spec.label) if spec else event.transition
