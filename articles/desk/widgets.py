"""Form widgets the desk needs to stay fast.

`LongSelect` renders a <select> with hundreds of options (the picture library in every
placement row) in one pass of Python instead of one template render per option: with
1,000 pictures Django's template-per-option rendering took about a second per editor page.

`DeskFormRenderer` does the same for every input, text area and select of the editor: it writes
the markup of Django's own widget templates in Python (a template render per widget, and one more
for its attributes, cost more than the rest of a field). Whatever it does not know it leaves to
the templates, and it steps aside for any widget template a project or app has overridden.
"""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language


class SharedChoices(list):
    """(value, label) choices built once for many selects; their <option> tags are written once too."""

    @functools.cached_property
    def options(self) -> str:
        """The options, none selected."""
        return "".join(_option(value, label) for value, label in self)


def _option(value, label, selected: str = "") -> str:
    key = "" if value is None else str(value)
    # The standard library's escape: Django's lazy-aware one costs more than the rendering itself.
    return f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>'


class LongSelect(forms.Select):
    """A single-choice <select> rendered without a template per option (no option groups).

    Rows can share one `SharedChoices` list through `shared_choices`: it is never copied or
    normalised per row, and its options are written once for all of them.
    """

    shared_choices: SharedChoices | None = None

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.is_required and "required" not in final and self.use_required_attribute(value):
            final["required"] = True
        chosen = {str(item) for item in self.format_value(value)}
        if self.shared_choices is not None:
            options = self.shared_choices.options
            for key in chosen:
                options = options.replace(f'<option value="{escape(key)}">', f'<option value="{escape(key)}" selected>')
        else:
            options = "".join(
                _option(option, label, " selected" if ("" if option is None else str(option)) in chosen else "")
                for option, label in self.choices
            )
        # Safe: every value and label is escaped (`_option`); attributes go through flatatt.
        return mark_safe(f"<select{flatatt(final)}>\n{options}\n</select>")


# The picture library as choices, per language (labels say "no credit"), rebuilt only when the
# library changes: building a thousand labels (model instances, credit lines) and their options for
# every editor page cost more than the page.
_libraries: dict[str, tuple[tuple, SharedChoices]] = {}


def library_choices(field: forms.ModelChoiceField) -> SharedChoices:
    """Every library image as (id, label), newest first, after the field's empty choice."""
    from django.db.models import Count, Max

    from articles.desk.forms import LIBRARY_LABEL_FIELDS
    from articles.models import Image

    key = tuple(Image.objects.aggregate(n=Count("pk"), changed=Max("updated_at"), newest=Max("pk")).values())
    language = get_language() or ""
    cached = _libraries.get(language)
    if cached is None or cached[0] != key:
        images = Image.objects.order_by("-created_at").only(*LIBRARY_LABEL_FIELDS)
        choices = SharedChoices(
            [("", field.empty_label), *((image.pk, field.label_from_instance(image)) for image in images)]
        )
        cached = _libraries[language] = (key, choices)
    return cached[1]


# --- the widget templates, in Python ------------------------------------------------------------
# Each function writes exactly what its template renders from the same context (`{{ }}` escapes
# and localises; `stringformat:'s'` keeps safe strings safe), so a page looks the same either way.


def rendered(value) -> str:
    """`{{ value }}`: localised, then escaped unless safe."""
    if not isinstance(value, str):
        value = localize(template_localtime(value))
        if not isinstance(value, str):
            value = str(value)
    return conditional_escape(value)


def _as_string(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # what the filter does
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {rendered(name)}" if value is True else f' {rendered(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_as_string(widget["value"])}"'
    attrs = _attrs(widget["attrs"])
    return f'<input type="{rendered(widget["type"])}" name="{rendered(widget["name"])}"{value}{attrs}>'


def _textarea(widget: dict) -> str:
    text = rendered(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{rendered(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{rendered(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{rendered(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # a custom option template: the templates render the whole select
            parts.append(
                f'\n  <option value="{_as_string(option["value"])}"{_attrs(option["attrs"])}>'
                f"{rendered(option['label'])}</option>\n"  # the included template's last line break
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


INPUT_TEMPLATES = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "checkbox")
FAST_TEMPLATES = {
    **{f"django/forms/widgets/{name}.html": _input for name in INPUT_TEMPLATES},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}
DJANGO_TEMPLATES = Path(forms.__file__).resolve().parent / "templates"


class DeskFormRenderer(DjangoTemplates):
    """Django's default form renderer, with the common widget templates written in Python."""

    @functools.cached_property
    def _fast(self) -> dict:
        """The Python renderings whose templates (and the ones they include) are still Django's own."""
        included = ("django/forms/widgets/input.html", "django/forms/widgets/attrs.html", OPTION_TEMPLATE)
        if not all(self._is_djangos(name) for name in included):
            return {}
        return {name: render for name, render in FAST_TEMPLATES.items() if self._is_djangos(name)}

    def _is_djangos(self, template_name: str) -> bool:
        origin = Path(self.get_template(template_name).origin.name).resolve()
        return origin.is_relative_to(DJANGO_TEMPLATES)

    def render(self, template_name, context, request=None):
        render = self._fast.get(template_name)
        if render is not None and request is None and "widget" in context:
            html = render(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


DESK_RENDERER = DeskFormRenderer()
