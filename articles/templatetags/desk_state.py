"""The desk's state badge: the workflow state, and whether the piece is live with changes pending."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Article
from articles.workflow.revisions import publication_state

register = template.Library()


@register.simple_tag
def state_badge(article: Article) -> SafeString:
    """One badge per piece, the same wording on every desk page (“Live · changes pending”)."""
    css, label = publication_state(article)
    return format_html('<span class="state-badge {} state-{}">{}</span>', css, article.status, label)
