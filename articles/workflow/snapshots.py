"""What a publication copies from the working copy: the snapshot readers will see.

The same builder serves publishing (saved as a `PublishedVersion`) and the desk's
preview (an unsaved one), so a preview is exactly what readers will get.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Placement, PublishedVersion
from articles.rendering import render_body


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


def placement_data(placement: Placement) -> dict:
    image = placement.image
    return {
        "image_id": image.pk,
        "role": placement.role,
        "position": placement.position,
        "url": image.file.url if image.file else "",
        "width": image.width,
        "height": image.height,
        "alt_text": image.alt_text,
        "caption": placement.effective_caption,
        "credit_line": image.credit_line,
        "is_archive": image.is_archive,
    }


def public_slug(article: Article) -> str:
    return article.slug or slugify(article.headline)[:200] or f"article-{article.pk}"


def build_version(article: Article, *, at=None, by=None, correction_note: str = "") -> PublishedVersion:
    """An unsaved published version of the article as it stands now.

    Expects bylines (with authors) and placements (with images) to be prefetched
    when called in a loop; see `snapshot_queryset`.
    """
    at = at or timezone.now()
    first_published = article.published_at or at
    return PublishedVersion(
        article=article,
        is_live=True,
        published_at=at,
        published_by=by,
        first_published_at=first_published,
        section=article.section,
        section_slug=article.section.slug if article.section else "",
        slug=public_slug(article),
        kicker=article.kicker,
        headline=article.headline,
        teaser=article.teaser,
        dateline=article.dateline,
        date=article.date or timezone.localdate(first_published),
        body_html=render_body(article.body),
        bylines=byline_data(article),
        placements=[placement_data(placement) for placement in article.placements.all()],
        correction_note=correction_note,
        expire_at=article.expire_at,
        embargoed_until=article.embargoed_until,
    )


def snapshot_queryset(queryset=None):
    """Articles with everything `build_version` reads, in a fixed number of queries."""
    queryset = queryset if queryset is not None else Article.objects.all()
    return queryset.select_related("section").prefetch_related("bylines__author", "placements__image")
