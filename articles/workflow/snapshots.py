"""What a publication copies: the snapshot readers will see, and the revision it is built from.

A `Revision` freezes the working copy (text fields, bylines, placements with the
picture metadata that prints) in the same shapes a `PublishedVersion` stores, so
publishing a revision gives readers exactly what was reviewed. The same builder
serves the desk's preview (an unsaved version), so a preview is what readers get.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Byline, Image, Placement, PublishedVersion, Revision
from articles.rendering import RENDERING, render_body

# The working copy's own fields a revision freezes (bylines and placements come on top).
# What a revision holds of the piece's own fields, in the order the editor shows them: what publication
# copies, the history compares and a restore puts back.
REVISION_FIELDS = ("kicker", "headline", "teaser", "dateline", "body", "section", "slug", "date", "expire_at")


def related_prefetches() -> list[Prefetch]:
    """What a snapshot and the notifications read, in two queries."""
    return [
        Prefetch(
            "bylines", queryset=Byline.objects.select_related("author__user__desk_profile").order_by("position", "pk")
        ),
        Prefetch("placements", queryset=Placement.objects.select_related("image").order_by("position", "pk")),
    ]


def byline_data(article: Article) -> list[dict]:
    return [
        {
            "id": byline.author_id,
            "name": byline.author.name,
            "slug": byline.author.slug,
            "sign_off": byline.author.sign_off,
        }
        for byline in article.bylines.all()
    ]


# The picture's own metadata a revision freezes beside the caption: everything readers or partners get
# (credit line and its parts, copyright, usage terms, rights date, source). Nothing public reads the library row.
FROZEN_PICTURE_FIELDS = ("creator", "organisation", "agencies", "copyright_notice", "usage_terms", "source")


def picture_metadata(image: Image) -> dict:
    """What prints of a library picture, as frozen in a revision and a published version."""
    return {
        "alt_text": image.alt_text,
        "credit_line": image.credit_line,
        "is_archive": image.is_archive,
        **{name: getattr(image, name) for name in FROZEN_PICTURE_FIELDS},
        "rights_expire_on": image.rights_expire_on.isoformat() if image.rights_expire_on else "",
    }


def placement_data(placement: Placement) -> dict:
    image = placement.image
    return {
        "image_id": image.pk,
        "role": placement.role,
        "position": placement.position,
        # The desk's authorised address of the original (readers and partners get renditions).
        "url": reverse("desk:image-original", kwargs={"pk": image.pk}) if image.file else "",
        "width": image.width,
        "height": image.height,
        "caption": placement.effective_caption,
        **picture_metadata(image),
    }


def public_slug(article: Article | Revision) -> str:
    """The address readers get: the slug, else one made from the headline, else one from the id."""
    pk = article.article_id if isinstance(article, Revision) else article.pk
    return article.slug or slugify(article.headline)[:200] or f"article-{pk}"


def revision_of(article: Article, *, number: int | None = None, by=None, note: str = "") -> Revision:
    """An unsaved revision freezing the article as it stands (bylines and placements as loaded)."""
    placements = []
    for placement in article.placements.all():
        # The placement's own caption is kept too: restoring must not turn a default caption into a fixed one.
        placements.append({**placement_data(placement), "own_caption": placement.caption})
    return Revision(
        article=article,
        number=article.version if number is None else number,
        created_by=by,
        note=note,
        bylines=byline_data(article),
        placements=placements,
        body_html=render_body(article.body),
        body_rendering=RENDERING,
        **{name: getattr(article, name) for name in REVISION_FIELDS},
    )


def _printed(placements: list[dict]) -> list[dict]:
    """A revision's placements as a published version stores them (what prints, nothing for restoring)."""
    return [{key: value for key, value in item.items() if key != "own_caption"} for item in placements]


def build_from_revision(
    revision: Revision,
    *,
    first_published_at: datetime | None,
    at=None,
    by=None,
    correction_note: str = "",
    embargoed_until: datetime | None = None,
) -> PublishedVersion:
    """An unsaved published version showing exactly `revision` (the embargo is the piece's, not the revision's)."""
    at = at or timezone.now()
    first_published = first_published_at or at
    section = revision.section
    return PublishedVersion(
        article_id=revision.article_id,
        revision=revision if revision.pk else None,
        is_live=True,
        published_at=at,
        published_by=by,
        first_published_at=first_published,
        section=section,
        section_slug=section.slug if section else "",
        slug=public_slug(revision),
        kicker=revision.kicker,
        headline=revision.headline,
        teaser=revision.teaser,
        dateline=revision.dateline,
        date=revision.date or timezone.localdate(first_published),
        body_html=revision.rendered_body(),
        bylines=list(revision.bylines),
        placements=_printed(revision.placements),
        correction_note=correction_note,
        expire_at=revision.expire_at,
        embargoed_until=embargoed_until,
    )


def build_version(article: Article, *, at=None, by=None, correction_note: str = "") -> PublishedVersion:
    """An unsaved published version of the working copy as it stands now (the desk's preview).

    Expects bylines (with authors) and placements (with images) to be prefetched
    when called in a loop; see `snapshot_queryset`.
    """
    version = build_from_revision(
        revision_of(article),
        first_published_at=article.published_at,
        at=at,
        by=by,
        correction_note=correction_note,
        embargoed_until=article.embargoed_until,
    )
    version.article = article
    return version


def snapshot_queryset(queryset=None):
    """Articles with everything `build_version` reads, in a fixed number of queries."""
    queryset = queryset if queryset is not None else Article.objects.all()
    return queryset.select_related("section").prefetch_related("bylines__author", "placements__image")
