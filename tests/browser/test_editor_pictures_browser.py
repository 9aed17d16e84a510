"""Pictures in the editor as a photo desk expects, in a real browser: details saved in place refresh the
checks and leave the focal point usable; the first picture becomes the lead; the library caption is a
hint, not a copy; the admin pre-fills from the file's IPTC."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Image
from tests import factories
from tests.browser.support import serve_media
from tests.picture_support import image_with_file

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "The council met.\n\nIt voted on the harbour wall."


def test_saving_picture_details_refreshes_the_checks_and_keeps_the_focal_point(page, sign_in, writer):
    serve_media(page)
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    image = image_with_file(1200, 800, caption="Harbour at dusk", creator="", organisation="", agencies="", alt_text="")
    factories.PlacementFactory(article=article, image=image, role="lead")
    sign_in(writer)
    page.goto(f"/desk/articles/{article.pk}/edit/")
    checks = page.locator("#editor-findings")
    expect(checks).to_contain_text("alt text")

    page.get_by_text("Fix caption, credit and alt text").click()
    page.locator(f"#id_picture-{image.pk}-creator").fill("Ana Ruiz")
    page.locator(f"#id_picture-{image.pk}-agencies").fill("dpa")
    page.locator(f"#id_picture-{image.pk}-alt_text").fill("A stone wall by dark water")
    page.get_by_role("button", name="Save picture details").click()

    expect(page.locator("[data-picture-status]")).to_have_text("Saved to the picture.")
    expect(page.locator("[data-picture-credit]")).to_have_text("© Ana Ruiz/dpa")
    expect(checks).to_contain_text("Checks on the saved version")
    expect(checks).not_to_contain_text("alt text")
    expect(page.get_by_role("link", name="focal point and crops")).to_be_visible()
    # The focal point panel still answers after the save.
    panel = page.locator(f"[data-focal-url$='/images/{image.pk}/focal-point/']")
    stage = panel.get_by_role("group", name="Picture: set the focal point")
    stage.focus()
    stage.press("Shift+ArrowRight")
    stage.press("Enter")
    page.wait_for_function("el => el.getAttribute('data-focal-saved')", arg=panel.element_handle(), timeout=30000)
    assert Image.objects.get(pk=image.pk).focal_x > 0.55
