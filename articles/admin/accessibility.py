"""Admin pages that validate and that screen readers can name.

Two gaps in Django's admin, closed here:

- A tabular inline prints each field's label once, in the table head, so the inputs of
  each row have no `<label>` (axe: "Form elements must have labels") and point
  `aria-describedby` at help-text elements the table never prints (Nu HTML Checker error).
  Every widget of such an inline gets an `aria-label` with its label, help text and row; the
  help text becomes the input's tooltip instead of the column head's.
- An optional autocomplete select starts with an empty `<option>`, which HTML forbids
  outside a placeholder; it gets the dashes every other optional select shows, and select2's
  combobox gets the field's name as placeholder (else it has no accessible name while empty).
- A date-and-time field is two inputs under one legend; each gets its own name.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.db.models import BLANK_CHOICE_DASH
from django.forms import Form
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext


def _label_row(form: Form, index: int | None) -> None:
    row = gettext("row %(number)s") % {"number": index + 1} if index is not None else gettext("new row")
    for field in form.fields.values():
        label = str(field.label or "")
        if not label or field.widget.is_hidden:
            continue  # a hidden input (the row's id, its foreign key) must carry no aria-* (HTML forbids it)
        help_text = str(field.help_text or "")
        field.widget.attrs.setdefault(
            "aria-label", f"{label} ({row}): {help_text}" if help_text else f"{label} ({row})"
        )
        if help_text:
            # A row has no help-text element for Django's aria-describedby to point at (invalid HTML):
            # the help moves into the name above and a tooltip on the input.
            field.widget.attrs["title"] = help_text
            field.help_text = ""


class LabelledTabularInline(admin.TabularInline):
    """A TabularInline whose every input carries an accessible name."""

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset_class):
            def add_fields(self, form: Form, index: int | None) -> None:
                super().add_fields(form, index)
                _label_row(form, index)

        LabelledFormSet.__name__ = formset_class.__name__
        return LabelledFormSet


class DashedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete select whose empty choice reads “---------” (an empty option is invalid HTML).

    Its placeholder is the field's name, so select2's combobox has an accessible name while empty.
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = capfirst(self.field.verbose_name)
        return attrs

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        for _group, options, _index in groups:
            for option in options:
                if option["value"] == "" and not option["label"]:
                    option["label"] = BLANK_CHOICE_DASH[0][1]
        return groups


class AccessibleAdminMixin:
    """For ModelAdmins and inlines: autocomplete selects with `DashedAutocompleteSelect`, and
    date-and-time fields whose two inputs are each named (the admin labels only the pair)."""

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = DashedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, AdminSplitDateTime):
            label = capfirst(formfield.label or db_field.verbose_name)
            date_widget, time_widget = widget.widgets
            date_widget.attrs["aria-label"] = gettext("%(field)s: date") % {"field": label}
            time_widget.attrs["aria-label"] = gettext("%(field)s: time") % {"field": label}
        return formfield
