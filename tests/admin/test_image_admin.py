"""The admin's image upload takes the desk's path: the file is checked and pre-fills caption, creator, credit."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed"),
]


def tagged_jpeg(tmp_path: Path, *tags: str) -> bytes:
    """A real JPEG with metadata written by exiftool."""
    path = tmp_path / "agency.jpg"
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "steelblue").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    subprocess.run(
        ["exiftool", "-q", "-overwrite_original", "-codedcharacterset=utf8", *tags, str(path)],
        check=True,
        capture_output=True,
    )
    return path.read_bytes()


def admin_form(**values) -> dict:
    data = dict.fromkeys(
        ["alt_text", "caption", "creator", "organisation", "agencies", "copyright_notice", "source", "usage_terms"], ""
    )
    data.update({"rights_expire_on": "", "uploaded_by": "", "placements-TOTAL_FORMS": 0})
    data.update({"placements-INITIAL_FORMS": 0, "placements-MIN_NUM_FORMS": 0, "placements-MAX_NUM_FORMS": 0})
    data.update(values)
    return data


def test_admin_upload_fills_empty_fields_from_the_file_and_xmp_wins(client, superuser, tmp_path):
    data = tagged_jpeg(
        tmp_path,
        "-IPTC:Caption-Abstract=Stale IIM caption",
        "-XMP-dc:Description=Kyiv would like more air defence",
        "-IPTC:By-line=Andrew Dickson",
        "-IPTC:Credit=US Army/AP/dpa",
    )
    client.force_login(superuser)
    upload = SimpleUploadedFile("Agency Picture.JPG", data, "image/jpeg")
    response = client.post(
        reverse("admin:articles_image_add"), admin_form(file=upload, alt_text="Soldiers at a launcher")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.caption == "Kyiv would like more air defence"  # XMP over IIM
    assert image.creator == "Andrew Dickson"
    assert image.agencies == "US Army/AP/dpa"
    assert image.alt_text == "Soldiers at a launcher"  # what the person typed stays
    assert image.credit_line == "© Andrew Dickson/US Army/AP/dpa"
    assert image.uploaded_by == superuser
    assert image.file.name.endswith("agency-picture.jpg")  # the desk's safe name


def test_admin_refuses_what_the_desk_refuses(client, superuser):
    client.force_login(superuser)
    svg = SimpleUploadedFile("harbour.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "image/png")
    response = client.post(reverse("admin:articles_image_add"), admin_form(file=svg, caption="x"))
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_admin_change_without_a_new_file_keeps_the_picture(client, superuser):
    image = factories.ImageFactory(caption="Old caption")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_image_change", args=[image.pk]), admin_form(caption="New caption", creator="Jana")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.caption == "New caption"
