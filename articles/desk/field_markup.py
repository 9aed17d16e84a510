"""A form field with its label, help text and errors, as crispy-forms' Bootstrap 5 pack writes it, in Python.

The editor shows dozens of fields (every byline and picture row has its own); crispy's
`field.html` renders five templates per field and cost more than the rest of the page. `field_html`
writes the same markup for the fields the desk uses (inputs, text areas, selects, check boxes)
and leaves anything else — file inputs, radio buttons, multi-widgets, helpers with layout
options — to crispy itself. `tests/desk/test_field_markup.py` holds the two side by side.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms.utils import get_template_pack
from django import forms
from django.conf import settings
from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from articles.desk.widgets import rendered

ASTERISK = '<span class="asteriskField">*</span>'
# Widgets crispy renders with templates of their own (file inputs, choices as radio buttons or boxes)
# or through wrapped widgets: left to crispy.
OWN_TEMPLATES = (forms.FileInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.MultiWidget)


def _plain(helper) -> bool:
    """No helper, or one whose options leave a field's markup as crispy's default."""
    if helper is None:
        return True
    return (
        not helper.label_class
        and not helper.field_class
        and not helper.help_text_inline
        and helper.form_show_labels
        and helper.form_show_errors
        and helper.field_template in (None, "", "bootstrap5/field.html")
        and "form-horizontal" not in (helper.form_class or "")
        and not any(getattr(helper, name, "") for name in ("wrapper_class", "tag"))
    )


def _widget(bound: BoundField, css: str) -> str:
    """`{% crispy_field field 'class' css %}`: the widget's class name and `css` join its classes (as crispy does)."""
    widget = bound.field.widget
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    classes = widget.attrs.get("class", "")
    if classes:
        if classes.find(class_name) == -1:
            classes += f" {class_name}"
    else:
        classes = class_name
    for name in css.split():
        if name not in classes.split():
            classes += f" {name}"
    widget.attrs["class"] = classes  # crispy keeps it on the widget too
    return str(bound)


def _help_and_errors(bound: BoundField, auto_id: str, *, inline_errors: bool) -> str:
    """bootstrap5/layout/help_text_and_errors.html (help text not inline)."""
    parts = []
    errors = bound.errors
    if errors:
        tag = "span" if inline_errors else "p"
        parts.append(f'<div id="{rendered(getattr(errors, "field_id", ""))}_error" class="invalid-feedback">')
        parts.extend(
            f'<{tag} id="error_{number}_{rendered(auto_id)}"><strong>{rendered(error)}</strong></{tag}>'
            for number, error in enumerate(errors, start=1)
        )
        parts.append("</div>")
    help_text = str(bound.help_text)  # lazy texts translated once, not at every test and use
    if help_text:
        # Help texts are the form's own markup (`|safe` in crispy's template).
        where = f'id="{rendered(auto_id)}_helptext" ' if auto_id else ""
        parts.append(f'<div {where}class="form-text">{help_text}</div>')
    return "\n".join(parts)


def field_html(bound: BoundField) -> SafeString:
    """What `{{ bound|as_crispy_field }}` renders with the Bootstrap 5 pack (markup equal, whitespace aside)."""
    widget = bound.field.widget
    helper = getattr(bound.form, "helper", None)
    if (
        get_template_pack() != "bootstrap5"
        or not _plain(helper)
        or isinstance(widget, OWN_TEMPLATES)
        or hasattr(widget, "widget")
        or widget.use_fieldset
    ):
        return as_crispy_field(bound)
    if bound.is_hidden:
        return mark_safe(str(bound))
    # Without a helper crispy's context has no "error_text_inline": errors come as paragraphs.
    helps = {"inline_errors": helper.error_text_inline if helper is not None else False}
    invalid = " is-invalid" if bound.errors else ""
    required = bound.field.required
    auto_id, css_classes, label = bound.auto_id, bound.css_classes(), str(bound.label)
    extra = f" {conditional_escape(css_classes)}" if css_classes else ""
    shown_label = rendered(label) + (ASTERISK if required else "") if label else ""
    marked = " requiredField" if required else ""
    if isinstance(widget, forms.CheckboxInput):
        parts = [
            '<div class="mb-3">',
            f'<div id="div_{rendered(auto_id)}" class="form-check{extra}">',
            _widget(bound, f"form-check-input{invalid}"),
            f'<label for="{rendered(bound.id_for_label)}" class="form-check-label{marked}">{shown_label}</label>',
            _help_and_errors(bound, auto_id, **helps),
            "</div>",
            "</div>",
        ]
    else:
        parts = [f'<div id="div_{rendered(auto_id)}" class="mb-3{extra}">']
        if label:
            target = f'for="{rendered(bound.id_for_label)}" ' if bound.id_for_label else ""
            parts.append(f'<label {target}class="form-label{marked}">{shown_label}</label>')
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        parts += [_widget(bound, f"{css}{invalid}"), _help_and_errors(bound, auto_id, **helps), "</div>"]
    # Safe: labels, ids and errors are escaped above; the widget and help text are the form's own markup.
    return mark_safe("\n".join(part for part in parts if part))
