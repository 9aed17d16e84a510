"""The editor's fast field markup is crispy's and Django's markup: same HTML, fewer templates."""

from __future__ import annotations

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from articles.desk.editing import _upload_fields
from articles.desk.field_markup import field_html
from articles.desk.forms import ArticleForm, BylineFormSet, PlacementFormSet
from articles.desk.picture_details import PictureDetailsForm
from articles.desk.widgets import DESK_RENDERER, DJANGO_TEMPLATES, DeskFormRenderer, LongSelect, SharedChoices
from tests import factories

pytestmark = pytest.mark.django_db

DJANGO_RENDERER = DjangoTemplates()


def crispy_and_ours(bound) -> tuple:
    """Both renderings of one field, each starting from the widget's own classes (both add classes to it)."""
    attrs = dict(bound.field.widget.attrs)
    ours = field_html(bound)
    bound.field.widget.attrs = attrs
    theirs = as_crispy_field(bound)
    return parse_html(str(ours)), parse_html(str(theirs))


def assert_same_fields(form) -> None:
    for bound in form:
        ours, theirs = crispy_and_ours(bound)
        assert ours == theirs, bound.name


def test_every_editor_field_looks_as_crispy_renders_it(writer):
    article = factories.ArticleFactory(created_by=writer, authors=[writer.author])
    factories.PlacementFactory(article=article, role="lead", caption="Own <caption>")
    assert_same_fields(ArticleForm(instance=article))
    bylines = BylineFormSet(instance=article, prefix="bylines")
    placements = PlacementFormSet(instance=article, prefix="placements")
    for form in [*bylines.forms, bylines.empty_form, *placements.forms, placements.empty_form]:
        assert_same_fields(form)
    for bound in _upload_fields():
        ours, theirs = crispy_and_ours(bound)
        assert ours == theirs, bound.name


def test_errors_and_required_marks_look_as_crispy_renders_them(writer):
    article = factories.ArticleFactory(created_by=writer)
    data = {"headline": "", "slug": "not a slug", "date": "yesterday", "base_version": "x"}
    form = ArticleForm(data, instance=article)
    assert not form.is_valid()
    assert_same_fields(form)
    # Without a helper crispy writes errors as paragraphs; with one (the article form) as spans.
    placements = PlacementFormSet(
        {
            "placements-TOTAL_FORMS": "1",
            "placements-INITIAL_FORMS": "0",
            "placements-0-image": "999999",
            "placements-0-role": "sideways",
            "placements-0-position": "-1",
        },
        instance=article,
        prefix="placements",
    )
    assert not placements.is_valid()
    assert_same_fields(placements.forms[0])
    html = str(field_html(placements.forms[0]["role"]))
    assert 'class="invalid-feedback"' in html and "<p " in html and "is-invalid" in html


def test_check_boxes_help_texts_and_odd_labels_look_as_crispy_renders_them():
    class Odd(forms.Form):
        agree = forms.BooleanField(label="I <agree>", help_text="Read <b>this</b> first.")
        optional = forms.BooleanField(required=False)
        nameless = forms.CharField(label="", required=False)
        number = forms.IntegerField(help_text="Whole numbers", widget=forms.NumberInput(attrs={"class": "wide"}))
        when = forms.DateTimeField(required=False, initial=datetime.datetime(2026, 11, 26, 5, 0))
        kind = forms.ChoiceField(choices=[("a", "A & B"), ("Group", [("c", "C"), ("d", "D")])])
        note = forms.CharField(widget=forms.Textarea, initial="<script>")

    for data in (None, {"agree": "", "number": "x", "kind": "z"}):
        form = Odd(data)
        form.is_valid() if data else None
        assert_same_fields(form)
        form = Odd(data)
        form.helper = FormHelper()
        form.is_valid() if data else None
        assert_same_fields(form)


def test_fields_and_helpers_it_does_not_know_are_left_to_crispy():
    class Other(forms.Form):
        picture = forms.FileField()
        pick = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        when = forms.SplitDateTimeField()

    for bound in Other():
        assert str(field_html(bound)) == str(as_crispy_field(bound))
    horizontal = Other()
    horizontal.fields["text"] = forms.CharField()
    horizontal.helper = FormHelper()
    horizontal.helper.label_class = "col-2"
    horizontal.helper.field_class = "col-10"
    horizontal.helper.form_class = "form-horizontal"
    inline_help = ArticleForm()
    inline_help.helper.help_text_inline = True
    for bound in (horizontal["text"], inline_help["headline"]):
        assert str(field_html(bound)) == str(as_crispy_field(bound))


# --- the widget templates -------------------------------------------------------------------------


def widget_samples() -> list[tuple[forms.Widget, object]]:
    lazy_safe = mark_safe("<b>kept</b>")
    return [
        (forms.TextInput(attrs={"class": "a", "maxlength": 10, "data-x": "\"'<>&", "autofocus": True}), "v & <w>"),
        (forms.TextInput(attrs={"hidden": False, "placeholder": None}), None),
        (forms.TextInput(), lazy_safe),
        (forms.NumberInput(attrs={"min": 0}), 3),
        (forms.HiddenInput(), ""),
        (forms.EmailInput(), "a@example.org"),
        (forms.URLInput(), "https://example.org/?a=1&b=2"),
        (forms.PasswordInput(render_value=True), "secret"),
        (forms.DateInput(format="%Y-%m-%d"), datetime.date(2026, 11, 26)),
        (forms.DateTimeInput(), datetime.datetime(2026, 11, 26, 5, 30)),
        (forms.TimeInput(), datetime.time(5, 30)),
        (forms.CheckboxInput(), True),
        (forms.CheckboxInput(), False),
        (forms.Textarea(attrs={"rows": 3}), "Line one\n\n<Line> & two"),
        (forms.Textarea(), ""),
        (forms.Textarea(), None),
        (forms.Select(choices=[("", "---"), (1, "One & <1>"), (2, "Two")]), 2),
        (forms.Select(choices=[("x", "X"), ("Group <g>", [("a", "A"), ("b", "B")])]), "b"),
        (forms.Select(choices=[(None, "None"), (1.5, 1.5), (3, 3000)]), None),
        (forms.NullBooleanSelect(), True),
        (forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]), ["a", "c"]),
    ]


@pytest.mark.parametrize("index", range(len(widget_samples())))
def test_the_renderer_writes_what_djangos_widget_templates_write(index):
    widget, value = widget_samples()[index]
    attrs = {"id": "id_field", "required": True, "aria-describedby": "id_field_helptext"}
    assert f"django/forms/widgets/{widget.template_name.rsplit('/', 1)[1]}" in DESK_RENDERER._fast
    ours = widget.render("field", value, attrs=attrs, renderer=DESK_RENDERER)
    theirs = widget.render("field", value, attrs=attrs, renderer=DJANGO_RENDERER)
    assert ours == theirs


@pytest.mark.parametrize("value", [None, "", 2, "2", 12, 99])
def test_long_selects_shared_choices_render_as_its_own_choices(value):
    choices = [("", "---"), (1, "One & <1>"), (2, "Two"), (12, "Twelve")]
    widget = LongSelect(choices=choices)
    shared = LongSelect()
    shared.shared_choices = SharedChoices(choices)
    assert widget.render("image", value) == shared.render("image", value)
    # Django's own select marks the same option.
    django = forms.Select(choices=choices).render("image", value, renderer=DJANGO_RENDERER)
    assert parse_html(str(shared.render("image", value))) == parse_html(django)


def test_an_overridden_widget_template_is_rendered_from_the_template(tmp_path):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "textarea.html").write_text('<textarea class="ours">{{ widget.value }}</textarea>')

    class Overridden(DeskFormRenderer):
        @cached_property
        def engine(self):
            dirs = [tmp_path, DJANGO_TEMPLATES]
            return self.backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "overridden", "OPTIONS": {}})

    renderer = Overridden()
    assert forms.Textarea().render("body", "x", renderer=renderer) == '<textarea class="ours">x</textarea>'
    # Inputs are still Django's own templates: they keep the fast path.
    assert "textarea.html" not in renderer._fast and "django/forms/widgets/text.html" in renderer._fast


def test_picture_details_forms_render_as_before(writer):
    image = factories.ImageFactory(caption="A <caption>", creator="Ann")
    ours = PictureDetailsForm(instance=image)
    theirs = PictureDetailsForm(instance=image, renderer=DJANGO_RENDERER)
    for name in ours.fields:
        assert str(ours[name]) == str(theirs[name]), name


# --- the findings beside the editor -------------------------------------------------------------

LOOPED_FINDINGS = (
    "{% load i18n %}{% for number, finding in findings %}"
    '<li><span class="badge {% if finding.is_blocking %}text-bg-danger{% else %}text-bg-warning{% endif %}">'
    '{% if finding.is_blocking %}{% translate "blocking" %}{% else %}{% translate "warning" %}{% endif %}</span> '
    "{{ finding.message }}</li>{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_findings_list_is_what_the_template_loop_wrote(writer, language):
    from django.template import Context, Template
    from django.utils import translation

    from articles.review.checks import run_checks
    from articles.review.page import number_findings

    article = factories.ArticleFactory(created_by=writer, headline="", body="Teh <b>council</b> recieve it.")
    findings = number_findings(run_checks(article))
    assert {finding.is_blocking for _number, finding in findings} == {True, False}
    with translation.override(language):
        context = Context({"findings": findings})
        looped = Template(LOOPED_FINDINGS).render(context)
        ours = Template("{% load desk_editing %}{% findings_compact findings %}").render(context)
    assert parse_html(ours) == parse_html(looped)


HELP = (
    '{% if field.help_text %}<div class="form-text" id="{{ field.auto_id }}_helptext">'
    "{{ field.help_text }}</div>{% endif %}"
)
LOOPED_PICTURE_FIELDS = (
    '{% for field in pform %}{% if field.field.widget.input_type == "checkbox" %}'
    '<div class="form-check mb-2">{{ field }} <label class="form-check-label" for="{{ field.id_for_label }}">'
    "{{ field.label }}</label>" + HELP + "</div>{% else %}"
    '<div class="mb-2"><label class="form-label small mb-0" for="{{ field.id_for_label }}">{{ field.label }}</label>'
    "{{ field }}" + HELP + "</div>{% endif %}{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "de"])
def test_picture_detail_fields_are_what_the_template_loop_wrote(language):
    from django.template import Context, Template
    from django.utils import translation

    image = factories.ImageFactory(caption="A <caption> & more", creator="Ann", is_archive=True)
    form = PictureDetailsForm(instance=image)
    with translation.override(language):
        context = Context({"pform": form})
        looped = Template(LOOPED_PICTURE_FIELDS).render(context)
        ours = Template("{% load desk_editing %}{% for field in pform %}{{ field|picture_detail_field }}{% endfor %}")
        assert parse_html(ours.render(context)) == parse_html(looped)
