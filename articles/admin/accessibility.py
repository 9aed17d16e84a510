"""Tabular inlines whose fields screen readers can name.

A tabular inline prints each field's label once, in the table head, so the inputs of
each row have no `<label>`: axe reports them ("Form elements must have labels").
Every widget of such an inline gets an `aria-label` with its field's label (and the
row number), the "Delete" checkbox included.
"""

from __future__ import annotations

from django.contrib import admin
from django.forms import Form
from django.http import HttpRequest
from django.utils.translation import gettext


def _label_row(form: Form, index: int | None) -> None:
    row = gettext("row %(number)s") % {"number": index + 1} if index is not None else gettext("new row")
    for field in form.fields.values():
        label = str(field.label or "")
        if label:
            field.widget.attrs.setdefault("aria-label", f"{label} ({row})")


class LabelledTabularInline(admin.TabularInline):
    """A TabularInline whose every input carries an accessible name."""

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset_class):
            def add_fields(self, form: Form, index: int | None) -> None:
                super().add_fields(form, index)
                _label_row(form, index)

            @property
            def empty_form(self) -> Form:
                form = super().empty_form
                _label_row(form, None)
                return form

        LabelledFormSet.__name__ = formset_class.__name__
        return LabelledFormSet
