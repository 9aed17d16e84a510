"""Pictures follow the workflow, in a real browser: an editor corrects a credit and applies it to the live
pieces (readers see it), a writer's change to a picture in someone else's live piece is refused with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Image
from tests.support.pictures import image_with_photo
from tests.support.site import publish_with_picture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editor_applies_a_credit_correction_and_readers_see_it(page, sign_in, editor, writer):
    image = image_with_photo(1600, 900, creator="Jana Beispeil", agencies="dpa", caption="Cranes on the quay")
    article = publish_with_picture(image, writer=writer, headline="Harbour wall gives way")
    sign_in(editor)

    page.goto(reverse("desk:image-detail", args=[image.pk]))
    page.get_by_label("Creator").fill("Jana Beispiel")
    page.get_by_role("button", name="Save details").click()
    page.wait_for_selector("text=The image's details have been saved.")
    # Readers still see the approved credit until the correction is applied.
    page.get_by_role("link", name="Apply to 1 live piece").click()
    page.wait_for_selector("text=Harbour wall gives way")
    assert "credit" in page.locator("[data-apply-pieces]").inner_text()
    page.get_by_role("button", name="Apply to 1 live piece").click()
    page.wait_for_selector("text=The picture's details are now live in 1 piece.")

    page.goto(f"/politics/{article.slug}/")
    body = page.locator("body").inner_text()
    assert "Jana Beispiel/dpa" in body
    assert "Beispeil" not in body


def test_a_writer_is_refused_on_a_picture_in_someone_elses_live_piece(page, sign_in, writer, other_writer):
    image = image_with_photo(1600, 900, creator="Jana Beispiel", uploaded_by=other_writer)
    publish_with_picture(image, writer=other_writer, headline="Someone else's scoop")
    sign_in(writer)

    page.goto(reverse("desk:image-detail", args=[image.pk]))
    assert "ask an editor" in page.locator("[data-picture-refusal]").inner_text()
    page.get_by_label("Caption").fill("My careful new caption")
    page.get_by_role("button", name="Save details").click()

    page.wait_for_selector("text=Nothing was saved.")
    assert page.get_by_label("Caption").input_value() == "My careful new caption"
    assert "Someone else's scoop" not in page.content()
    assert Image.objects.get(pk=image.pk).caption != "My careful new caption"
