"""Pictures in the editor as a photo desk expects, in a real browser: details saved in place refresh the
checks and leave the focal point usable; the first picture becomes the lead; the library caption is a
hint, not a copy; the admin pre-fills from the file's IPTC."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, Image
from tests import factories
from tests.support.browser import serve_media
from tests.support.pictures import image_with_photo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "The council met.\n\nIt voted on the harbour wall."


def test_saving_picture_details_refreshes_the_checks_and_keeps_the_focal_point(page, sign_in, writer):
    serve_media(page)
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    image = image_with_photo(
        1200, 800, caption="Harbour at dusk", creator="", organisation="", agencies="", alt_text=""
    )
    factories.PlacementFactory(article=article, image=image, role="lead")
    workflow.save_article(article, by=writer, base_version=article.version, fields={"teaser": "A wall gives way."})
    before = Article.objects.get(pk=article.pk).version
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

    # The piece got the picture's change as a revision; the open editor follows it, so its own save is plain.
    assert Article.objects.get(pk=article.pk).version == before + 1
    expect(page.locator("input[name='base_version']").first).to_have_value(str(before + 1))
    page.locator("#id_headline").fill("Harbour wall gives way")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("Saved “Harbour wall gives way”.")).to_be_visible()
    expect(page.get_by_text("Merged with the version")).to_have_count(0)
    assert Article.objects.get(pk=article.pk).version == before + 2


def test_the_first_picture_chosen_becomes_the_lead_and_keeps_no_copy_of_the_caption(page, sign_in, writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, body=BODY)
    lighthouse = factories.ImageFactory(caption="Lighthouse at dawn")
    factories.ImageFactory(caption="Council chamber")
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(writer)
    page.goto(f"/desk/articles/{article.pk}/edit/")

    for word in ("lighthouse", "council"):
        page.get_by_role("button", name="Add image from the library").click()
        box = page.get_by_role("combobox", name="Image").last
        box.press_sequentially(word)
        expect(page.get_by_role("listbox", name="Matching pictures").get_by_role("option")).to_have_count(1)
        box.press("ArrowDown")
        box.press("Enter")

    rows = page.locator("[data-formset=placements] [data-formset-row]")
    expect(rows.nth(0).locator("select[name$='-role']")).to_have_value("lead")
    expect(rows.nth(1).locator("select[name$='-role']")).to_have_value("inline")
    caption = rows.nth(0).locator("textarea[name$='-caption']")
    expect(caption).to_have_value("")
    expect(caption).to_have_attribute("placeholder", "Lighthouse at dawn")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(f"**/desk/articles/{article.pk}/edit/")
    lead = article.placements.get(role="lead")
    assert (lead.image_id, lead.caption, lead.effective_caption) == (lighthouse.pk, "", "Lighthouse at dawn")
    assert problems == []


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed (apt-get install exiftool)")
def test_the_admin_fills_caption_and_credit_from_the_chosen_files_iptc(page, sign_in, superuser, tmp_path):
    path = tmp_path / "harbour.jpg"
    PILImage.new("RGB", (120, 80), "steelblue").save(path, format="JPEG")
    tags = [
        "-IPTC:Caption-Abstract=The harbour wall at dawn",
        "-IPTC:By-line=Jana Beispiel",
        "-IPTC:Credit=Newsroom Photo/dpa",
        "-IPTC:Source=Reuters",
    ]
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-codedcharacterset=utf8", *tags, str(path)], check=True)
    sign_in(superuser, password=factories.PASSWORD)
    page.goto("/admin/articles/image/add/")

    page.locator("#id_file").set_input_files(str(path))

    expect(page.locator("#id_caption")).to_have_value("The harbour wall at dawn")
    expect(page.locator("#id_creator")).to_have_value("Jana Beispiel")
    expect(page.locator("#id_agencies")).to_have_value("Newsroom Photo/dpa")
    expect(page.locator("#id_source")).to_have_value("Reuters")
    expect(page.locator("[data-metadata-status]")).to_contain_text("Filled 4 fields from the file")
    page.locator("#id_alt_text").fill("A harbour wall in morning light")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Image.objects.get().credit_line == "© Jana Beispiel/Newsroom Photo/dpa/Reuters"
