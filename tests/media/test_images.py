"""Image uploads (articles/media/images.py) and the desk's image library pages.

Test images are real files made with Pillow; IPTC is written with Debian's exiftool.
"""

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles.media.images import (
    ImageMetadataForm,
    ImageUploadForm,
    prefill_fields,
    read_embedded_metadata,
    safe_filename,
    store_upload,
)
from articles.media.private_storage import private_media_root
from articles.models import Image
from tests import factories

pytestmark = pytest.mark.django_db

EXIFTOOL = shutil.which("exiftool")
needs_exiftool = pytest.mark.skipif(EXIFTOOL is None, reason="exiftool is not installed (apt-get install exiftool)")


def picture_bytes(fmt: str = "JPEG", size=(64, 48), colour="steelblue", **save) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def with_iptc(tmp_path: Path, *tags: str, data: bytes | None = None) -> bytes:
    path = tmp_path / "tagged.jpg"
    path.write_bytes(data or picture_bytes())
    subprocess.run(
        [EXIFTOOL, "-q", "-overwrite_original", "-codedcharacterset=utf8", *tags, str(path)],
        check=True,
        capture_output=True,
    )
    return path.read_bytes()


def stored_files(settings) -> list[Path]:
    """Files under MEDIA_ROOT and the originals' private folder (where uploads go)."""
    roots = [Path(settings.MEDIA_ROOT), private_media_root()]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: the classic decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


# --- embedded metadata ------------------------------------------------------------------------


@needs_exiftool
def test_iptc_caption_creator_credit_and_copyright_are_read(tmp_path):
    data = with_iptc(
        tmp_path,
        "-IPTC:Caption-Abstract=Kyiv would like more air defence, says Fabian Müller",
        "-IPTC:By-line=Andrew Dickson",
        "-IPTC:Credit=US Army/AP/dpa",
        "-IPTC:CopyrightNotice=© AP",
        "-IPTC:Source=dpa picture alliance",
    )
    metadata = read_embedded_metadata(io.BytesIO(data))
    assert metadata == {
        "caption": "Kyiv would like more air defence, says Fabian Müller",
        "creator": "Andrew Dickson",
        "credit": "US Army/AP/dpa",
        "copyright_notice": "© AP",
        "source": "dpa picture alliance",
    }
    assert prefill_fields(metadata)["agencies"] == "US Army/AP/dpa"


@needs_exiftool
def test_xmp_fills_what_iptc_lacks_and_xmp_wins_where_both_speak(tmp_path):
    """The Metadata Working Group's rule: when IIM and XMP disagree, XMP is the one to trust."""
    data = with_iptc(
        tmp_path,
        "-IPTC:Caption-Abstract=IPTC caption",
        "-XMP-dc:Description=XMP caption",
        "-XMP-dc:Creator=Jana Beispiel",
        "-XMP-iptcCore:AltTextAccessibility=A harbour wall at low tide",
        "-XMP-xmpRights:UsageTerms=Editorial use only",
    )
    metadata = read_embedded_metadata(io.BytesIO(data))
    assert metadata["caption"] == "XMP caption"
    assert metadata["creator"] == "Jana Beispiel"
    assert metadata["alt_text"] == "A harbour wall at low tide"
    assert metadata["usage_terms"] == "Editorial use only"


@needs_exiftool
@pytest.mark.parametrize(
    ("credit", "source", "line"),
    [
        ("AP", "Reuters", "© Ana Ruiz/AP/Reuters"),  # the supplier closes the chain
        ("AP/dpa", "dpa picture alliance", "© Ana Ruiz/AP/dpa"),  # named already: not twice
        ("AP/dpa", "DPA", "© Ana Ruiz/AP/dpa"),
        ("", "Reuters", "© Ana Ruiz/Reuters"),
    ],
)
def test_iptc_source_is_kept_and_closes_the_credit_chain(tmp_path, writer, credit, source, line):
    tags = ["-IPTC:By-line=Ana Ruiz", f"-IPTC:Source={source}"] + ([f"-IPTC:Credit={credit}"] if credit else [])
    form = ImageUploadForm(data={"alt_text": "A wall"}, files={"file": upload("wall.jpg", with_iptc(tmp_path, *tags))})
    assert form.is_valid(), form.errors

    image = store_upload(form, by=writer)
    image.refresh_from_db()

    assert image.source == source
    assert image.credit_line == line


@needs_exiftool
def test_xmp_source_is_read_like_iptc_source(tmp_path):
    data = with_iptc(tmp_path, "-XMP-photoshop:Source=Reuters", "-XMP-photoshop:Credit=AP")

    assert read_embedded_metadata(io.BytesIO(data))["source"] == "Reuters"


def test_a_file_without_metadata_or_not_an_image_gives_nothing():
    assert read_embedded_metadata(io.BytesIO(picture_bytes())) == {}
    assert read_embedded_metadata(io.BytesIO(b"just text")) == {}


@needs_exiftool
def test_upload_form_fills_empty_fields_from_the_file_but_keeps_what_the_user_typed(tmp_path, writer):
    data = with_iptc(
        tmp_path,
        "-IPTC:Caption-Abstract=Caption from the agency",
        "-IPTC:By-line=Andrew Dickson",
        "-IPTC:Credit=AP/dpa",
        "-IPTC:CopyrightNotice=© AP",
    )
    form = ImageUploadForm(
        data={"alt_text": "A launcher in a field", "caption": "Our own caption"},
        files={"file": upload("patriot.jpg", data)},
    )
    assert form.is_valid(), form.errors
    image = store_upload(form, by=writer)
    image.refresh_from_db()
    assert image.caption == "Our own caption"
    assert image.creator == "Andrew Dickson"
    assert image.agencies == "AP/dpa"
    assert image.copyright_notice == "© AP"
    assert image.credit_line == "© Andrew Dickson/AP/dpa"
    assert image.uploaded_by == writer
    assert (image.width, image.height) == (64, 48)


# --- what is refused -------------------------------------------------------------------------


def refused(settings, name: str, content: bytes, content_type: str = "image/jpeg") -> str:
    form = ImageUploadForm(data={}, files={"file": upload(name, content, content_type)})
    assert not form.is_valid()
    assert "file" in form.errors
    assert Image.objects.count() == 0
    assert stored_files(settings) == []
    return " ".join(form.errors["file"])


def test_text_with_an_image_extension_is_refused(settings):
    message = refused(settings, "holiday.jpg", b"<?php system($_GET['c']); ?>" + b"x" * 100)
    assert "not an image" in message


def test_svg_is_refused_even_when_named_png(settings):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "SVG" in refused(settings, "logo.png", svg, "image/png")
    assert "SVG" in refused(settings, "logo.svg", svg.split(b"?>", 1)[1], "image/svg+xml")


def test_files_over_the_size_limit_are_refused(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
    assert "limit" in refused(settings, "big.png", picture_bytes("PNG", size=(400, 400), colour=None) + b"\0" * 2000)


def test_pictures_over_the_pixel_limit_are_refused(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100 * 100
    assert "megapixels" in refused(settings, "wide.jpg", picture_bytes(size=(200, 100)))


def test_a_decompression_bomb_is_refused_without_decoding_it(settings):
    # 100,000 x 100,000 pixels declared in a file of a few dozen bytes.
    assert "megapixels" in refused(settings, "bomb.png", png_header_only(100_000, 100_000), "image/png")


def test_a_truncated_picture_is_refused(settings):
    data = picture_bytes(size=(300, 200))
    assert "not an image" in refused(settings, "cut.jpg", data[: len(data) // 2])


def test_other_image_formats_are_refused(settings):
    message = refused(settings, "scan.tif", picture_bytes("TIFF"), "image/tiff")
    assert "TIFF" in message


def test_an_empty_file_is_refused(settings):
    form = ImageUploadForm(data={}, files={"file": upload("empty.jpg", b"")})
    assert not form.is_valid()
    assert Image.objects.count() == 0


# --- what is made safe -----------------------------------------------------------------------


def test_file_names_are_made_safe_and_take_the_real_format_as_extension(writer):
    form = ImageUploadForm(
        data={}, files={"file": upload("../../etc/Straße am Hafen <1>.php.jpg", picture_bytes("PNG"))}
    )
    assert form.is_valid(), form.errors
    image = store_upload(form, by=writer)
    name = Path(image.file.name).name
    assert name.endswith(".png")
    assert name.startswith("strasse-am-hafen-1") or name.startswith("strae-am-hafen-1")
    assert ".." not in image.file.name and "/etc/" not in image.file.name
    assert Path(image.file.path).is_file()


def test_safe_filename_falls_back_to_a_plain_name():
    assert safe_filename("<<>>.jpg", "JPEG") == "image.jpg"
    assert safe_filename("C:\\Users\\x\\Foto.JPEG", "JPEG") == "foto.jpg"


def test_exif_orientation_is_applied_when_stored(writer):
    exif = PILImage.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° clockwise to view
    data = picture_bytes(size=(80, 40), exif=exif.tobytes())
    form = ImageUploadForm(data={}, files={"file": upload("turned.jpg", data)})
    assert form.is_valid(), form.errors
    image = store_upload(form, by=writer)
    assert (image.width, image.height) == (40, 80)
    with PILImage.open(image.file.path) as stored:
        assert stored.size == (40, 80)
        assert stored.getexif().get(0x0112, 1) == 1


def test_files_that_need_no_turning_keep_their_bytes(writer):
    data = picture_bytes()
    form = ImageUploadForm(data={}, files={"file": upload("plain.jpg", data)})
    assert form.is_valid()
    image = store_upload(form, by=writer)
    assert Path(image.file.path).read_bytes() == data


# --- the library pages -----------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@needs_exiftool
def test_upload_page_stores_the_image_and_says_so(tmp_path, writer):
    client = signed_in(writer)
    assert client.get(reverse("desk:image-upload")).status_code == 200
    data = with_iptc(tmp_path, "-IPTC:Caption-Abstract=From the file", "-IPTC:Credit=dpa")
    response = client.post(reverse("desk:image-upload"), {"file": upload("x.jpg", data), "alt_text": "A wall"})
    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:image-detail", args=[image.pk])
    assert image.caption == "From the file" and image.agencies == "dpa"
    assert any("added to the library" in str(m) for m in get_messages(response.wsgi_request))


def test_upload_page_shows_a_refusal_and_stores_nothing(settings, writer):
    response = signed_in(writer).post(reverse("desk:image-upload"), {"file": upload("a.jpg", b"not an image at all")})
    assert response.status_code == 200
    assert "not an image we can use" in response.content.decode()
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


@needs_exiftool
def test_metadata_endpoint_returns_form_values_and_stores_nothing(tmp_path, settings, writer):
    data = with_iptc(tmp_path, "-IPTC:Caption-Abstract=Harbour at dawn", "-IPTC:By-line=Jana", "-IPTC:Credit=AP")
    client = signed_in(writer)
    response = client.post(reverse("desk:image-metadata"), {"file": upload("x.jpg", data)})
    assert response.status_code == 200
    assert response.json()["fields"] == {"caption": "Harbour at dawn", "creator": "Jana", "agencies": "AP"}
    bad = client.post(reverse("desk:image-metadata"), {"file": upload("x.jpg", b"<svg></svg>")})
    assert bad.status_code == 400 and "SVG" in bad.json()["error"]
    assert client.get(reverse("desk:image-metadata")).status_code == 405
    assert Image.objects.count() == 0 and stored_files(settings) == []


def test_detail_page_saves_metadata_with_a_message(writer):
    image = factories.ImageFactory(creator="", agencies="")
    client = signed_in(writer)
    page = client.get(reverse("desk:image-detail", args=[image.pk]))
    assert page.status_code == 200
    data = ImageMetadataForm(instance=image).initial | {"creator": "Jana Beispiel", "agencies": "dpa"}
    data = {key: value for key, value in data.items() if value is not None and key != "id"}
    response = client.post(reverse("desk:image-detail", args=[image.pk]), data)
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit_line == "© Jana Beispiel/dpa"
    assert any("saved" in str(m) for m in get_messages(response.wsgi_request))


def test_detail_page_lists_only_pieces_the_user_may_see(writer, other_writer):
    image = factories.ImageFactory()
    mine = factories.ArticleFactory(created_by=writer, headline="My harbour piece")
    theirs = factories.ArticleFactory(created_by=other_writer, headline="Their secret piece")
    factories.PlacementFactory(article=mine, image=image)
    factories.PlacementFactory(article=theirs, image=image)
    content = signed_in(writer).get(reverse("desk:image-detail", args=[image.pk])).content.decode()
    assert "My harbour piece" in content
    assert "Their secret piece" not in content


def test_library_filters_find_images_that_need_work(editor):
    today = timezone.localdate()
    complete = factories.ImageFactory(caption="Complete picture")
    factories.ImageFactory(caption="No credit picture", creator="", agencies="")
    factories.ImageFactory(caption="No alt picture", alt_text="")
    factories.ImageFactory(caption="Old archive picture", is_archive=True)
    factories.ImageFactory(caption="Expired picture", rights_expire_on=today - timezone.timedelta(days=1))
    factories.ImageFactory(caption="Expiring picture", rights_expire_on=today + timezone.timedelta(days=5))
    client = signed_in(editor)

    def captions(**params) -> set[str]:
        response = client.get(reverse("desk:image-list"), params)
        assert response.status_code == 200
        return {image.caption for image in response.context["page"]}

    assert len(captions()) == 6
    assert captions(flag="missing_credit") == {"No credit picture"}
    assert captions(flag="missing_alt") == {"No alt picture"}
    assert captions(flag="archive") == {"Old archive picture"}
    assert captions(flag="rights_expired") == {"Expired picture"}
    assert captions(flag="rights_expiring") == {"Expiring picture"}
    assert captions(q="complete") == {complete.caption}
    assert captions(flag="unused") >= {"Complete picture"}


def test_anonymous_visitors_cannot_upload(client, settings):
    response = client.post(reverse("desk:image-upload"), {"file": upload("x.jpg", picture_bytes())})
    assert response.status_code == 302
    assert Image.objects.count() == 0


def test_accounts_without_a_desk_role_cannot_use_the_library(settings):
    nobody = factories.UserFactory()
    image = factories.ImageFactory(caption="Untouched")
    client = signed_in(nobody)
    for url in [
        reverse("desk:image-list"),
        reverse("desk:image-detail", args=[image.pk]),
        reverse("desk:image-upload"),
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("desk:image-detail", args=[image.pk]), {"caption": "Changed", "alt_text": "x"})
    assert response.status_code == 403
    assert client.post(reverse("desk:image-upload"), {"file": upload("x.jpg", picture_bytes())}).status_code == 403
    assert client.post(reverse("desk:image-metadata"), {"file": upload("x.jpg", picture_bytes())}).status_code == 403
    image.refresh_from_db()
    assert image.caption == "Untouched"
    assert Image.objects.count() == 1 and stored_files(settings) == []


def test_a_viewer_without_change_permission_gets_403_on_save(settings):
    from django.contrib.auth.models import Permission

    viewer = factories.UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_image"))
    image = factories.ImageFactory(caption="Untouched")
    client = signed_in(viewer)
    page = client.get(reverse("desk:image-detail", args=[image.pk]))
    assert page.status_code == 200 and "Save details" not in page.content.decode()
    assert client.post(reverse("desk:image-detail", args=[image.pk]), {"caption": "Changed"}).status_code == 403
    image.refresh_from_db()
    assert image.caption == "Untouched"
