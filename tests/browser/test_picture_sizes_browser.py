"""Every picture's `sizes` matches how wide it is drawn: the rendition the browser picks fills it.

At 1280 px (1 device pixel per CSS pixel) and 390 px (a phone, 3 per CSS pixel), on the front page
(the top story beside its text, the teaser grid, phone thumbnails) and an article: the chosen
rendition (`currentSrc`) is at least the drawn width times devicePixelRatio (or the largest there is),
and at most one step larger than the smallest that would do.
"""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.support.pictures import image_with_photo
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MEASURE = """() => Array.from(document.querySelectorAll('main picture img')).map(img => ({
  drawn: img.getBoundingClientRect().width,
  src: img.currentSrc,
  srcset: img.srcset,
  kind: img.closest('.teaser-card-featured') ? 'featured' : img.closest('.teaser-card') ? 'teaser' : 'figure',
}))"""
WIDTH = re.compile(r"-(\d+)x\d+\.\w+$")


def _width(address: str) -> int:
    return int(WIDTH.search(address.split("?")[0]).group(1))


def _pieces() -> str:
    section = factories.SectionFactory(name="Harbour", slug="harbour")
    first = None
    for number in range(4):
        article = factories.ArticleFactory(section=section, headline=f"Cranes {number}")
        factories.PlacementFactory(article=article, image=image_with_photo(2400, 1600), role="lead")
        version = go_live(article)
        first = first or version
    clear_site_caches()
    return first.get_absolute_url()


@pytest.mark.parametrize(("width", "scale"), [(1280, 1), (390, 3)])
def test_the_chosen_rendition_fills_the_drawn_width(browser, live_server, width, scale):
    article_url = _pieces()
    context = browser.new_context(
        viewport={"width": width, "height": 900}, device_scale_factor=scale, base_url=live_server.url
    )
    page = context.new_page()
    try:
        for url in ("/", article_url):
            page.goto(url)
            page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
            # decode() waits for each picture without the page's CSP forbidding a polled string.
            page.evaluate(
                "() => Promise.all(Array.from(document.querySelectorAll('main picture img'))"
                ".map(img => img.decode().catch(() => null)))"
            )
            pictures = page.evaluate(MEASURE)
            assert pictures, url
            for picture in pictures:
                offered = sorted(_width(candidate.strip().split(" ")[0]) for candidate in picture["srcset"].split(","))
                chosen = _width(picture["src"])
                needed = picture["drawn"] * scale
                enough = next((offer for offer in offered if offer >= needed), offered[-1])
                step = offered.index(chosen) - offered.index(enough)
                print(f"{width} px {url} {picture['kind']}: drawn {picture['drawn']:.0f}, chose {chosen}")
                assert chosen >= enough, (url, picture, needed)  # not smaller than drawn x DPR
                assert step <= 1, (url, picture, needed)  # and not wastefully larger
    finally:
        context.close()
