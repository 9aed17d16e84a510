"""Pictures on S3-compatible object storage (django-storages + boto3) against a real server (moto).

Upload, renditions, the public page, a focal-point change, the JSON export/import round trip, and
two separate app processes (different local disks) showing the same pictures from the bucket.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image as PILImage

from articles.media import rendition_sets, renditions
from articles.media.focal import set_focal_point
from articles.media.storage import storages
from articles.models import Image, PublishedVersion, Rendition
from tests import factories
from tests.exchange.test_json_exchange import flush_articles
from tests.support.pictures import image_with_photo
from tests.support.site import clear_site_caches, go_live

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def fetch(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read(), response.headers.get("Content-Type", "")


@pytest.fixture
def bucket(s3_server, settings) -> str:
    """A fresh bucket, configured exactly as the `S3_*` environment variables would configure it."""
    name = s3_server.new_bucket()
    env = s3_server.environment(name, public=True)
    settings.STORAGES = storages(env, static_backend=settings.STORAGES["staticfiles"]["BACKEND"])
    clear_site_caches()
    return name


def test_environment_selects_s3_with_signed_urls_unless_a_public_url_is_given(s3_server):
    private = storages(s3_server.environment("b"), static_backend="x")
    assert private["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["default"]["OPTIONS"]["querystring_auth"] is True
    assert private["default"]["OPTIONS"]["file_overwrite"] is False  # two uploads never share an original
    assert private["renditions"]["OPTIONS"]["file_overwrite"] is True  # same name, same bytes
    # Even with a public address configured, originals and renditions stay private: the gate hands
    # out addresses signed for five minutes, only while a picture is public.
    public = storages(s3_server.environment("b", public=True), static_backend="x")
    for alias in ("default", "renditions"):
        options = public[alias]["OPTIONS"]
        assert options["querystring_auth"] is True and options["querystring_expire"] == 300, alias
        assert options["default_acl"] == "private" and "custom_domain" not in options, alias
    assert public["default"]["OPTIONS"]["location"] == "private"
    separate = storages({**s3_server.environment("b"), "S3_PRIVATE_BUCKET": "p"}, static_backend="x")
    assert separate["default"]["OPTIONS"]["bucket_name"] == "p"
    assert storages({}, static_backend="x")["default"]["BACKEND"].endswith("PrivateFileSystemStorage")


def test_upload_and_renditions_are_stored_in_the_bucket(s3_server, bucket, tmp_path):
    image = image_with_photo(800, 600)
    made = renditions.ensure(image)
    keys = s3_server.keys(bucket)
    assert f"private/{image.file.name}" in keys  # the originals' private prefix
    assert {rendition.file for rendition in made} <= set(keys)
    assert not (Path(settings.MEDIA_ROOT) / image.file.name).exists()  # nothing on local disk
    lead = rendition_sets.for_images([image.pk])[image.pk].best("lead", 640, "webp")
    url = renditions.renditions_storage().url(lead.file)
    assert url.startswith(f"{s3_server.endpoint}/{bucket}/renditions/{image.pk}/") and "X-Amz-Signature=" in url
    status, data, _type = fetch(url)
    assert status == 200 and PILImage.open(io.BytesIO(data)).format == "WEBP"
    with pytest.raises(urllib.error.HTTPError):  # not world-readable
        fetch(url.split("?")[0])


def test_signed_urls_for_a_private_bucket(s3_server, settings):
    name = s3_server.new_bucket()
    settings.STORAGES = storages(
        s3_server.environment(name), static_backend=settings.STORAGES["staticfiles"]["BACKEND"]
    )
    image = image_with_photo(640, 480)
    url = renditions.renditions_storage().url(rendition_sets.for_images([image.pk])[image.pk].best("teaser", 320).file)
    assert "X-Amz-Signature=" in url
    assert fetch(url)[0] == 200


def test_public_page_goes_through_the_gate_to_signed_addresses(
    s3_server, bucket, client, django_capture_on_commit_callbacks
):
    image = image_with_photo(1200, 900)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    version = go_live(article)
    page = client.get(version.get_absolute_url()).content.decode()
    prefix = f"/media/renditions/{image.pk}/"
    assert f'srcset="{prefix}' in page and re.search(rf'property="og:image" content="[^"]*{prefix}', page)
    address = re.search(rf'srcset="({re.escape(prefix)}[^ "]+)', page).group(1)
    response = client.get(address)
    assert response.status_code == 302 and "X-Amz-Signature=" in response["Location"]
    assert "immutable" not in response["Cache-Control"]  # the signed address expires
    assert fetch(response["Location"])[0] == 200
    old = set(Rendition.objects.filter(image=image).values_list("file", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        set_focal_point(image, x=0.8, y=0.3, by=None)

    keys = set(s3_server.keys(bucket))
    new = set(Rendition.objects.filter(image=image).values_list("file", flat=True)) - old
    assert new <= keys and old <= keys  # the live piece's approved crop is kept beside the new one
    clear_site_caches()
    page = client.get(version.get_absolute_url()).content.decode()
    assert any(rendition_sets.address(name) in page for name in old)
    assert not any(rendition_sets.address(name) in page for name in new)


def test_export_import_round_trip_keeps_the_pictures(s3_server, bucket, tmp_path):
    image = image_with_photo(800, 600, caption="Round trip")
    image.focal_x = 0.25
    image.save()
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    go_live(article)
    original_name = image.file.name
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    flush_articles()
    call_command("import_articles", str(path), verbosity=0)

    restored = Image.objects.get(caption="Round trip")
    assert restored.file.name == original_name and restored.focal_x == 0.25
    version = PublishedVersion.objects.get(is_live=True)
    found = rendition_sets.for_images(p["image_id"] for p in version.placements)
    assert restored.pk in found
    assert fetch(renditions.renditions_storage().url(found[restored.pk].best("lead", 640).file))[0] == 200


APP_SCRIPT = """
import json, os, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0) if sys.argv[1] == "upload" else None
from articles.media import rendition_sets, renditions
from articles.models import Image, Rendition
if sys.argv[1] == "upload":
    from tests.support.pictures import image_with_photo
    image = image_with_photo(800, 600, caption="Seen everywhere")
    renditions.ensure(image)
else:
    image = Image.objects.get(caption="Seen everywhere")
    before = Rendition.objects.count()
found = rendition_sets.for_images([image.pk])[image.pk]
print(json.dumps({
    "pk": image.pk,
    "original": image.file.name,
    "exists": image.file.storage.exists(image.file.name),
    "lead": found.best("lead", 640).file,
    "signed": renditions.renditions_storage().url(found.best("lead", 640).file),
    "renditions": Rendition.objects.count(),
}))
"""


def run_app_process(role: str, env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", APP_SCRIPT, role], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_app_processes_with_different_disks_see_the_same_pictures(s3_server, tmp_path):
    name = s3_server.new_bucket()
    base = {
        **os.environ,
        **s3_server.environment(name, public=True),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "1",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    }
    first = run_app_process("upload", {**base, "MEDIA_ROOT": str(tmp_path / "host-a")})
    second = run_app_process("read", {**base, "MEDIA_ROOT": str(tmp_path / "host-b")})
    assert second["pk"] == first["pk"] and second["exists"] and second["original"] == first["original"]
    assert second["lead"] == first["lead"]  # the same file, not a second copy made on host B
    assert second["renditions"] == first["renditions"]
    assert fetch(second["signed"])[0] == 200
    assert not (tmp_path / "host-a").exists() and not (tmp_path / "host-b").exists()


def test_the_content_security_policy_allows_the_bucket_origins():
    from articles.media.storage import media_origins

    assert media_origins({}) == []
    env = {
        "S3_BUCKET": "b",
        "S3_ENDPOINT_URL": "https://s3.example.net",
        "S3_PUBLIC_URL": "https://media.example.org/x",
    }
    assert media_origins(env) == ["https://media.example.org", "https://s3.example.net"]
    assert media_origins({"S3_BUCKET": "b"}) == ["https://*.amazonaws.com"]
