"""The public site in a real browser: front page and article at desktop and phone width.

Screenshots go to docs/screenshots/ when NEWSROOM_SCREENSHOTS is set
(`NEWSROOM_SCREENSHOTS=1 pytest tests/browser -k site`), otherwise into a temporary
folder; the tests always check the layout: nothing wider than a phone, a readable
measure, the reading order of the piece.
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Image
from tests import factories
from tests.support.browser import loaded_width, no_horizontal_overflow, serve_media
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BODY = (
    "The ministry will take more time before it decides on the route of the northern pipeline, a spokeswoman "
    'said on Tuesday. "We want a decision that holds up in court, not a quick one," she told reporters.\n\n'
    "For months, the operator has been asking for a permit to start building before the winter. The ministry "
    "has so far refused, pointing to open questions about the water table.\n\n"
    "## A route through the park\n\n"
    "The planned line crosses forty kilometres of protected forest and two rivers. Engineers say the pipes can "
    "be laid in a narrow trench; the park authority doubts that the forest would recover within a decade.\n\n"
    "Shortly after the last hearing in June, the authority asked for a new survey of the wetlands along the "
    "border, which the operator has promised to deliver by the end of the month.\n\n"
    "## Neighbours are divided\n\n"
    "The neighbouring government has already approved its part of the line. In the villages along the route, "
    "on the other hand, opposition is growing. There is still no agreement between the two capitals."
)


def picture(seed: int) -> ContentFile:
    """A landscape-like picture (sky, hills, sun) so pages look like a newspaper's."""
    skies = ["#8fb8de", "#f2c57c", "#a3c4bc", "#c9b6e4", "#9cc5a1"]
    hills = ["#3d5a40", "#7a5c3e", "#35524a", "#4b3f72", "#2d6a4f"]
    image = PILImage.new("RGB", (1200, 800), skies[seed % len(skies)])
    draw = ImageDraw.Draw(image)
    draw.ellipse([760 - seed * 40, 110, 920 - seed * 40, 270], fill="#f8d66d")
    draw.polygon(
        [(0, 620), (300 + seed * 20, 430), (640, 600), (960, 420 + seed * 12), (1200, 560), (1200, 800), (0, 800)],
        fill=hills[seed % len(hills)],
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"site-{seed}.jpg")


def image(seed: int, **fields) -> Image:
    made = factories.ImageFactory.build(**fields)
    made.file.save(f"site-{seed}.jpg", picture(seed), save=False)
    made.save()
    return made


@pytest.fixture
def newspaper(db):
    """A front page's worth of live pieces, the first shaped like the corpus article."""
    clear_site_caches()
    sections = [
        factories.SectionFactory(name=name, slug=name.lower(), position=index)
        for index, name in enumerate(["Politics", "World", "Business", "Culture", "Sport"])
    ]
    fabian = factories.AuthorFactory(name="Fabian Müller", slug="fabian-mueller", sign_off="fmu")
    anna = factories.AuthorFactory(name="Anna Berg", slug="anna-berg", sign_off="abe")
    headlines = [
        ("Budget", "Council agrees on how to pay for the new harbour wall"),
        ("Climate", "Heat records fall across southern Europe for a second week"),
        ("Trade", "Port volumes recover as shipping routes reopen"),
        ("Theatre", "A quiet revolution at the city's oldest stage"),
        ("Football", "Late goal keeps the title race open"),
        ("Elections", "Turnout rises in the first round of regional votes"),
    ]
    for number, (kicker, headline) in enumerate(headlines):
        article = factories.ArticleFactory(
            section=sections[(number + 1) % len(sections)],
            authors=[anna] if number % 2 else [fabian],
            kicker=kicker,
            headline=headline,
            slug=f"piece-{number}",
            date=datetime.date(2024, 7, 16),
        )
        factories.PlacementFactory(article=article, image=image(number + 1), role="lead")
        go_live(article)
    article = factories.ArticleFactory(
        section=sections[0],
        authors=[fabian],
        kicker="Energy",
        headline="Ministers delay the decision on the northern pipeline",
        teaser=(
            "The government still does not want to approve the pipeline through the national park. "
            "It fears a court battle that could last for years."
        ),
        dateline="Berlin/Oslo",
        body=BODY,
        slug="northern-pipeline",
        date=datetime.date(2024, 7, 17),
    )
    factories.PlacementFactory(
        article=article,
        image=image(
            0,
            caption="Engineers would like to start work on the coast this autumn.",
            alt_text="Hills above the planned route at dusk",
            creator="Jana Beispiel",
            organisation="Port Authority",
            agencies="AP/dpa",
            is_archive=True,
        ),
        role="inline",
        position=4,
    )
    return go_live(article)


def shoot(page, name: str, tmp_path: Path) -> Path:
    # Lazy images load only near the viewport: scroll through once so the full-page shot has them.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")
    page.evaluate("window.scrollTo(0, 0)")
    folder = SCREENSHOTS if os.environ.get("NEWSROOM_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.parametrize("width", [1280, 390])
def test_front_page_and_article_screenshots(browser, live_server, newspaper, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    serve_media(page)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto("/")
        assert page.locator(".teaser-card-featured .headline").inner_text() == newspaper.headline
        assert no_horizontal_overflow(page)
        shoot(page, f"site-front-{width}.png", tmp_path)

        page.get_by_role("link", name=newspaper.headline).first.click()
        page.wait_for_url(f"**{newspaper.get_absolute_url()}")
        body = page.locator(".piece-body")
        first_paragraph = body.locator("p").first.inner_text()
        assert first_paragraph.startswith("Berlin/Oslo \N{EN DASH} The ministry will take more time")
        caption = page.locator(".piece-body figcaption").inner_text()
        assert "(Archive image)" in caption and "© Jana Beispiel/Port Authority/AP/dpa" in caption
        assert body.locator("p").last.inner_text().endswith("(fmu)")
        assert loaded_width(page.locator(".piece-figure img")) > 0
        # A readable measure: body lines stay well under 80 characters' width on a desktop.
        body_width = body.evaluate("element => element.getBoundingClientRect().width")
        assert body_width <= 700
        assert no_horizontal_overflow(page)
        shoot(page, f"site-article-{width}.png", tmp_path)
        # No CSP violations or script errors on public pages.
        assert errors == []
    finally:
        context.close()
