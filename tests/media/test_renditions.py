"""Renditions: sizes, crops around the focal point, names, made once, replaced when the focal point moves."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import storages
from PIL import Image as PILImage

from articles.media import rendition_sets, renditions
from articles.media.renditions import CROPS, crop_box
from articles.models import Rendition
from tests.support.pictures import image_with_photo

pytestmark = pytest.mark.django_db


def test_crop_box_is_centred_on_the_focal_point_and_stays_inside():
    assert crop_box(1600, 1200, 1.0, 0.5, 0.5) == (200, 0, 1400, 1200)
    assert crop_box(1600, 1200, 1.0, 0.25, 0.5) == (0, 0, 1200, 1200)  # clamped at the left edge
    assert crop_box(1600, 1200, 1.0, 0.6, 0.5) == (360, 0, 1560, 1200)
    assert crop_box(1600, 1200, 16 / 9, 0.5, 0.0) == (0, 0, 1600, 900)
    assert crop_box(1600, 1200, 16 / 9, 0.5, 1.0) == (0, 300, 1600, 1200)
    assert crop_box(1600, 1200, None, 0.1, 0.9) == (0, 0, 1600, 1200)


def test_every_crop_is_made_in_its_widths_and_formats_with_true_dimensions():
    image = image_with_photo(1200, 900)
    made = renditions.ensure(image)
    specs = {rendition.spec for rendition in made}
    assert {"lead-320.jpeg", "lead-960.webp", "teaser-640.webp", "square-160.jpeg", "social-1200.jpeg"} <= specs
    assert "lead-1280.jpeg" not in specs  # never upscaled beyond the 1200-px original
    storage = storages["renditions"]
    for rendition in made:
        with storage.open(rendition.file) as handle:
            data = handle.read()
        picture = PILImage.open(io.BytesIO(data))
        assert picture.size == (rendition.width, rendition.height)
        assert picture.format == {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[rendition.fmt]
        assert len(data) == rendition.size
        ratio = CROPS[rendition.crop].ratio or 1200 / 900
        assert abs(rendition.width / rendition.height - ratio) < 0.02
    social = next(rendition for rendition in made if rendition.crop == "social")
    assert (social.width, social.height) == (1200, 630)


def test_made_once_second_call_writes_nothing():
    image = image_with_photo(800, 600)
    first = renditions.ensure(image)
    second = renditions.ensure(image)
    assert {r.pk for r in first} == {r.pk for r in second}
    assert Rendition.objects.filter(image=image).count() == len(first)


def test_two_pictures_never_share_a_file_even_with_the_same_upload_name():
    one = image_with_photo(800, 600, name="same.jpg")
    two = image_with_photo(800, 600, name="same.jpg")
    files_one = {r.file for r in renditions.ensure(one)}
    files_two = {r.file for r in renditions.ensure(two)}
    assert files_one.isdisjoint(files_two)


def test_moving_the_focal_point_replaces_the_crops(django_capture_on_commit_callbacks):
    image = image_with_photo(1200, 900)
    old = {r.spec: r for r in renditions.ensure(image)}
    image.focal_x, image.focal_y = 0.9, 0.5
    image.save()
    with django_capture_on_commit_callbacks(execute=True):
        new = {r.spec: r for r in renditions.replace(image)}
    assert new.keys() == old.keys()
    assert all(new[spec].file != old[spec].file for spec in new)  # new names: caches never show the old crop
    storage = storages["renditions"]
    assert not any(storage.exists(r.file) for r in old.values())
    assert Rendition.objects.filter(image=image).count() == len(new)
    # The square crop now shows the right-hand part: its pixels differ from the centred one's.
    with storage.open(new["square-320.jpeg"].file) as handle:
        right = PILImage.open(handle).convert("RGB").resize((8, 8))
    left_image = image_with_photo(1200, 900, focal_x=0.1)
    left_file = next(r.file for r in renditions.ensure(left_image) if r.spec == "square-320.jpeg")
    with storage.open(left_file) as handle:
        left = PILImage.open(handle).convert("RGB").resize((8, 8))
    assert right.tobytes() != left.tobytes()


def test_for_images_reads_all_pictures_in_one_query(django_assert_num_queries):
    images = [image_with_photo(640, 480) for _ in range(3)]
    for image in images:
        renditions.ensure(image)
    with django_assert_num_queries(1):
        found = rendition_sets.for_images([image.pk for image in images])
    assert set(found) == {image.pk for image in images}
    picture = found[images[0].pk].picture("lead")
    assert picture.src.endswith(".jpg")
    assert [mime for mime, _srcset in picture.sources][-1] == "image/webp"


def test_first_use_makes_missing_renditions_and_a_broken_file_gives_none():
    image = image_with_photo(640, 480)
    assert rendition_sets.for_images([image.pk])[image.pk].picture("teaser") is not None
    broken = image_with_photo(640, 480)
    with open(broken.file.path, "wb") as handle:
        handle.write(b"not a picture")
    assert rendition_sets.for_images([broken.pk]) == {}
