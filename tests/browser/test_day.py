"""A whole day on the desk in a real browser, from a writer's first draft to the public site.

A writer creates a piece and uploads a picture whose IPTC caption and credit pre-fill the
form, submits; an editor requests changes with a comment; the writer reads it on the
dashboard, edits and resubmits; the editor schedules it; `publish_scheduled` runs; the
piece is on the public site. The JPEG is made with Pillow and given IPTC with exiftool.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from playwright.sync_api import expect

from articles.models import Article, PublishedVersion, State
from tests import factories
from tests.support.browser import serve_media

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXIFTOOL = Path("/usr/bin/exiftool")
CAPTION = "Dockers repair the old harbour wall at low tide."
CREATOR = "Jana Beispiel"
CREDIT = "Hafenbild/dpa"


def iptc_jpeg(path: Path) -> Path:
    """A JPEG carrying an IPTC caption, by-line and credit, as agencies deliver them."""
    if not EXIFTOOL.exists():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(f"NEWSROOM_REQUIRE_BROWSER is set but {EXIFTOOL} is missing (apt-get install exiftool)")
        pytest.skip(f"writing IPTC needs {EXIFTOOL} (apt-get install libimage-exiftool-perl)")
    image = PILImage.new("RGB", (800, 500), "#8fb3d9")
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 360), (250, 230), (520, 330), (800, 250), (800, 500), (0, 500)], fill="#4a6d4f")
    draw.rectangle([0, 440, 800, 500], fill="#34495e")
    image.save(path, format="JPEG", quality=85)
    subprocess.run(
        [
            str(EXIFTOOL),
            "-q",
            "-overwrite_original",
            "-IPTC:CodedCharacterSet=UTF8",
            f"-IPTC:Caption-Abstract={CAPTION}",
            f"-IPTC:By-line={CREATOR}",
            f"-IPTC:Credit={CREDIT}",
            "-IPTC:CopyrightNotice=© Hafenbild",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return path


def switch_user(page, sign_in, user) -> None:
    page.context.clear_cookies()
    sign_in(user)


def test_a_day_from_draft_to_the_public_site(page, sign_in, writer, editor, tmp_path):
    factories.SectionFactory(name="Politics", slug="politics")
    picture = iptc_jpeg(tmp_path / "harbour-wall.jpg")
    serve_media(page)

    # 1. The writer starts a piece.
    sign_in(writer)
    page.get_by_role("link", name="New article").click()
    page.wait_for_url("**/desk/articles/new/")
    page.get_by_label("Headline").fill("Harbour wall to be rebuilt by spring")
    expect(page.locator("#id_headline_count")).to_contain_text("36 / 90 characters")
    page.get_by_label("Teaser").fill(
        "After a long night of talks the council has agreed how to pay for the new harbour wall."
    )
    page.get_by_label("Dateline").fill("Hamburg")
    page.get_by_label("Body").fill(
        "The council met until after midnight.\n\n## What happens next\n\nWork starts in spring."
    )
    page.get_by_label("Section").select_option(label="Politics")
    expect(page.locator("select[name='bylines-0-author']")).to_have_value(str(writer.author.pk))

    # 2. She uploads a picture: the file's IPTC fills caption and credit before anything is sent.
    page.get_by_text("Upload a new image").click()
    page.get_by_label("Image file").set_input_files(str(picture))
    expect(page.locator("[name='upload-caption']")).to_have_value(CAPTION)
    expect(page.locator("[name='upload-creator']")).to_have_value(CREATOR)
    expect(page.locator("[name='upload-agencies']")).to_have_value(CREDIT)
    page.locator("[name='upload-alt_text']").fill("Workers on a harbour wall at low tide")
    page.get_by_role("button", name="Upload and place").click()
    expect(page.locator("[data-upload-status]")).to_contain_text("Uploaded and placed")
    # The piece's own caption stays empty, the library's shows as its hint; the first picture leads.
    expect(page.locator("textarea[name='placements-0-caption']")).to_have_value("")
    expect(page.locator("textarea[name='placements-0-caption']")).to_have_attribute("placeholder", CAPTION)
    expect(page.locator("select[name='placements-0-role']")).to_have_value("lead")
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url("**/desk/articles/*/")
    article = Article.objects.get(headline="Harbour wall to be rebuilt by spring")
    expect(page.locator(".review-preview figcaption")).to_contain_text(f"© {CREATOR}/{CREDIT}")

    # 3. She submits it.
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".desk-messages")).to_contain_text("Done")
    expect(page.locator(".state-badge").first).to_have_text("In review")

    # 4. The editor asks for changes, with a comment.
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/")
    page.get_by_label("What should change? (required)").fill("Please name the contractor in the second paragraph.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".desk-messages")).to_contain_text("Done")

    # 5. The writer reads the comment on her dashboard, edits and resubmits.
    switch_user(page, sign_in, writer)
    returned = page.locator("section[aria-labelledby='returned-heading']")
    expect(returned).to_contain_text("Please name the contractor in the second paragraph.")
    returned.get_by_role("link", name="Edit now").first.click()
    page.wait_for_url(f"**/desk/articles/{article.pk}/edit/")
    page.get_by_label("Body").fill(
        "The council met until after midnight.\n\n## What happens next\n\nNordbau starts work in spring."
    )
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(f"**/desk/articles/{article.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".state-badge").first).to_have_text("In review")

    # 6. The editor schedules it (newsroom time in the picker).
    switch_user(page, sign_in, editor)
    page.goto(f"/desk/articles/{article.pk}/")
    when = (timezone.localtime() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    page.get_by_label("Publish at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()
    expect(page.locator(".state-badge").first).to_have_text("Scheduled")
    scheduled = Article.objects.get(pk=article.pk)
    assert scheduled.status == State.SCHEDULED
    assert scheduled.publish_at == when

    # 7. Cron runs publish_scheduled after the time has come.
    with time_machine.travel(when + datetime.timedelta(minutes=1), tick=False):  # `--now` only rehearses
        call_command("publish_scheduled", verbosity=0)
    live = PublishedVersion.objects.live(now=when + datetime.timedelta(minutes=1)).get(article=article)
    assert Article.objects.get(pk=article.pk).status == State.PUBLISHED

    # 8. Readers see it (the live version, with its picture, caption and credit).
    page.context.clear_cookies()
    page.goto(live.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harbour wall to be rebuilt by spring")
    expect(page.locator("article")).to_contain_text("Nordbau starts work in spring.")
    expect(page.locator("figcaption")).to_contain_text(CAPTION)
    expect(page.locator("figcaption")).to_contain_text(f"© {CREATOR}/{CREDIT}")


def test_exiftool_picture_carries_iptc(tmp_path):
    """The test picture really carries IPTC (so the pre-fill above is the file's doing)."""
    from articles.media.images import read_embedded_metadata

    path = iptc_jpeg(tmp_path / "check.jpg")
    with path.open("rb") as file:
        metadata = read_embedded_metadata(file)
    assert metadata["caption"] == CAPTION
    assert metadata["credit"] == CREDIT
    assert shutil.which(str(EXIFTOOL))
