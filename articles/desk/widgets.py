"""Form widgets the desk needs to stay fast.

`LongSelect` renders a <select> with hundreds of options (the picture library in every
placement row) in one pass of Python instead of one template render per option: with
1,000 pictures Django's template-per-option rendering took about a second per editor page.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """A single-choice <select> rendered without a template per option (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.is_required and "required" not in final and self.use_required_attribute(value):
            final["required"] = True
        chosen = {str(item) for item in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{escape(key)}"{selected}>{escape(label)}</option>')
        # Safe: every value and label is escaped above (the standard library's escape: Django's
        # lazy-aware one costs more than the rendering itself); attributes go through flatatt.
        return mark_safe(f"<select{flatatt(final)}>\n{''.join(options)}\n</select>")


# The picture library as (id, label) choices, rebuilt only when the library changes: building a
# thousand labels (model instances, credit lines) for every editor page cost more than the page.
_library: dict = {"key": None, "choices": []}


def library_choices(label_for) -> list[tuple]:
    """Every library image as (id, label), newest first; `label_for(image)` makes a label."""
    from django.db.models import Count, Max

    from articles.desk.forms import LIBRARY_LABEL_FIELDS
    from articles.models import Image

    key = tuple(Image.objects.aggregate(n=Count("pk"), changed=Max("updated_at"), newest=Max("pk")).values())
    if _library["key"] != key:
        images = Image.objects.order_by("-created_at").only(*LIBRARY_LABEL_FIELDS)
        _library["choices"] = [(image.pk, label_for(image)) for image in images]
        _library["key"] = key
    return _library["choices"]
