"""Demo pictures: their captions and credits, and the small JPEGs drawn for them."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Image

# Marks demo pictures so a second run finds them instead of making new ones.
IMAGE_SOURCE_PREFIX = "Newsroom demo picture: "


@dataclass(frozen=True)
class DemoImage:
    key: str
    caption: str
    alt_text: str
    creator: str
    organisation: str = ""
    agencies: str = ""
    copyright_notice: str = ""
    is_archive: bool = False
    usage_terms: str = "Editorial use by the newsroom only."
    rights_days: int | None = None  # usage rights run out this many days from today
    # Drawing: gradient from top to bottom colour, and one shape.
    top: tuple[int, int, int] = (30, 60, 120)
    bottom: tuple[int, int, int] = (200, 220, 240)
    shape: str = "circle"
    shape_colour: tuple[int, int, int] = (250, 200, 60)


IMAGES = [
    DemoImage(
        key="council",
        caption="Councillors voting on the night bus trial in the town hall.",
        alt_text="Councillors raise their hands in a panelled meeting room.",
        creator="Tom Muster",
        organisation="Newsroom",
        copyright_notice="© Newsroom",
        top=(90, 40, 30),
        bottom=(230, 190, 150),
        shape="rectangle",
        shape_colour=(60, 60, 70),
    ),
    DemoImage(
        key="bakery",
        caption="Fresh loaves in the window of the new shop in the old post office.",
        alt_text="A shop window full of bread, seen from the pavement.",
        creator="Lena Licht",
        organisation="Newsroom",
        copyright_notice="© Newsroom",
        top=(120, 70, 20),
        bottom=(250, 220, 170),
        shape="circle",
        shape_colour=(170, 110, 40),
    ),
    DemoImage(
        key="stadium",
        caption="Hafenstedt's captain celebrates the winning goal in front of the north stand.",
        alt_text="A footballer in a blue shirt runs towards a crowded stand with her arms raised.",
        creator="Mara Feld",
        agencies="Nordpress",
        copyright_notice="© Nordpress",
        top=(20, 90, 40),
        bottom=(120, 200, 110),
        shape="circle",
        shape_colour=(240, 240, 240),
    ),
    DemoImage(
        key="pool",
        caption="The Nordbad on its last summer before the closure.",
        alt_text="A crowded open-air pool with a diving tower on a sunny day.",
        creator="Erika Muster",
        organisation="Hafenstedt Town Archive",
        agencies="Nordpress",
        copyright_notice="© Hafenstedt Town Archive",
        is_archive=True,
        top=(40, 120, 200),
        bottom=(170, 230, 250),
        shape="rectangle",
        shape_colour=(250, 250, 250),
    ),
    DemoImage(
        key="festival",
        caption="Stage builders at work in the old shipyard hall.",
        alt_text="Workers lift a lighting rig inside a large brick hall.",
        creator="Sven Bühne",
        organisation="Harbour Festival",
        agencies="Nordpress",
        copyright_notice="© Harbour Festival",
        usage_terms="Licensed for coverage of the festival announcement only.",
        rights_days=12,
        top=(60, 20, 90),
        bottom=(230, 120, 160),
        shape="triangle",
        shape_colour=(255, 220, 120),
    ),
    DemoImage(
        key="roadworks",
        caption="Barriers close the lower end of Bahnhofstrasse.",
        alt_text="Red and white barriers and a digger on a cobbled street.",
        creator="Wiebke Schreiber",
        organisation="Newsroom",
        copyright_notice="© Newsroom",
        top=(200, 90, 20),
        bottom=(250, 210, 120),
        shape="triangle",
        shape_colour=(220, 30, 30),
    ),
]


def jpeg_bytes(picture: DemoImage, size: tuple[int, int] = (960, 640)) -> bytes:
    """A small real JPEG: a vertical colour gradient with one shape on it."""
    width, height = size
    canvas = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(canvas)
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(picture.top, picture.bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    if picture.shape == "circle":
        draw.ellipse([width * 0.6, height * 0.15, width * 0.85, height * 0.52], fill=picture.shape_colour)
    elif picture.shape == "rectangle":
        draw.rectangle([width * 0.15, height * 0.45, width * 0.55, height * 0.9], fill=picture.shape_colour)
    else:
        draw.polygon(
            [(width * 0.5, height * 0.12), (width * 0.78, height * 0.85), (width * 0.22, height * 0.85)],
            fill=picture.shape_colour,
        )
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def ensure_image(picture: DemoImage, *, by, today: datetime.date) -> tuple[Image, bool]:
    source = IMAGE_SOURCE_PREFIX + picture.key
    existing = Image.objects.filter(source=source).first()
    if existing:
        return existing, False
    image = Image(
        alt_text=picture.alt_text,
        caption=picture.caption,
        creator=picture.creator,
        organisation=picture.organisation,
        agencies=picture.agencies,
        copyright_notice=picture.copyright_notice,
        source=source,
        is_archive=picture.is_archive,
        usage_terms=picture.usage_terms,
        rights_expire_on=today + datetime.timedelta(days=picture.rights_days) if picture.rights_days else None,
        uploaded_by=by,
    )
    name = f"demo-{picture.key}.jpg"
    # The content needs a name too: Django reads the dimensions from it, and skips a nameless file.
    image.file.save(name, ContentFile(jpeg_bytes(picture), name=name), save=False)
    image.save()
    return image, True
