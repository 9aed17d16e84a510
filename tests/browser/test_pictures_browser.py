"""Pictures in a real browser: the focal point set with the keyboard (crop previews follow, saved crops
change), the picture page's screenshots, and what a 390-px phone downloads for an article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from articles.media.focal import set_focal_point
from articles.models import Rendition
from tests import factories
from tests.support.browser import serve_media
from tests.support.pictures import image_with_photo
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def signed_in_page(browser, live_server, user, width: int = 1280, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url, **options)
    page = context.new_page()
    serve_media(page)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/desk/**")
    return context, page


def preview_positions(page) -> dict[str, str]:
    return page.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('[data-crop]'))"
        ".map(img => [img.dataset.crop, img.style.objectPosition]))"
    )


def test_focal_point_with_the_keyboard_moves_the_crops(browser, live_server, editor):
    image = image_with_photo(1600, 900, caption="Cranes on the quay", alt_text="Cranes")
    context, page = signed_in_page(browser, live_server, editor)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(reverse("desk:image-detail", args=[image.pk]))
        page.wait_for_function("() => document.querySelector('[data-crop=square]').style.objectPosition !== ''")
        before = preview_positions(page)
        assert before["square"] == "50% 50%"
        old_files = set(Rendition.objects.filter(image=image).values_list("file", flat=True))

        stage = page.get_by_role("group", name="Picture: set the focal point")
        stage.focus()
        for _ in range(3):
            stage.press("Shift+ArrowRight")  # 10 % a step
        stage.press("ArrowUp")
        assert page.locator("#focal-x").input_value() == "80"
        assert page.locator("#focal-y").input_value() == "49"
        after = preview_positions(page)
        assert after["square"] != before["square"]  # the 1:1 crop moved right at once
        assert float(after["square"].split("%")[0]) > 50
        assert after["lead"].startswith("50%")  # a 16:9 crop of a 16:9 picture cannot move sideways

        stage.press("Enter")  # saves
        page.wait_for_selector("text=Focal point saved")
        image.refresh_from_db()
        assert (image.focal_x, image.focal_y) == (0.8, 0.49)
        new_files = set(Rendition.objects.filter(image=image).values_list("file", flat=True))
        assert new_files and not (new_files & old_files)
        assert page.locator("#focal-x").input_value() == "80"
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_picture_page(browser, live_server, editor, width, tmp_path):
    image = image_with_photo(1600, 1067, caption="Cranes on the quay at dawn", alt_text="Cranes on the quay")
    set_focal_point(image, x=0.72, y=0.35, by=None)
    target = SCREENSHOTS if os.environ.get("NEWSROOM_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    context, page = signed_in_page(browser, live_server, editor, width)
    try:
        page.goto(reverse("desk:image-detail", args=[image.pk]))
        page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        marker = page.locator("[data-focal-marker]").bounding_box()
        stage = page.locator("[data-focal-image]").bounding_box()
        assert abs((marker["x"] + marker["width"] / 2 - stage["x"]) / stage["width"] - 0.72) < 0.02
        page.screenshot(path=str(target / f"picture-focal-{width}.png"), full_page=True)
    finally:
        context.close()


def test_article_at_390_px_downloads_little(browser, live_server, tmp_path):
    clear_site_caches()
    lead = image_with_photo(6000, 4000, name="camera.jpg", alt_text="A 24-megapixel camera file")
    inline = image_with_photo(4000, 3000, name="second.jpg", alt_text="Another")
    article = factories.ArticleFactory(body="\n\n".join(f"Paragraph {n} of the piece." for n in range(12)))
    factories.PlacementFactory(article=article, image=lead, role="lead")
    factories.PlacementFactory(article=article, image=inline, role="inline", position=6)
    version = go_live(article)
    # A current 390-px phone: three device pixels per CSS pixel.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, base_url=live_server.url
    )
    page = context.new_page()
    serve_media(page)
    sizes: dict[str, int] = {}
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())))
    try:
        page.goto(version.get_absolute_url())
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the lazy inline picture too
        page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")
        page.wait_for_load_state("networkidle")
        pictures = {url: size for url, size in sizes.items() if "/media/" in url}
        assert not any("/media/images/" in url for url in pictures)  # never an original
        lead_url = page.evaluate("document.querySelector('.piece-figure-lead img').currentSrc")
        assert f"/renditions/{lead.pk}/" in lead_url and lead_url.endswith(".avif")
        assert sizes[lead_url] <= 120 * 1024
        page_bytes = sizes[page.url] + sum(pictures.values())
        assert page_bytes <= 300 * 1024, (page_bytes, pictures)
        # No layout shift: every picture has its box before it loads.
        assert page.evaluate("Array.from(document.querySelectorAll('.piece img')).every(i => i.getAttribute('width'))")
        print(f"390 px x3: lead {sizes[lead_url]} bytes, HTML + pictures {page_bytes} bytes")
    finally:
        context.close()


def test_focal_point_from_the_editors_picture_panel(browser, live_server, editor):
    image = image_with_photo(1200, 800, caption="Quay")
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    context, page = signed_in_page(browser, live_server, editor)
    try:
        page.goto(reverse("desk:article-edit", args=[article.pk]))
        panel = page.locator(f"[data-focal-url$='/images/{image.pk}/focal-point/']")
        stage = panel.get_by_role("group", name="Picture: set the focal point")
        box = stage.locator("img").bounding_box()
        stage.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
        page.wait_for_function("el => el.getAttribute('data-focal-saved')", arg=panel.element_handle(), timeout=30000)
        image.refresh_from_db()
        assert abs(image.focal_x - 0.25) < 0.02 and abs(image.focal_y - 0.75) < 0.02
        stage.press("ArrowRight")
        stage.press("Enter")
        page.wait_for_function(
            "([el, x]) => el.getAttribute('data-focal-saved').startsWith(x + ',')",
            arg=[panel.element_handle(), str(round(image.focal_x * 100 + 1, 1)).removesuffix(".0")],
            timeout=30000,
        )
        image.refresh_from_db()
        assert abs(image.focal_x - 0.26) < 0.02
    finally:
        context.close()
