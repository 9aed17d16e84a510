"""Widgets of the desk's forms: browser date pickers and the picture picker.

The picture picker replaces a <select> with one <option> per library picture in every placement
row: it shows the chosen picture and a search box. Without JavaScript the box takes a picture's
number (the library search page shows each one); static/js/picture_picker.js turns it into a
combobox that asks `desk:picture-search` for matches as the user types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Image

# What <input type="datetime-local"> sends and expects (no seconds, no zone: the newsroom's zone).
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_LOCAL_INPUT_FORMATS = [DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-time picker; the value is read and shown in the newsroom's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL_FORMAT)


# What a picture's label (`str()` and `credit_line`) reads.
LABEL_FIELDS = ("id", "caption", "alt_text", "file", "creator", "organisation", "agencies", "source")
# "12", "#12" or a whole label "#12 · Harbour at dawn · © Ann": the picture number leads.
PICTURE_NUMBER = re.compile(r"^\s*#?\s*(\d{1,18})\b")


def picture_label(image: Image) -> str:
    """“#12 · Harbour at dawn · © Ann/dpa”: number, caption, credit (or “no credit”)."""
    return f"#{image.pk} · {image} · {image.credit_line or _('no credit')}"


def picture_number(value) -> int | None:
    """The picture number a picker's text starts with (None when it has none)."""
    if isinstance(value, int):
        return value
    found = PICTURE_NUMBER.match(str(value or ""))
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class ChosenPicture:
    label: str
    thumbnail: str = ""


# The picker's template sits with the desk's templates, which the project's engine finds (Django's
# default form renderer looks only in the apps' and its own template folders).
PROJECT_TEMPLATES = TemplatesSetting()


class PicturePicker(forms.TextInput):
    """A search box for one library picture that shows the chosen one (thumbnail and label).

    `chosen` maps picture numbers to what is shown for them; the placement formset fills it for
    all its rows with one query, so a page costs the same whatever the library holds.
    """

    template_name = "desk/widgets/picture_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.chosen: dict[int, ChosenPicture] = {}

    def format_value(self, value):
        number = picture_number(value)
        if number is not None and number in self.chosen:
            return self.chosen[number].label
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        number = picture_number(value)
        widget = context["widget"]
        widget["chosen"] = self.chosen.get(number) if number is not None else None
        widget["search_url"] = reverse("desk:picture-search")
        # The help beside the box, after what crispy points to (the errors).
        helps = f"{widget['attrs'].get('id', name)}_pickerhelp"
        widget["attrs"]["aria-describedby"] = f"{widget['attrs'].get('aria-describedby', '')} {helps}".strip()
        return context

    def _render(self, template_name, context, renderer=None):
        return super()._render(template_name, context, PROJECT_TEMPLATES)
