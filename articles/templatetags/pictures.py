"""Template filter naming placed pictures like the rest of the desk ("Picture 1 · lead")."""

from __future__ import annotations

from django import template

from articles.media.naming import picture_name as _picture_name

register = template.Library()


@register.filter
def picture_name(number: int, role: str) -> str:
    """`{{ forloop.counter|picture_name:placement.role }}`"""
    return _picture_name(int(number), role)
