"""Image uploads: what the desk accepts, how a file is made safe, and what it says about itself.

Public API (used by the image library and by the article editor's upload in place):

- `ImageUploadForm` — a new image: the file plus its metadata. Validation refuses anything that is
  not a real JPEG/PNG/GIF/WebP (content sniffed with Pillow, never the extension), SVG, files over
  `NEWSROOM_IMAGE_MAX_BYTES`, pictures over `NEWSROOM_IMAGE_MAX_PIXELS` (decompression bombs). The
  cleaned file has a safe name and its EXIF orientation applied. Metadata fields left empty are
  filled from the file's embedded IPTC/XMP on save, so pre-filling also works without JavaScript.
- `ImageMetadataForm` — edit the metadata of an existing image (no file).
- `store_upload(form, *, by) -> Image` — save a valid upload form, recording who uploaded it.
- `read_embedded_metadata(file) -> dict` — caption, creator, credit, copyright_notice, source,
  alt_text, usage_terms from IPTC and XMP (empty keys are left out).
- `prefill_fields(metadata) -> dict` — the same, keyed by the form's field names (credit → agencies).

Every refusal is a `ValidationError` with a message for the person uploading; nothing is stored
until the form is valid.
"""

from __future__ import annotations

import io
import warnings
from pathlib import PurePath
from typing import IO, Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from defusedxml import ElementTree
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, IptcImagePlugin, UnidentifiedImageError

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

# read_embedded_metadata() key → Image field. IPTC's Credit is the provider chain ("US Army/AP/dpa"),
# which prints after the creator exactly like organisation/agencies do.
PREFILL_MAP = {
    "caption": "caption",
    "creator": "creator",
    "credit": "agencies",
    "copyright_notice": "copyright_notice",
    "source": "source",
    "alt_text": "alt_text",
    "usage_terms": "usage_terms",
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "NEWSROOM_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_upload_pixels() -> int:
    return int(getattr(settings, "NEWSROOM_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


# --- embedded metadata ------------------------------------------------------------------------

# IPTC-IIM record 2 datasets.
_IPTC = {
    "caption": (2, 120),  # Caption-Abstract
    "creator": (2, 80),  # By-line
    "credit": (2, 110),  # Credit
    "copyright_notice": (2, 116),  # Copyright Notice
    "source": (2, 115),  # Source
}
_IPTC_CHARSET = (1, 90)

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
_XMP = {
    "caption": "dc:description",
    "creator": "dc:creator",
    "credit": "photoshop:Credit",
    "copyright_notice": "dc:rights",
    "source": "photoshop:Source",
    "alt_text": "Iptc4xmpCore:AltTextAccessibility",
    "usage_terms": "xmpRights:UsageTerms",
}


def _decode(value: bytes, utf8: bool) -> str:
    if utf8:
        return value.decode("utf-8", errors="replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _clean_text(value: str) -> str:
    # Embedded metadata is hostile input like any other: no NULs or control characters.
    cleaned = "".join(ch for ch in value if ch in "\n\t" or ch >= " ")
    return cleaned.strip()


def _iptc_values(image: PILImage.Image) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # a damaged IPTC block must not stop the upload
        return {}
    charset = info.get(_IPTC_CHARSET, b"")
    utf8 = b"\x1b%G" in (charset if isinstance(charset, bytes) else b"")
    found = {}
    for key, dataset in _IPTC.items():
        raw = info.get(dataset)
        if raw is None:
            continue
        parts = raw if isinstance(raw, list) else [raw]
        text = "; ".join(_decode(part, utf8) for part in parts if isinstance(part, bytes))
        if text := _clean_text(text):
            found[key] = text
    return found


def _xmp_packet(image: PILImage.Image) -> bytes:
    for key in ("xmp", "XML:com.adobe.xmp"):
        packet = image.info.get(key)
        if packet:
            return packet.encode("utf-8") if isinstance(packet, str) else packet
    return b""


def _xmp_property(description: Any, name: str) -> str:
    prefix, local = name.split(":")
    namespace = _NS[prefix]
    # A property is either an attribute of rdf:Description or a child element.
    attribute = description.get(f"{{{namespace}}}{local}")
    if attribute:
        return attribute
    element = description.find(f"{prefix}:{local}", _NS)
    if element is None:
        return ""
    items = element.findall(".//rdf:li", _NS)
    if not items:
        return element.text or ""
    # Language alternatives: prefer x-default, else the first.
    for item in items:
        if item.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
            return item.text or ""
    if element.find("rdf:Seq", _NS) is not None or element.find("rdf:Bag", _NS) is not None:
        return "; ".join(item.text for item in items if item.text)
    return items[0].text or ""


def _xmp_values(image: PILImage.Image) -> dict[str, str]:
    packet = _xmp_packet(image)
    if not packet:
        return {}
    start, end = packet.find(b"<x:xmpmeta"), packet.rfind(b"</x:xmpmeta>")
    if start == -1 or end == -1:
        start, end = packet.find(b"<rdf:RDF"), packet.rfind(b"</rdf:RDF>")
        if start == -1 or end == -1:
            return {}
        end += len(b"</rdf:RDF>")
    else:
        end += len(b"</x:xmpmeta>")
    try:
        root = ElementTree.fromstring(packet[start:end])
    except Exception:  # malformed or hostile XML (entities): ignore the packet, keep the upload
        return {}
    found: dict[str, str] = {}
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for key, name in _XMP.items():
            if key in found:
                continue
            if text := _clean_text(_xmp_property(description, name)):
                found[key] = text
    return found


def read_embedded_metadata(file: IO[bytes]) -> dict[str, str]:
    """Caption, creator, credit, copyright notice, source, alt text, usage terms from IPTC/XMP.

    IPTC wins where both carry a value (news agencies fill IPTC first). Keys without a value are left
    out; a file without metadata (or not an image) gives {}. The file position is restored.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                return {**_xmp_values(image), **_iptc_values(image)}
    except Exception:
        return {}
    finally:
        file.seek(position)


def prefill_fields(metadata: dict[str, str]) -> dict[str, str]:
    """Embedded metadata keyed by the image form's field names, cut to the fields' lengths."""
    values = {}
    for key, field_name in PREFILL_MAP.items():
        if metadata.get(key):
            max_length = Image._meta.get_field(field_name).max_length
            values[field_name] = metadata[key][:max_length] if max_length else metadata[key]
    return values


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


class ImageUploadForm(ImageMetadataForm):
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
        self.embedded_metadata: dict[str, str] = {}
        # The desk's script fills empty fields from the file as soon as one is chosen.
        self.fields["file"].widget.attrs["data-image-metadata"] = "true"

    def clean_file(self) -> ContentFile:
        upload = self.cleaned_data["file"]
        image_format = validate_image_file(upload)
        self.embedded_metadata = read_embedded_metadata(upload)
        return normalise_upload(upload, image_format)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Fields the person left empty take the file's own values (pre-fill without JavaScript).
        for field_name, value in prefill_fields(self.embedded_metadata).items():
            if not cleaned.get(field_name):
                cleaned[field_name] = value
                setattr(self.instance, field_name, value)
        return cleaned


def store_upload(form: ImageUploadForm, *, by) -> Image:
    """Save a valid upload form as a new library image, recording who uploaded it."""
    image = form.save(commit=False)
    image.uploaded_by = by if by is not None and by.is_authenticated else None
    image.save()
    return image
