"""Desk forms: the article editor, its ordered bylines and image placements, review actions.

Forms only validate and carry data; the editor's save goes through `articles.workflow.saving`
(the version check, the merge and the state rules live in the workflow), see docs/editor.md.
The rows of bylines and pictures render with crispy-forms layouts (`ROW_HELPERS`).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.desk.widgets import (
    DATETIME_LOCAL_INPUT_FORMATS,
    LABEL_FIELDS,
    ChosenPicture,
    DateInput,
    DateTimeLocalInput,
    PicturePicker,
    picture_label,
    picture_number,
)
from articles.i18n.forms import optional_language
from articles.media import rendition_sets
from articles.models import Article, Author, Byline, Image, Placement, Section
from articles.workflow import receipts
from articles.workflow.editing import EDITABLE_FIELDS


def time_zone_help() -> str:
    return _("Newsroom time (%(zone)s).") % {"zone": settings.TIME_ZONE}


MAX_VERSION = 2**31 - 1  # the largest number an integer column holds on every supported database


class ArticleForm(forms.ModelForm):
    """Every field of the working copy, plus the version the user started from."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)
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
        fields = list(EDITABLE_FIELDS)
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

    def submission(self, bylines: BaseInlineFormSet, placements: BaseInlineFormSet) -> workflow.Submission:
        """The valid editor forms as what the workflow saves: content, then authors and pictures in order."""
        authors = [row["author"] for row in kept_rows(bylines)]
        pictures = [
            (row["image"], row["role"], row["position"], row.get("caption") or "") for row in kept_rows(placements)
        ]
        return workflow.Submission(
            values={name: self.cleaned_data[name] for name in EDITABLE_FIELDS},
            authors=authors,
            pictures=pictures,
            base_version=self.cleaned_data.get("base_version") or 1,
            token=self.cleaned_data.get("save_token"),
        )


def kept_rows(formset: BaseInlineFormSet) -> list[dict]:
    """The cleaned rows a valid formset keeps (not deleted), ordered by position, then as shown."""
    rows = [
        (form.cleaned_data.get("position") or 0, index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return [data for _position, _index, data in sorted(rows, key=lambda row: row[:2])]


class AuthorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Author) -> str:
        return f"{obj.name} ({obj.sign_off})"


def row_helper(*fields) -> FormHelper:
    """A formset row inside the editor's form: no <form> tag, no token of its own."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


def side_by_side(wide: str, narrow: str) -> Div:
    """A choice and its position on one line."""
    return Div(
        Div(wide, css_class="flex-grow-1"), Div(narrow, css_class="formset-position"), css_class="formset-row-fields"
    )


class BylineForm(forms.ModelForm):
    helper = row_helper(side_by_side("author", "position"))
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
)


class ImageChoiceField(forms.ModelChoiceField):
    """A library picture, given by its number ("12", "#12" or the picker's whole label)."""

    default_error_messages = {
        "invalid_choice": _("Choose a picture from the list, or type the number of a picture in the library."),
    }

    def label_from_instance(self, obj: Image) -> str:
        return picture_label(obj)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = picture_number(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(number)


class PlacementForm(forms.ModelForm):
    helper = row_helper("image", side_by_side("role", "position"), "caption")
    image = ImageChoiceField(label=_("Image"), queryset=Image.objects.all(), widget=PicturePicker)

    class Meta:
        model = Placement
        fields = ["image", "role", "position", "caption"]
        widgets = {
            "position": forms.NumberInput(attrs={"class": "js-position", "min": 0}),
            "caption": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"caption": _("Caption for this article")}
        help_texts = {
            "position": "",
            "caption": _("Leave empty to print the library's caption (shown greyed): fixes there reach this piece."),
        }


class BasePlacementFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each row's picker shows its picture: the placed and posted pictures in one query, their
        # thumbnails in one more, whatever the library holds.
        numbers = {form.instance.image_id for form in self.forms if form.instance.image_id}
        if self.is_bound:
            numbers |= {picture_number(self.data.get(form.add_prefix("image"))) for form in self.forms}
        numbers.discard(None)
        self.pictures = rendition_sets.for_images(numbers)
        images = Image.objects.filter(pk__in=numbers).only(*LABEL_FIELDS) if numbers else []
        chosen = {image.pk: ChosenPicture(picture_label(image), self._thumbnail(image.pk)) for image in images}
        captions = {image.pk: image.caption for image in images}
        for form in self.forms:
            form.fields["image"].widget.chosen = chosen
            # The library's caption shows as a hint: copied in, a later fix in the library would miss the piece.
            image_id = form.instance.image_id
            if self.is_bound:
                image_id = picture_number(self.data.get(form.add_prefix("image"))) or image_id
            if captions.get(image_id):
                form.fields["caption"].widget.attrs["placeholder"] = captions[image_id]

    def _thumbnail(self, image_id: int) -> str:
        found = self.pictures.get(image_id)
        return found.best_url("teaser", 160, "webp") if found else ""

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


PlacementFormSet = inlineformset_factory(
    Article,
    Placement,
    form=PlacementForm,
    formset=BasePlacementFormSet,
    extra=0,
    can_delete=True,
)


def editor_formsets(article: Article, data=None, *, initial_bylines=None, posted: bool = False):
    """The editor's byline and placement formsets, bound to `data` when given (`posted`: sent by a save)."""
    # Initial rows only when unbound: posted back unchanged they would count as "not filled in" and be dropped.
    initial = initial_bylines if data is None else None
    if posted and data is not None and _started_earlier(data, article):
        # Rows of an older version are the list the user wants, not edits of the stored rows (the other
        # save may have removed them): the merge compares the lists (`workflow.save_submission`).
        data = _as_new_rows(_as_new_rows(data, "bylines"), "placements")
    bylines = BylineFormSet(data, instance=article, prefix="bylines", initial=initial)
    # Each row shows its picture and credit: images joined in, one query for all rows.
    placements = PlacementFormSet(
        data, instance=article, prefix="placements", queryset=Placement.objects.select_related("image")
    )
    return bylines, placements


def _started_earlier(data, article: Article) -> bool:
    """A form of a stored piece posted from a version older than the stored one."""
    posted = data.get("base_version") or ""
    # isdigit() alone accepts "²", which int() refuses.
    return bool(article.pk) and posted.isascii() and posted.isdigit() and int(posted) != article.version


def _as_new_rows(data, prefix: str):
    """The formset's posted rows as new rows: ids dropped, none initial."""
    data = data.copy()
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS") or 0), 1000)
    except ValueError:
        return data  # a broken management form: the formset reports it
    for index in range(total):
        data.pop(f"{prefix}-{index}-id", None)
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


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
    # Withdrawal only: shown to readers on the 410 page (the comment stays internal).
    public_note = forms.CharField(
        label=_("Note to readers"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The revision the user saw on the review page: a piece saved since is refused, not published unseen.
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I have checked the changes above; put them live now."), required=False)
    # Open suggestions: going ahead with them undecided is asked for (workflow.suggestion_reading.publishing_refusal).
    suggestions_ok = forms.BooleanField(label=_("Go ahead with open suggestions"), required=False)
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
