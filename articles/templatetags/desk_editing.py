"""Template filters for the desk's editing and review pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.review.comments import MENTION_RE

register = template.Library()


@register.filter
def mentions(body: str) -> SafeString:
    """The comment escaped, @mentions marked, line breaks kept."""
    escaped = escape(body or "")
    marked = MENTION_RE.sub(lambda match: f'<span class="mention">@{match.group(1)}</span>', escaped)
    # Safe: built from escaped text; only our own span tags are added.
    return mark_safe(marked.replace("\n", "<br>"))


@register.simple_tag
def diff_chunk(op: str, text: str) -> SafeString:
    """One chunk of a word diff: inserted text in <ins>, deleted in <del>."""
    if op == "insert":
        return format_html('<ins class="diff-ins">{}</ins>', text)
    if op == "delete":
        return format_html('<del class="diff-del">{}</del>', text)
    return format_html("{}", text)
