"""Demo content for local use: sections, authors, accounts, pictures and pieces in every state.

Everything here was written for this project (the town of Hafenstedt is made up).
States are reached only through `articles.workflow.transitions`, exactly as the desk would
reach them, so the demo also shows events, snapshots and a live piece with an
update in progress. Loading is idempotent: sections, authors, images and pieces
are found by their slug, sign-off or source marker, and nothing is created twice.
"""

from __future__ import annotations

import datetime
import io
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article, Author, Byline, Image, Placement, Section, State
from articles.roles import EDITOR, WRITER

# Marks demo pictures so a second run finds them instead of making new ones.
IMAGE_SOURCE_PREFIX = "Newsroom demo picture: "


class DemoRefused(Exception):
    """Demo content is for development only."""


# --------------------------------------------------------------------------- the cast

SECTIONS = [
    ("Politics", "politics"),
    ("Business", "business"),
    ("Culture", "culture"),
    ("Local", "local"),
    ("Sport", "sport"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    group: str | None = None
    superuser: bool = False
    staff: bool = False
    author_sign_off: str | None = None  # the Author record this account writes as


ACCOUNTS = [
    DemoAccount("writer", "Wiebke", "Schreiber", group=WRITER, author_sign_off="wsc"),
    DemoAccount("editor", "Eda", "Redakteur", group=EDITOR, staff=True),
    DemoAccount("admin", "Ada", "Admin", superuser=True, staff=True),
]

# (name, slug, sign-off, bio)
AUTHORS = [
    ("Wiebke Schreiber", "wiebke-schreiber", "wsc", "Covers the town hall and the harbour for the newsroom."),
    ("Jonas Keller", "jonas-keller", "jke", "Business reporter; shops, shipyards and the port."),
    ("Mira Okafor", "mira-okafor", "mok", "Sport and everything that happens on a Saturday afternoon."),
    ("Paul Brandt", "paul-brandt", "pbr", "Culture desk: stages, books and the people behind them."),
]


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


@dataclass(frozen=True)
class DemoPiece:
    slug: str
    section: str  # section slug
    state: str  # what the demo shows: a State value, or "update" / "changes_requested"
    kicker: str
    headline: str
    teaser: str
    dateline: str
    body: str
    sign_offs: tuple[str, ...]
    days_ago: int = 0
    lead_image: str | None = None
    inline_image: tuple[str, int] | None = None  # (image key, after this many body blocks)
    comment: str = ""  # the editor's comment for request changes / withdraw, or a review comment
    update: str = ""  # text added by the update in progress


PIECES = [
    DemoPiece(
        slug="council-backs-night-bus-trial",
        section="politics",
        state=State.PUBLISHED,
        kicker="Transport",
        headline="Council backs a year-long night bus trial",
        teaser=(
            "From January two night buses will link the harbour, the station and the new estates on weekends. "
            "The trial costs the town about 180,000 euros."
        ),
        dateline="Hafenstedt",
        body=(
            "The town council has voted for a one-year trial of night buses on Friday and Saturday nights. "
            "Twenty-seven councillors supported the plan, nine voted against it and two abstained.\n\n"
            "The two routes will run every forty minutes between midnight and five in the morning. "
            "One links the harbour with the station, the other serves the estates on the eastern edge of town.\n\n"
            "## Who pays for the buses\n\n"
            "The town pays two thirds of the cost; the regional transport association covers the rest. "
            "Tickets cost the same as during the day.\n\n"
            "## What happens after the trial\n\n"
            "The council wants passenger figures every three months. "
            "If fewer than forty people use a bus on an average night, the route will be reviewed."
        ),
        sign_offs=("wsc",),
        days_ago=3,
        lead_image="council",
    ),
    DemoPiece(
        slug="bakery-opens-second-shop-old-post-office",
        section="business",
        state=State.PUBLISHED,
        kicker="Retail",
        headline="Family bakery opens a second shop in the old post office",
        teaser=(
            "After two years of empty windows the old post office on Marktplatz has a tenant again. "
            "A bakery that started in a garage is moving in."
        ),
        dateline="Hafenstedt",
        body=(
            "The Lindqvist bakery opened its second shop on Saturday morning. "
            "By nine o'clock the queue reached the corner of Kirchgasse.\n\n"
            "Owner Karin Lindqvist started baking in her parents' garage eleven years ago. "
            "Her first shop near the harbour now employs fourteen people.\n\n"
            "## Room for a café\n\n"
            "The former counter hall of the post office has space for thirty seats. "
            "The café part will open in spring, once the kitchen has been approved.\n\n"
            "The building belongs to the town, which rents it out at a reduced price for the first three years."
        ),
        sign_offs=("jke",),
        days_ago=2,
        lead_image="bakery",
    ),
    DemoPiece(
        slug="hafenstedt-women-reach-cup-semi-final",
        section="sport",
        state=State.PUBLISHED,
        kicker="Football",
        headline="Hafenstedt women reach the cup semi-final",
        teaser=(
            "A late header from captain Jule Brandes sends Hafenstedt into the last four of the regional cup. "
            "Nearly two thousand people watched the game."
        ),
        dateline="Hafenstedt",
        body=(
            "For eighty-seven minutes it looked as if extra time was coming. "
            "Then Jule Brandes rose highest at a corner and headed in the only goal of the game.\n\n"
            "The visitors from Kliffhagen had the better chances in the first half. "
            "Goalkeeper Sara Nowak saved twice from close range.\n\n"
            "## A record crowd\n\n"
            "The club counted 1,940 spectators, the most ever for a women's match at the harbour ground. "
            "The north stand had to be opened for the first time this season.\n\n"
            "The semi-final will be drawn next week."
        ),
        sign_offs=("mok",),
        days_ago=1,
        lead_image="stadium",
    ),
    DemoPiece(
        slug="nordbad-open-air-pool-reopens",
        section="local",
        state=State.PUBLISHED,
        kicker="Leisure",
        headline="The Nordbad open-air pool reopens after ten years",
        teaser=(
            "Ten years after it closed for repairs, the Nordbad will welcome swimmers again in June. "
            "A residents' association raised much of the money."
        ),
        dateline="Hafenstedt",
        body=(
            "The pool closed in the autumn of its sixtieth year, when the tiles started to come loose. "
            "Repairs were put off again and again for lack of money.\n\n"
            "Three years ago a group of neighbours founded the association Pro Nordbad. "
            "It collected donations, organised fun runs and found two local companies to help.\n\n"
            "## A smaller pool, a longer season\n\n"
            "The new pool is shorter than the old one but heated by solar panels on the changing rooms. "
            "It will open from May to September.\n\n"
            "Season tickets go on sale at the town hall in April."
        ),
        sign_offs=("wsc", "pbr"),
        days_ago=5,
        inline_image=("pool", 2),
    ),
    DemoPiece(
        slug="roadworks-close-bahnhofstrasse",
        section="local",
        state="update",
        kicker="Traffic",
        headline="Roadworks close the lower Bahnhofstrasse until March",
        teaser=(
            "New water pipes mean the lower end of Bahnhofstrasse is closed to cars for three months. "
            "Buses take a diversion through Mühlenweg."
        ),
        dateline="Hafenstedt",
        body=(
            "The utility company started replacing the water pipes below Bahnhofstrasse on Monday. "
            "The pipes are more than eighty years old.\n\n"
            "Pedestrians can still reach the shops on both sides of the street. "
            "Delivery vans may enter before ten in the morning.\n\n"
            "## Diversion for buses\n\n"
            "Lines 3 and 5 run through Mühlenweg while the street is closed. "
            "The stop at the fountain moves about two hundred metres to the north."
        ),
        update=("## Update\n\nThe utility company now expects to finish two weeks earlier, in the middle of February."),
        sign_offs=("wsc",),
        days_ago=4,
        lead_image="roadworks",
    ),
    DemoPiece(
        slug="shipyard-buyer-pulls-out",
        section="business",
        state=State.UNPUBLISHED,
        kicker="Shipyard",
        headline="Buyer for the old shipyard pulls out",
        teaser=(
            "The investor who wanted to turn the old shipyard into flats has withdrawn his offer. "
            "The town is looking for a new buyer."
        ),
        dateline="Hafenstedt",
        body=(
            "The sale of the old shipyard has fallen through. "
            "The investor told the town in a letter that the costs of cleaning up the site were too high.\n\n"
            "## What the town says\n\n"
            "The mayor's office said it regretted the decision but would offer the site again next year."
        ),
        comment="Withdrawn: the investor denies having sent the letter. We are checking before we publish again.",
        sign_offs=("jke",),
        days_ago=6,
    ),
    DemoPiece(
        slug="library-extends-sunday-opening",
        section="culture",
        state=State.SCHEDULED,
        kicker="Library",
        headline="Library extends Sunday opening to the whole year",
        teaser=(
            "The town library will open on Sunday afternoons all year round from next month. "
            "Volunteers from the friends' association will help at the desk."
        ),
        dateline="Hafenstedt",
        body=(
            "Sunday opening started as a winter experiment two years ago. "
            "On an average Sunday more than three hundred people came, many of them families.\n\n"
            "## Volunteers at the desk\n\n"
            "The friends' association has trained twenty volunteers to help with loans and returns. "
            "Library staff will take turns on Sundays.\n\n"
            "The reading café on the first floor will also open on Sundays."
        ),
        sign_offs=("pbr",),
    ),
    DemoPiece(
        slug="harbour-festival-moves-to-old-shipyard",
        section="culture",
        state=State.IN_REVIEW,
        kicker="Harbour festival",
        headline="Harbour festival moves to the old shipyard",
        teaser=(
            "This summer's harbour festival will take place in the old shipyard hall for the first time. "
            "The organisers expect more visitors than ever."
        ),
        dateline="Hafenstedt",
        body=(
            "After twenty years on the quay, the harbour festival is moving indoors. "
            "The organisers say the shipyard hall protects the stages from wind and rain.\n\n"
            "## Three stages, one weekend\n\n"
            "Bands from the region will play on three stages from Friday to Sunday. "
            "Entry to the hall is free until six in the evening.\n\n"
            "The quay will still have food stalls and the traditional boat parade on Sunday."
        ),
        comment="Nice piece. Can we get the number of visitors from last year for the second paragraph?",
        sign_offs=("pbr", "wsc"),
        lead_image="festival",
    ),
    DemoPiece(
        slug="parking-fees-rise-old-town",
        section="politics",
        state="changes_requested",
        kicker="Parking",
        headline="Parking fees in the old town to rise",
        teaser=(
            "Parking in the old town will cost more from April. "
            "The council wants fewer cars in the narrow streets around the market."
        ),
        dateline="Hafenstedt",
        body=(
            "An hour of parking in the old town will cost two euros instead of one euro fifty. "
            "The council's transport committee agreed to the increase on Tuesday evening.\n\n"
            "## Traders are worried\n\n"
            "Shop owners fear that customers will drive to the retail park outside town instead."
        ),
        comment="Please add the price table and a comment from the traders' association before we run this.",
        sign_offs=("wsc",),
    ),
    DemoPiece(
        slug="rowing-club-plans-new-boathouse",
        section="sport",
        state=State.DRAFT,
        kicker="Rowing",
        headline="Rowing club plans a new boathouse",
        teaser=(
            "The Hafenstedt rowing club wants to replace its wooden boathouse on the river. "
            "Members will vote on the plans in March."
        ),
        dateline="Hafenstedt",
        body=(
            "The boathouse was built by members in the nineteen-fifties and has been patched many times. "
            "Last winter's storm damaged the roof again.\n\n"
            "## A building for the whole river\n\n"
            "The new boathouse would also have room for the canoe club and the school rowing teams."
        ),
        sign_offs=("mok",),
    ),
]


# --------------------------------------------------------------------------- loading


@dataclass
class AccountReport:
    username: str
    password: str | None  # None: the account existed, its password was kept
    role: str


@dataclass
class DemoReport:
    accounts: list[AccountReport] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # headlines
    skipped: list[str] = field(default_factory=list)
    images_created: int = 0


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


def ensure_account(account: DemoAccount, authors: dict[str, Author]) -> AccountReport:
    User = get_user_model()
    user = User.objects.filter(username=account.username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User(
            username=account.username,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@newsroom.localhost",
            is_staff=account.staff,
            is_superuser=account.superuser,
        )
        user.set_password(password)
        user.save()
    if account.group:
        user.groups.add(Group.objects.get(name=account.group))
    if account.author_sign_off:
        author = authors[account.author_sign_off]
        if author.user_id is None and not Author.objects.filter(user=user).exists():
            author.user = user
            author.save(update_fields=["user"])
    role = _("administrator") if account.superuser else (account.group or "")
    return AccountReport(account.username, password, str(role))


def _bring_to_state(article: Article, piece: DemoPiece, *, writer, editor, now: datetime.datetime) -> None:
    """Walk the piece through the workflow, as the desk would, to the state the demo shows."""
    from articles import workflow

    if piece.state == State.DRAFT:
        return
    # The writer submits their own pieces; the editor submits the others'.
    submitter = writer if workflow.is_writer_of(writer, article) else editor
    workflow.submit(article, by=submitter)
    if piece.state == State.IN_REVIEW:
        if piece.comment:
            from articles.review.comments import add_comment

            add_comment(article, by=editor, body=piece.comment)
        return
    if piece.state == "changes_requested":
        workflow.request_changes(article, by=editor, comment=piece.comment)
        return
    if piece.state == State.SCHEDULED:
        publish_at = (now + datetime.timedelta(days=2)).replace(hour=6, minute=0, second=0, microsecond=0)
        workflow.schedule(article, by=editor, publish_at=publish_at)
        return
    workflow.publish(article, by=editor)
    if piece.state == State.UNPUBLISHED:
        workflow.withdraw(article, by=editor, comment=piece.comment)
    elif piece.state == "update":
        updater = writer if workflow.is_writer_of(writer, article) else editor
        workflow.start_update(article, by=updater)
        workflow.save_article(
            article,
            by=updater,
            base_version=article.version,
            fields={"body": article.body + "\n\n" + piece.update},
        )


def create_piece(
    piece: DemoPiece,
    *,
    sections: dict[str, Section],
    authors: dict[str, Author],
    images: dict[str, Image],
    writer,
    editor,
    today: datetime.date,
    now: datetime.datetime,
) -> Article:
    bylined = [authors[sign_off] for sign_off in piece.sign_offs]
    creator = writer if any(author.user_id == writer.pk for author in bylined) else editor
    article = Article.objects.create(
        kicker=piece.kicker,
        headline=piece.headline,
        teaser=piece.teaser,
        dateline=piece.dateline,
        body=piece.body,
        date=today - datetime.timedelta(days=piece.days_ago) if piece.state != State.SCHEDULED else None,
        section=sections[piece.section],
        slug=piece.slug,
        created_by=creator,
    )
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position) for position, author in enumerate(bylined)
    )
    if piece.lead_image:
        Placement.objects.create(article=article, image=images[piece.lead_image], role=Placement.Role.LEAD)
    if piece.inline_image:
        key, position = piece.inline_image
        Placement.objects.create(article=article, image=images[key], role=Placement.Role.INLINE, position=position)
    _bring_to_state(article, piece, writer=writer, editor=editor, now=now)
    return article


def missing_pieces() -> list[DemoPiece]:
    existing = set(Article.objects.filter(slug__in=[piece.slug for piece in PIECES]).values_list("slug", flat=True))
    return [piece for piece in PIECES if piece.slug not in existing]


def missing_accounts() -> list[DemoAccount]:
    existing = set(
        get_user_model().objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list("username", flat=True)
    )
    return [account for account in ACCOUNTS if account.username not in existing]


def load_demo(*, now: datetime.datetime | None = None) -> DemoReport:
    """Create whatever demo content is missing; refuses unless DEBUG is on."""
    if not settings.DEBUG:
        raise DemoRefused(_("Demo content and demo accounts are for development only: DEBUG is off."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DemoReport()
    # Demo transitions mail nobody: the console would fill with a dozen notifications.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        sections = {
            slug: Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})[0]
            for position, (name, slug) in enumerate(SECTIONS)
        }
        authors = {}
        for name, slug, sign_off, bio in AUTHORS:
            author = Author.objects.filter(sign_off__iexact=sign_off).first()
            if author is None:
                author = Author.objects.create(name=name, slug=slug, sign_off=sign_off, bio=bio)
            authors[sign_off] = author
        report.accounts = [ensure_account(account, authors) for account in ACCOUNTS]
        User = get_user_model()
        writer = User.objects.get(username="writer")
        editor = User.objects.get(username="editor")
        for account in (writer, editor):
            # Group membership changed above: forget the permissions Django cached on the object.
            for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
                account.__dict__.pop(cache, None)

        todo = missing_pieces()
        report.skipped = [piece.headline for piece in PIECES if piece not in todo]
        needed = {piece.lead_image for piece in todo} | {piece.inline_image[0] for piece in todo if piece.inline_image}
        images = {}
        for picture in IMAGES:
            if picture.key in needed or not Image.objects.filter(source=IMAGE_SOURCE_PREFIX + picture.key).exists():
                images[picture.key], created = ensure_image(picture, by=editor, today=today)
                report.images_created += created
        for piece in todo:
            create_piece(
                piece,
                sections=sections,
                authors=authors,
                images=images,
                writer=writer,
                editor=editor,
                today=today,
                now=now,
            )
            report.created.append(piece.headline)
    return report
