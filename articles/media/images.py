"""Image uploads: what the desk accepts, how a file is made safe, and what it says about itself.

Public API (used by the image library and by the article editor's upload in place):

- `ImageUploadForm` — a new image: the file plus its metadata. Validation refuses anything that is
  not a real JPEG/PNG/GIF/WebP (content sniffed with Pillow, never the extension), SVG, files over
  `NEWSROOM_IMAGE_MAX_BYTES`, pictures over `NEWSROOM_IMAGE_MAX_PIXELS` (decompression bombs). The
  cleaned file has a safe name and its EXIF orientation applied. Metadata fields left empty are
  filled from the file's embedded IPTC/XMP on save, so pre-filling also works without JavaScript.
- `ImageMetadataForm` — edit the metadata of an existing image (no file).
- `ImageAdminForm` — the admin's image form: the same checks and pre-fill (`PrefillFromFile`).
- `store_upload(form, *, by) -> Image` — save a valid upload form, recording who uploaded it.
- `read_embedded_metadata(file) -> dict` — caption, creator, credit, copyright_notice, source,
  alt_text, usage_terms from IPTC and XMP, XMP winning (see `articles.media.metadata`).
- `prefill_fields(metadata) -> dict` — the same, keyed by the form's field names (credit → agencies).

Every refusal is a `ValidationError` with a message for the person uploading; nothing is stored
until the form is valid.
"""

from __future__ import annotations

import io
import warnings
from pathlib import PurePath
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

# Re-exported: the desk imports the metadata reader from here.
from articles.media.metadata import PREFILL_MAP, prefill_fields, read_embedded_metadata  # noqa: F401
from articles.models import Image

# Formats a browser shows and a newsroom prints; everything else (TIFF, BMP, PSD, ICO…) is refused.
ALLOWED_FORMATS: dict[str, str] = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_PIXELS = 60_000_000  # a 60-megapixel camera is the biggest we expect
FILENAME_STEM_MAX = 80

METADATA_FIELDS = [
    "alt_text",
    "caption",
    "creator",
    "organisation",
    "agencies",
    "copyright_notice",
    "source",
    "is_archive",
    "usage_terms",
    "rights_expire_on",
]


def max_upload_bytes() -> int:
    return int(getattr(settings, "NEWSROOM_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_upload_pixels() -> int:
    return int(getattr(settings, "NEWSROOM_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


# --- validation and normalisation -------------------------------------------------------------


def _looks_like_svg(head: bytes) -> bool:
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return sample.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in sample[:1024]


def safe_filename(name: str, image_format: str) -> str:
    """A file name that is safe anywhere: ASCII slug of the stem, extension from the real format."""
    stem = slugify(PurePath(name.replace("\\", "/")).stem)[:FILENAME_STEM_MAX].strip("-_") or "image"
    return stem + ALLOWED_FORMATS[image_format]


def validate_image_file(file: UploadedFile) -> str:
    """Refuse anything but a real, reasonably sized image; return its format (JPEG, PNG, …)."""
    limit = max_upload_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Please upload a smaller version."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    if _looks_like_svg(head):
        raise ValidationError(
            _("SVG files are not accepted: they can carry scripts. Please upload a JPEG, PNG, GIF or WebP."),
            code="svg",
        )
    pixel_limit = max_upload_pixels()
    not_an_image = ValidationError(
        _("This file is not an image we can use. Please upload a JPEG, PNG, GIF or WebP picture."),
        code="not_an_image",
    )
    too_many_pixels = ValidationError(
        _("The picture is too large (more than %(limit)s megapixels). Please upload a smaller version."),
        code="too_many_pixels",
        params={"limit": pixel_limit // 1_000_000},
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; a bomb must be an error here.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                image_format = image.format or ""
                width, height = image.size
                if width * height > pixel_limit:
                    raise too_many_pixels
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("%(format)s files are not accepted. Please upload a JPEG, PNG, GIF or WebP picture.")
                        if image_format  # a whole sentence either way: translations cannot splice in a word
                        else _("This kind of file is not accepted. Please upload a JPEG, PNG, GIF or WebP picture."),
                        code="format",
                        params={"format": image_format},
                    )
                image.verify()
            file.seek(0)
            # verify() does not decode pixel data; loading it finds truncated or corrupt files.
            with PILImage.open(file) as image:
                image.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise not_an_image from error
    finally:
        file.seek(0)
    return image_format


def normalise_upload(file: UploadedFile, image_format: str) -> ContentFile:
    """The upload under a safe name, turned upright if its EXIF orientation says so.

    Files that need no rotation keep their exact bytes (and so their embedded metadata).
    """
    file.seek(0)
    data = file.read()
    file.seek(0)
    name = safe_filename(file.name or "", image_format)
    with PILImage.open(io.BytesIO(data)) as image:
        orientation = image.getexif().get(0x0112, 1)
        if orientation in (None, 1) or image_format == "GIF":
            return ContentFile(data, name=name)
        upright = ImageOps.exif_transpose(image)
        output = io.BytesIO()
        save_options: dict[str, Any] = {"format": image_format, "exif": upright.getexif().tobytes()}
        if icc := image.info.get("icc_profile"):
            save_options["icc_profile"] = icc
        if image_format == "JPEG":
            save_options.update(quality=92, optimize=True)
            if upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
        upright.save(output, **save_options)
    return ContentFile(output.getvalue(), name=name)


# --- forms -----------------------------------------------------------------------------------


class ImageMetadataForm(forms.ModelForm):
    """Everything needed to print a picture legally: alt text, caption, credit, rights.

    `{% crispy form %}` lays the credit fields out side by side (no <form> tag: the page owns it);
    `{{ form|crispy }}` renders them one below the other.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(["file"] if "file" in self.fields else []),
            "alt_text",
            "caption",
            Row(
                Column("creator", css_class="col-md-4"),
                Column("organisation", css_class="col-md-4"),
                Column("agencies", css_class="col-md-4"),
            ),
            Row(Column("copyright_notice", css_class="col-md-6"), Column("source", css_class="col-md-6")),
            "usage_terms",
            Row(Column("rights_expire_on", css_class="col-md-6"), Column("is_archive", css_class="col-md-6 pt-md-4")),
        )

    class Meta:
        model = Image
        fields = METADATA_FIELDS
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3}),
            "usage_terms": forms.Textarea(attrs={"rows": 2}),
            "rights_expire_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class PrefillFromFile:
    """Form mixin, the one upload path: a new file is checked, turned upright, and fills the fields left empty.

    Used by the desk's upload forms and the admin's image form alike. A change form
    that gets no new file keeps the stored one untouched.
    """

    embedded_metadata: dict[str, str]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        self.embedded_metadata = {}
        if not isinstance(upload, UploadedFile):
            return upload
        image_format = validate_image_file(upload)
        self.embedded_metadata = read_embedded_metadata(upload)
        return normalise_upload(upload, image_format)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Fields the person left empty take the file's own values (pre-fill without JavaScript).
        for field_name, value in prefill_fields(getattr(self, "embedded_metadata", {})).items():
            if field_name in self.fields and not cleaned.get(field_name):
                cleaned[field_name] = value
                setattr(self.instance, field_name, value)
        return cleaned


class ImageUploadForm(PrefillFromFile, ImageMetadataForm):
    """A new picture: the file (validated, renamed, turned upright) and its metadata."""

    file = forms.FileField(
        label=_("Image file"),
        help_text=_("JPEG, PNG, GIF or WebP. Caption, creator, credit and copyright are read from the file."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )

    class Meta(ImageMetadataForm.Meta):
        fields = ["file", *METADATA_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.embedded_metadata = {}
        # The desk's script fills empty fields from the file as soon as one is chosen.
        if "file" in self.fields:  # a read-only admin page (no change permission) has no file field
            self.fields["file"].widget.attrs["data-image-metadata"] = "true"


class ImageAdminForm(PrefillFromFile, forms.ModelForm):
    """The admin's image form: the same checks and pre-fill as the desk; the file stays optional on change."""

    class Meta:
        model = Image
        fields = ["file", *METADATA_FIELDS, "uploaded_by"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # static/js/admin.js fills the empty fields from the chosen file, through the desk's metadata answer.
        if "file" in self.fields:  # a read-only admin page (no change permission) has no file field
            self.fields["file"].widget.attrs["data-image-metadata"] = "true"
            self.fields["file"].widget.attrs["data-metadata-url"] = reverse_lazy("desk:image-metadata")


def store_upload(form: ImageUploadForm, *, by) -> Image:
    """Save a valid upload form as a new library image, recording who uploaded it."""
    image = form.save(commit=False)
    image.uploaded_by = by if by is not None and by.is_authenticated else None
    image.save()
    return image
