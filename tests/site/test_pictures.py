"""The public site's pictures: <picture>/srcset/sizes with dimensions, lazy below the fold, the lead
preloaded, Open Graph and JSON-LD from the 1200-px crops, teasers cropped, never the original."""

from __future__ import annotations

import json
import re

import pytest

from articles.media import rendition_sets
from tests import factories
from tests.support.pictures import image_with_photo
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    clear_site_caches()


@pytest.fixture
def piece():
    lead = image_with_photo(1600, 1200, name="lead.jpg", alt_text="Harbour wall")
    inline = image_with_photo(800, 600, name="inline.jpg", alt_text="Crane")
    article = factories.ArticleFactory(body="One.\n\nTwo.\n\nThree.")
    factories.PlacementFactory(article=article, image=lead, role="lead")
    factories.PlacementFactory(article=article, image=inline, role="inline", position=1)
    return go_live(article), lead, inline


def test_article_page_uses_picture_elements_with_dimensions(client, piece):
    version, lead, inline = piece
    page = client.get(version.get_absolute_url()).content.decode()
    figures = re.findall(r"<picture>.*?</picture>", page, flags=re.S)
    assert len(figures) == 2
    lead_html, inline_html = figures
    assert '<source type="image/avif"' in lead_html and '<source type="image/webp"' in lead_html
    assert 'fetchpriority="high"' in lead_html and 'loading="lazy"' not in lead_html
    assert 'loading="lazy"' in inline_html and "image/avif" not in inline_html
    for html in figures:
        assert re.search(r'<img src="[^"]+\.jpg" srcset="[^"]+ 320w, ', html)
        assert 'sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)"' in html
        width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', html).groups())
        assert width and height
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', lead_html).groups())
    assert abs(width / height - 16 / 9) < 0.01  # the lead is the 16:9 crop
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', inline_html).groups())
    assert abs(width / height - 4 / 3) < 0.01  # inline pictures keep their shape
    assert lead.file.url not in page and inline.file.url not in page  # never the originals


def test_lead_is_preloaded_and_social_and_search_images_are_1200_px_crops(client, piece):
    version, lead, _inline = piece
    page = client.get(version.get_absolute_url()).content.decode()
    preload = re.search(r'<link rel="preload" as="image"[^>]+>', page).group(0)
    assert 'type="image/avif"' in preload and "imagesizes=" in preload and f"/renditions/{lead.pk}/" in preload
    og = re.search(r'property="og:image" content="([^"]+)"', page).group(1)
    assert og.startswith("http") and og.endswith("social-1200x630.jpg")
    assert '<meta property="og:image:width" content="1200">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S).group(1))
    assert [image["url"].rsplit("/", 1)[1] for image in data["image"]] == [
        "schema-16x9-1200x675.jpg",
        "schema-4x3-1200x900.jpg",
        "schema-1x1-1200x1200.jpg",
    ]


def test_front_page_teasers_use_the_teaser_crop(client, piece):
    _version, lead, _inline = piece
    page = client.get("/").content.decode()
    teaser = re.search(r'<a class="teaser-card-image".*?</a>', page, flags=re.S).group(0)
    assert "<picture>" in teaser and f"/renditions/{lead.pk}/" in teaser and "teaser-" in teaser
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', teaser).groups())
    assert abs(width / height - 4 / 3) < 0.01
    assert lead.file.url not in page


def test_a_24_megapixel_lead_sent_to_a_390_px_phone_is_at_most_120_kb():
    image = image_with_photo(6000, 4000, name="camera.jpg")
    found = rendition_sets.for_images([image.pk])[image.pk]
    # sizes = calc(100vw - 2rem): 358 CSS px on a 390-px phone; at 3 device pixels per CSS pixel
    # the browser picks the smallest candidate at least 1074 px wide, in the best format it supports.
    for fmt in ("avif", "webp", "jpeg"):
        chosen = found.best("lead", 358 * 3, fmt)
        assert chosen.width >= 1074
        assert chosen.size <= 120 * 1024, (fmt, chosen.size)


def test_a_picture_without_renditions_falls_back_to_its_file(client):
    image = image_with_photo(640, 480)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    version = go_live(article)
    with open(image.file.path, "wb") as handle:
        handle.write(b"broken after upload")
    page = client.get(version.get_absolute_url())
    assert page.status_code == 200
    assert "<picture>" not in page.content.decode()
