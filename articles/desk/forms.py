"""Desk forms: the article editor, its ordered bylines and image placements, review actions.

Forms only validate and carry data; saving goes through `articles.workflow.transitions` (the
version check and the state rules live there), see `articles.desk.editing`.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.desk.widgets import DESK_RENDERER, LongSelect, library_choices
from articles.i18n.forms import optional_language
from articles.models import Article, Author, Byline, Image, Placement, Section
from articles.workflow import merging, receipts

# What <input type="datetime-local"> sends and expects (no seconds, no zone: the newsroom's zone).
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_LOCAL_INPUT_FORMATS = [DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S"]

# The working copy's fields the editor writes are exactly those a stale save merges three-way
# (one list, so a field added to the editor can never be dropped by a merge).
ARTICLE_FIELDS = list(merging.MERGED_FIELDS)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-time picker; the value is read and shown in the newsroom's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL_FORMAT)


def time_zone_help() -> str:
    return _("Newsroom time (%(zone)s).") % {"zone": settings.TIME_ZONE}


class ArticleForm(forms.ModelForm):
    """Every field of the working copy, plus the version the user started from."""

    default_renderer = DESK_RENDERER

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # One per rendered form: a resend of the same submission is recognised (see workflow.receipts).
    save_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    expire_at = forms.DateTimeField(
        label=_("Withdraw at"),
        required=False,
        widget=DateTimeLocalInput,
        input_formats=DATETIME_LOCAL_INPUT_FORMATS,
    )
    embargoed_until = forms.DateTimeField(
        label=_("Embargoed until"),
        required=False,
        widget=DateTimeLocalInput,
        input_formats=DATETIME_LOCAL_INPUT_FORMATS,
    )

    class Meta:
        model = Article
        fields = ARTICLE_FIELDS
        widgets = {
            "teaser": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace editor-body"}),
            "date": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "base_version" not in self.initial:
            self.initial["base_version"] = self.instance.version
        elif not self.instance.pk:
            self.initial.setdefault("base_version", 1)
            self.fields["base_version"].required = False
        self.initial.setdefault("save_token", receipts.new_token())
        self.fields["section"].queryset = Section.objects.order_by("position", "name")
        optional_language(self)
        self.fields["expire_at"].help_text = (
            _("Optional: the piece is taken off the site at this time.") + " " + (time_zone_help())
        )
        self.fields["embargoed_until"].help_text = (
            _("Optional: partners receive the piece at once, readers only from this time.") + " " + time_zone_help()
        )
        # Live counters (static/js/editor.js) read the limits from data attributes.
        limits = {
            "headline": (None, settings.NEWSROOM_HEADLINE_MAX),
            "teaser": (settings.NEWSROOM_TEASER_MIN, settings.NEWSROOM_TEASER_MAX),
        }
        for name, (minimum, maximum) in limits.items():
            attrs = self.fields[name].widget.attrs
            attrs["data-count"] = "true"
            attrs["data-count-max"] = str(maximum)
            if minimum:
                attrs["data-count-min"] = str(minimum)
            attrs["aria-describedby"] = f"id_{name}_count"
        body_max = settings.NEWSROOM_BODY_MAX_CHARS
        body = self.fields["body"]
        body.validators.append(
            MaxLengthValidator(
                body_max,
                message=_(
                    "The body has %(show_value)s characters; the editor accepts at most %(limit_value)s. "
                    "Nothing was saved — your text is still here: shorten it or split the piece."
                ),
            )
        )
        # No maxlength attribute: the browser would cut a paste silently. static/js/editor_body.js checks instead.
        body.widget.attrs["data-max-chars"] = str(body_max)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def changed_fields(self) -> dict:
        """The article fields as submitted, for `workflow.save_article` / the conflict page."""
        return {name: self.cleaned_data[name] for name in ARTICLE_FIELDS}


class AuthorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Author) -> str:
        return f"{obj.name} ({obj.sign_off})"


class BylineForm(forms.ModelForm):
    default_renderer = DESK_RENDERER
    author = AuthorChoiceField(label=_("Author"), queryset=Author.objects.all())

    class Meta:
        model = Byline
        fields = ["author", "position"]
        widgets = {"position": forms.NumberInput(attrs={"class": "js-position", "min": 0})}


class BaseBylineFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        # A new piece starts with the rows given as initial (the writer's own byline).
        if kwargs.get("initial"):
            self.extra = len(kwargs["initial"])
        super().__init__(*args, **kwargs)
        # One query for the author choices, shared by every row (validation asks the queryset).
        field = AuthorChoiceField(queryset=Author.objects.none())
        authors = Author.objects.order_by("name").only("pk", "name", "sign_off")
        choices = [("", field.empty_label), *((author.pk, field.label_from_instance(author)) for author in authors)]
        for form in [*self.forms, self.empty_form]:
            form.fields["author"].widget.choices = choices  # what the select shows; the field checks its queryset

    @cached_property
    def empty_form(self):
        """The template row, built once: the template and the choices above share it."""
        return super().empty_form

    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            author = form.cleaned_data.get("author")
            if author is None:
                continue
            if author.pk in seen:
                raise ValidationError(_("%(name)s is on the byline twice.") % {"name": author.name})
            seen.add(author.pk)


BylineFormSet = inlineformset_factory(
    Article,
    Byline,
    form=BylineForm,
    formset=BaseBylineFormSet,
    extra=0,
    can_delete=True,
    renderer=DESK_RENDERER,
)


class ImageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Image) -> str:
        credit = obj.credit_line or _("no credit")
        return f"#{obj.pk} · {obj} · {credit}"


class PlacementForm(forms.ModelForm):
    default_renderer = DESK_RENDERER
    image = ImageChoiceField(label=_("Image"), queryset=Image.objects.all(), widget=LongSelect)

    class Meta:
        model = Placement
        fields = ["image", "role", "position", "caption"]
        widgets = {
            "position": forms.NumberInput(attrs={"class": "js-position", "min": 0}),
            "caption": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"caption": _("Caption for this article")}
        help_texts = {"position": "", "caption": _("Empty: the image's own caption.")}


# What an image's label (`str()` and `credit_line`) reads.
LIBRARY_LABEL_FIELDS = ("id", "caption", "alt_text", "file", "creator", "organisation", "agencies")


class BasePlacementFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The library's choices, shared by every row (newest first) and kept between requests
        # until the library changes (`library_choices`): a library of thousands stays cheap.
        choices = library_choices(ImageChoiceField(queryset=Image.objects.none()))
        for form in [*self.forms, self.empty_form]:
            form.fields["image"].widget.shared_choices = choices

    @cached_property
    def empty_form(self):
        """The template row, built once: the template and the choices above share it."""
        return super().empty_form

    def clean(self) -> None:
        super().clean()
        leads = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("role") == "lead"
        ]
        if len(leads) > 1:
            raise ValidationError(_("A piece has at most one lead image."))

    def save_in_order(self) -> None:
        """Delete first and save inline rows before the lead, so the one-lead rule holds at every step."""
        placements = self.save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        for placement in sorted(placements, key=lambda p: p.role == Placement.Role.LEAD):
            placement.article = self.instance
            placement.save()


PlacementFormSet = inlineformset_factory(
    Article,
    Placement,
    form=PlacementForm,
    formset=BasePlacementFormSet,
    extra=0,
    can_delete=True,
    renderer=DESK_RENDERER,
)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Mention a colleague with @username to send them an email."),
    )
    # Filled by static/js/review_comments.js when words of the body are selected.
    anchor_text = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    anchor_prefix = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput, strip=False)
    anchor_suffix = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput, strip=False)


class TransitionForm(forms.Form):
    """One workflow transition; the workflow service decides whether it is allowed."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # The revision the user saw on the review page: a piece saved since is refused, not published unseen.
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I have checked the changes above; put them live now."), required=False)
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DateTimeLocalInput,
        input_formats=DATETIME_LOCAL_INPUT_FORMATS,
    )


class DismissFindingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=60)
    target = forms.CharField(widget=forms.HiddenInput, max_length=300, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class CompareForm(forms.Form):
    old = forms.IntegerField(label=_("Older revision"))
    new = forms.IntegerField(label=_("Newer revision"))
