"""The desk's frame in a real browser: sign-in, keyboard use, phone width, and the screenshots.

Screenshots of dashboard, calendar and image library at 1280 and 390 px are written to
docs/screenshots/ when NEWSROOM_SCREENSHOTS is set (`NEWSROOM_SCREENSHOTS=1 pytest tests/browser -k screenshots`),
otherwise into a temporary folder; the test always checks that nothing overflows a phone's width.
"""

import datetime
import io
import itertools
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Image, State, WorkflowEvent
from tests import factories
from tests.support.browser import no_horizontal_overflow, serve_media

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

expect = pytest.importorskip("playwright.sync_api").expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def picture(colours: tuple[str, str], seed: int) -> ContentFile:
    """A small landscape-like picture (sky, hills, sun) so the library looks like a library."""
    image = PILImage.new("RGB", (640, 480), colours[0])
    draw = ImageDraw.Draw(image)
    for band in range(12):
        draw.rectangle([0, band * 20, 640, band * 20 + 20], fill=colours[0])
    draw.ellipse([420 - seed * 20, 60, 520 - seed * 20, 160], fill="#f8d66d")
    draw.polygon(
        [(0, 380), (160 + seed * 10, 250), (360, 360), (520, 240 + seed * 8), (640, 330), (640, 480), (0, 480)],
        fill=colours[1],
    )
    draw.rectangle([0, 430, 640, 480], fill="#2f3e46")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"picture-{seed}.jpg")


def newsroom_week(writer, editor) -> None:
    """A believable week on the desk: pieces in every state, a returned draft, images needing work."""
    now = timezone.localtime()
    monday = (now - datetime.timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    politics = factories.SectionFactory(name="Politics", slug="politics")
    business = factories.SectionFactory(name="Business", slug="business")
    culture = factories.SectionFactory(name="Culture", slug="culture")
    sport = factories.SectionFactory(name="Sport", slug="sport")
    fmu = factories.AuthorFactory(name="Fabian Müller", sign_off="fmu")
    aka = factories.AuthorFactory(name="Aylin Kaya", sign_off="aka")
    me = writer.author

    kickers = itertools.cycle(["", "Analysis", "", "Exclusive", "", "", "Live", ""])
    ages = itertools.count(start=7, step=23)
    made = []

    def piece(headline, section, authors, state, **fields):
        article = factories.ArticleFactory(
            headline=headline, section=section, authors=authors, created_by=writer, kicker=next(kickers)
        )
        fields.setdefault("updated_at", now - datetime.timedelta(minutes=next(ages)))
        Article.objects.filter(pk=article.pk).update(status=state, **fields)
        made.append(article)
        return article

    piece("Night-time curfew for the old harbour?", politics, [me], State.DRAFT)
    piece("What the new tram line will cost", business, [me, aka], State.DRAFT)
    returned = piece("Council agrees on the harbour budget", politics, [me], State.DRAFT)
    WorkflowEvent.objects.create(
        article=returned,
        transition="request_changes",
        from_state="in_review",
        to_state="draft",
        actor=editor,
        created_at=now - datetime.timedelta(minutes=40),
        comment="Good piece. Please name the source of the cost estimate in the second paragraph and "
        "spell Kyiv the house way.",
    )
    piece("US to deliver more Patriot systems to Ukraine", politics, [fmu], State.IN_REVIEW)
    piece("Local bakery wins national prize", business, [aka], State.IN_REVIEW)
    piece("Season opener: what to expect", sport, [me], State.IN_REVIEW)
    schedule = [
        (0, 7, 30, "Morning briefing: the week ahead", politics, [fmu]),
        (1, 6, 0, "Port workers vote on strike", business, [aka]),
        (1, 18, 30, "Review: a new Hamlet at the city theatre", culture, [me]),
        (2, 9, 0, "Budget vote: live from the council", politics, [fmu, me]),
        (3, 12, 0, "Interview with the harbour master", business, [me]),
        (4, 8, 15, "Derby day: five things to watch", sport, [aka]),
        (5, 10, 0, "Weekend tips: markets and music", culture, [aka]),
        (6, 19, 0, "Sunday long read: the river's future", politics, [fmu]),
    ]
    for day, hour, minute, headline, section, authors in schedule:
        at = monday + datetime.timedelta(days=day, hours=hour, minutes=minute)
        if at < now:
            piece(headline, section, authors, State.PUBLISHED, published_at=at)
        else:
            piece(headline, section, authors, State.SCHEDULED, publish_at=at)
    for hours, headline, section in [
        (30, "City approves new cycle lanes", politics),
        (52, "Jazz festival sells out", culture),
    ]:
        piece(headline, section, [aka], State.PUBLISHED, published_at=now - datetime.timedelta(hours=hours))

    palette = [
        ("#8ecae6", "#219ebc"),
        ("#ffb703", "#fb8500"),
        ("#cdb4db", "#6d597a"),
        ("#a8dadc", "#457b9d"),
        ("#e9c46a", "#2a9d8f"),
        ("#f4a261", "#e76f51"),
        ("#bde0fe", "#3a86ff"),
        ("#d8f3dc", "#40916c"),
    ]
    captions = [
        ("The old harbour wall at low tide.", "Jana Beispiel", "Newsroom Photo", "Workers on the harbour wall"),
        ("A Patriot launcher during an exercise.", "Andrew Dickson", "US Army/AP/dpa", ""),
        ("The council chamber before the budget vote.", "", "", "The council chamber"),
        ("Trams in the depot on Sunday morning.", "Aylin Kaya", "", "Trams in a depot"),
        ("Fans outside the stadium.", "Marc Weber", "dpa", "Football fans with scarves"),
        ("The jazz festival's main stage.", "Lea Sommer", "Newsroom Photo", "A band on a stage"),
        ("Cyclists on the new lane.", "", "", ""),
        ("The bakery's prize-winning loaf.", "Tom Berger", "Newsroom Photo", "A round loaf of bread"),
    ]
    today = timezone.localdate()
    for seed, ((caption, creator, agencies, alt), colours) in enumerate(zip(captions, palette, strict=True)):
        image = factories.ImageFactory(
            caption=caption,
            creator=creator,
            agencies=agencies,
            alt_text=alt,
            is_archive=seed == 1,
            rights_expire_on=today + datetime.timedelta(days=12) if seed == 4 else None,
        )
        image.file.save(f"picture-{seed}.jpg", picture(colours, seed), save=True)
        for article in made[seed : seed + seed % 3]:
            factories.PlacementFactory(article=article, image=image, role="inline")


def test_sign_in_lands_on_the_dashboard_and_sign_out_works(page, sign_in, writer, live_server):
    page.goto("/desk/")
    assert "/accounts/login/" in page.url  # anonymous: sent to sign in first
    page.get_by_label("Username").fill(writer.username)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("correct username and password").is_visible()

    sign_in(writer)
    assert page.url.endswith("/desk/")
    assert page.get_by_role("heading", level=1).is_visible()
    page.get_by_role("button", name=writer.get_full_name()).click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/?signed_out=1")
    assert page.get_by_text("You have signed out.").is_visible()
    page.goto("/desk/")
    assert "/accounts/login/" in page.url


def test_the_dashboard_can_be_used_with_the_keyboard_alone(page, sign_in, writer, editor):
    newsroom_week(writer, editor)
    sign_in(writer)
    # The first Tab reaches the skip link; Enter moves focus to the main landmark.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # From the top, Tab walks the navigation; the focused link has a visible outline.
    page.goto("/desk/")
    names = []
    for _ in range(8):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent.trim()"))
        if names[-1] == "Articles":
            break
    assert "Dashboard" in names and names[-1] == "Articles"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk/articles/**")
    assert page.get_by_role("heading", name="Articles", level=1).is_visible()

    # The returned piece and its editor's comment are on the dashboard.
    page.goto("/desk/")
    assert page.get_by_role("heading", name="Returned to you").is_visible()
    assert page.get_by_text("Please name the source of the cost estimate").is_visible()

    # The user menu opens with the keyboard and offers the password change.
    page.get_by_role("button", name=writer.get_full_name()).focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Change password").is_visible()
    page.keyboard.press("Escape")


def test_filters_on_the_article_list_work_in_the_browser(page, sign_in, writer, editor):
    newsroom_week(writer, editor)
    sign_in(editor)
    page.goto("/desk/articles/")
    page.get_by_label("Search").fill("Patriot")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**q=Patriot**")
    assert "US to deliver more Patriot systems" in page.locator("tbody tr").all_inner_texts()[0]
    assert page.locator("tbody tr").count() == 1
    # Filters combine: the search is kept when a state is chosen (a select never submits on its own,
    # so keyboard users can move through the options).
    page.get_by_label("State").select_option("published")
    assert "status=published" not in page.url
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**status=published**")
    assert "q=Patriot" in page.url
    assert page.get_by_text("No pieces match these filters.").is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_dashboard_calendar_and_images(browser, live_server, writer, editor, width, tmp_path):
    newsroom_week(writer, editor)
    target = SCREENSHOTS if os.environ.get("NEWSROOM_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    serve_media(page)
    try:
        page.goto("/accounts/login/")
        page.screenshot(path=str(target / f"sign-in-{width}.png"))
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/desk/**")
        for name, url in [
            ("dashboard", "/desk/"),
            ("calendar", "/desk/calendar/"),
            ("images", "/desk/images/"),
            ("articles", "/desk/articles/"),
        ]:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            # Thumbnails load lazily: scroll through once so the full-page picture shows them.
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            page.evaluate("window.scrollTo(0, 0)")
            assert no_horizontal_overflow(page), f"{name} overflows at {width} px"
            page.screenshot(path=str(target / f"{name}-{width}.png"), full_page=True)
        detail = Image.objects.filter(placements__isnull=False).order_by("pk").first()
        for name, url in [("image-detail", f"/desk/images/{detail.pk}/"), ("image-upload", "/desk/images/upload/")]:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert no_horizontal_overflow(page), f"{name} overflows at {width} px"
            page.screenshot(path=str(target / f"{name}-{width}.png"), full_page=True)
        # A writer's dashboard: the piece an editor sent back, with the comment.
        if width < 992:  # the navigation is folded behind its toggle button on narrow screens
            page.get_by_role("button", name="Show navigation").click()
            page.locator("#desk-nav.show").wait_for()
        page.get_by_role("button", name=editor.get_full_name()).click()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/accounts/login/**")
        page.get_by_label("Username").fill(writer.username)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/desk/**")
        assert page.get_by_text("Please name the source of the cost estimate").is_visible()
        assert no_horizontal_overflow(page)
        page.screenshot(path=str(target / f"dashboard-writer-{width}.png"), full_page=True)
        response = page.goto("/desk/authors/")  # editors only: the friendly 403
        assert response.status == 403
        assert page.get_by_role("heading", name="You may not do that").is_visible()
        page.screenshot(path=str(target / f"forbidden-{width}.png"), full_page=True)
    finally:
        context.close()
    assert (target / f"dashboard-{width}.png").stat().st_size > 10_000


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed (apt-get install exiftool)")
def test_choosing_a_file_fills_caption_and_credit_from_its_iptc(page, sign_in, writer, tmp_path):
    path = tmp_path / "harbour.jpg"
    PILImage.new("RGB", (120, 80), "steelblue").save(path, format="JPEG")
    subprocess.run(
        [
            "exiftool",
            "-q",
            "-overwrite_original",
            "-codedcharacterset=utf8",
            "-IPTC:Caption-Abstract=The harbour wall at dawn",
            "-IPTC:By-line=Jana Beispiel",
            "-IPTC:Credit=Newsroom Photo/dpa",
            "-IPTC:CopyrightNotice=© Newsroom",
            str(path),
        ],
        check=True,
    )
    sign_in(writer)
    page.goto("/desk/images/upload/")
    page.get_by_label("Image file").set_input_files(str(path))
    expect(page.get_by_label("Default caption")).to_have_value("The harbour wall at dawn")
    expect(page.get_by_label("Creator")).to_have_value("Jana Beispiel")
    expect(page.get_by_label("Agency chain")).to_have_value("Newsroom Photo/dpa")
    expect(page.get_by_label("Copyright notice")).to_have_value("© Newsroom")
    expect(page.get_by_text("Filled 4 fields from the file")).to_be_visible()
    page.get_by_label("Alt text").fill("A harbour wall in morning light")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/desk/images/*/")
    expect(page.get_by_text("The image has been added to the library")).to_be_visible()
    image = Image.objects.get()
    assert image.credit_line == "© Jana Beispiel/Newsroom Photo/dpa"
    assert image.uploaded_by == writer
