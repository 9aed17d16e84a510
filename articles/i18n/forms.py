"""The piece's language in the desk and admin article forms."""

from __future__ import annotations

from django import forms

from articles.i18n.languages import site_language


def optional_language(form: forms.ModelForm) -> None:
    """Make the form's "language" field optional: a form that does not send it keeps the piece's language.

    Older clients (and scripts posting the editor form) know nothing of languages; for them the
    stored language, or for a new piece the site's, is kept instead of refusing the save.
    """
    field = form.fields.get("language")
    if field is None:
        return
    field.required = False
    # The model's callable default would add a hidden "initial-language" copy carrying the field's
    # aria-* attributes (invalid HTML); this form never compares against it (it keeps the stored language).
    field.show_hidden_initial = False
    field.initial = form.instance.language if form.instance.pk else site_language()
    default_clean = field.clean

    def clean(value):
        return default_clean(value) or form.instance.language or site_language()

    field.clean = clean
