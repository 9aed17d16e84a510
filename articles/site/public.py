"""Selectors and layout for the public site: what readers may see and how a piece is laid out.

Every question here starts from `PublishedVersion.objects.public()`, the one rule for
what readers see (live, unexpired, past any embargo). The layout helpers work on a `PublishedVersion`'s own fields and
its bylines/placements JSON only, so the desk's preview (an unsaved version) is laid
out exactly like the public page, without a single query.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles import generation
from articles.models import Author, PublishedVersion, Section, State

# The list pages never need the body; leaving it out keeps their query light.
LIST_DEFER = ("body_html", "correction_note")


def live_pieces() -> QuerySet[PublishedVersion]:
    """Live, unexpired versions, newest first."""
    return PublishedVersion.objects.public().order_by("-first_published_at", "-pk")


def list_pieces() -> QuerySet[PublishedVersion]:
    """Live versions for teaser lists: without the body, with the section (one query)."""
    return live_pieces().select_related("section").defer(*LIST_DEFER)


def section_pieces(section: Section) -> QuerySet[PublishedVersion]:
    """Live pieces of a section and of its direct subsections."""
    return list_pieces().filter(Q(section=section) | Q(section__parent=section))


def author_pieces(author: Author) -> QuerySet[PublishedVersion]:
    """Live pieces carrying this author's byline."""
    return list_pieces().filter(authors=author)


def find_live_piece(section_slug: str, slug: str) -> PublishedVersion | None:
    """The live version at this address, or None."""
    return live_pieces().select_related("section").filter(section_slug=section_slug, slug=slug).first()


def next_change(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the site's lists next change without a write: the first embargo to pass or piece to expire.

    Asks `live()`, not `public()`: the embargoed pieces are the ones still to appear.
    """
    now = now or timezone.now()
    bounds = PublishedVersion.objects.live(now).aggregate(
        expiry=Min("expire_at"), embargo=Min("embargoed_until", filter=Q(embargoed_until__gt=now))
    )
    return min(filter(None, bounds.values()), default=None)


def find_moved_piece(section_slug: str, slug: str) -> PublishedVersion | None:
    """The live version of a piece that was once published at this address (slug or section changed)."""
    live = live_pieces().only("pk", "section_slug", "slug")
    moved = live.filter(slug=slug).first()
    if moved is not None:
        return moved
    # Old versions keep the section and slug they were published under.
    earlier = (
        PublishedVersion.objects.filter(section_slug=section_slug, slug=slug)
        .order_by("-published_at")
        .values("article_id")
    )
    return live.filter(article_id__in=earlier).first()


def withdrawn_piece(section_slug: str, slug: str) -> PublishedVersion | None:
    """The last version at this address, if its piece has been withdrawn (or expired) and readers saw it.

    A version withdrawn before its embargo passed was never public: its address is not found (404),
    so neither the headline nor the fact that it existed gets out.
    """
    last = (
        PublishedVersion.objects.filter(section_slug=section_slug, slug=slug, article__status=State.UNPUBLISHED)
        .only("pk", "headline", "correction_note", "public_note", "was_public", "published_at", "section_slug", "slug")
        .order_by("-published_at")
        .first()
    )
    return last if last is not None and last.was_public else None


@functools.cache
def _templates_digest() -> str:
    """The site's templates and stylesheet address as deployed (read once per process)."""
    folder = Path(settings.BASE_DIR) / "templates" / "site"
    sources = sorted((path.name, path.read_bytes()) for path in folder.glob("*.html"))
    return digest(sources, staticfiles_storage.url("css/site.css"))


def release_key() -> str:
    """Changes with every deploy that changes how pages look, so validators never outlive a redesign."""
    return digest(_templates_digest(), settings.SITE_URL, settings.NEWSROOM_SITE_NAME)


def digest(*parts: object) -> str:
    """A short stable digest for ETags and cache keys."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


class NavSection(NamedTuple):
    slug: str
    name: str


NAV_CACHE_KEY = "newsroom:masthead"


def _read_masthead() -> tuple[list[NavSection], str]:
    rows = Section.objects.filter(parent__isnull=True).order_by("position", "name").values_list("slug", "name")
    sections = [NavSection(*row) for row in rows]
    return sections, digest(sections)


def masthead() -> tuple[list[NavSection], str]:
    """The masthead's top-level sections and their digest, read once per publication generation.

    The admin bumps the generation when it saves a section; a section changed any other way
    shows within NEWSROOM_NAV_CACHE_SECONDS (default 10).
    """
    key = f"{NAV_CACHE_KEY}:{generation.current()}"
    return cache.get_or_set(key, _read_masthead, timeout=settings.NEWSROOM_NAV_CACHE_SECONDS)


def nav_sections() -> list[NavSection]:
    """Top-level sections for the masthead, in their set order."""
    return masthead()[0]


def nav_digest() -> str:
    """Changes whenever the masthead's sections do; part of every page's ETag."""
    return masthead()[1]


# --- Layout of one piece -------------------------------------------------------------


def lead_image(piece: PublishedVersion) -> dict | None:
    """The placement shown above the body, if any."""
    for placement in piece.placements or []:
        if placement.get("role") == "lead":
            return placement
    return None


def teaser_image(piece: PublishedVersion) -> dict | None:
    """The picture a list shows for a piece: its lead image, else its first picture."""
    placements = [placement for placement in piece.placements or [] if placement.get("url")]
    lead = next((placement for placement in placements if placement.get("role") == "lead"), None)
    return lead or (placements[0] if placements else None)


def inline_images(piece: PublishedVersion) -> list[dict]:
    return [placement for placement in piece.placements or [] if placement.get("role") != "lead"]


@dataclass
class Block:
    """One top-level element of the body, or a figure placed between them."""

    html: SafeString | str = ""
    figure: dict | None = None


class _TopLevelSplitter(HTMLParser):
    """Finds the character spans of the body's top-level elements.

    The body was rendered and sanitised at publication, so it is well-formed; the
    parser only has to track depth, which quoted attributes cannot confuse.
    """

    VOID = frozenset({"br", "hr", "img", "wbr"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = html
        self.line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.depth = 0
        self.block_start = 0
        self.spans: list[tuple[str, int, int]] = []
        self.block_tag = ""

    def source_index(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth == 0:
            self.block_start = self.source_index()
            self.block_tag = tag
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.source.index(">", self.source_index()) + 1
            self.spans.append((self.block_tag, self.block_start, end))

    def split(self) -> list[tuple[str, str]]:
        self.feed(self.source)
        self.close()
        return [(tag, self.source[start:end]) for tag, start, end in self.spans]


def _prepend_to_paragraph(html: str, text_html: str) -> str:
    start = html.index(">") + 1
    return html[:start] + text_html + html[start:]


def _append_to_paragraph(html: str, text_html: str) -> str:
    end = html.rindex("</p>")
    return html[:end] + text_html + html[end:]


_TRAILING_SIGN_OFF = re.compile(r"\(([\w/]+)\)\s*</p>\s*$")


def _ends_with_sign_off(html: str, piece: PublishedVersion) -> bool:
    """True when the paragraph already closes with the bylines' sign-offs, such as “(fmu)”."""
    match = _TRAILING_SIGN_OFF.search(html)
    if not match:
        return False
    known = {byline["sign_off"].lower() for byline in piece.bylines if byline.get("sign_off")}
    typed = {part.lower() for part in match.group(1).split("/")}
    return bool(typed) and typed <= known


def body_blocks(piece: PublishedVersion) -> list[Block]:
    """The body as readers get it: dateline in front of the first paragraph, inline figures
    after `position` blocks, the sign-off at the end of the last paragraph.

    `position` counts the body's top-level blocks (paragraphs, subheadings, quotes), the
    same blocks `articles.rendering.paragraphs` finds in the text the writer typed.
    """
    blocks = _TopLevelSplitter(piece.body_html or "").split()
    paragraphs = [index for index, (tag, _html) in enumerate(blocks) if tag == "p"]
    rendered = [html for _tag, html in blocks]
    if piece.dateline and paragraphs:
        first = paragraphs[0]
        dateline = f'<span class="dateline">{escape(piece.dateline)}</span> \N{EN DASH} '
        rendered[first] = _prepend_to_paragraph(rendered[first], dateline)
    sign_off = piece.sign_off
    if sign_off and _ends_with_sign_off(rendered[-1] if blocks else "", piece):
        sign_off = ""  # the writer already typed it: print it once
    if sign_off:
        sign_off_html = f' <span class="sign-off">({escape(sign_off)})</span>'
        if blocks and blocks[-1][0] == "p":
            rendered[-1] = _append_to_paragraph(rendered[-1], sign_off_html)
        else:
            rendered.append(f'<p class="sign-off-line">{sign_off_html.strip()}</p>')

    figures = sorted(inline_images(piece), key=lambda placement: placement.get("position") or 0)
    result: list[Block] = []
    figure_index = 0
    for index, html in enumerate(rendered):
        while figure_index < len(figures) and (figures[figure_index].get("position") or 0) <= index:
            result.append(Block(figure=figures[figure_index]))
            figure_index += 1
        # Sanitised at publication (articles.rendering); the dateline and sign-off are escaped above.
        result.append(Block(html=mark_safe(html)))
    result.extend(Block(figure=figure) for figure in figures[figure_index:])
    return result
