"""A newsroom of many pieces and pictures written in bulk, for the export/import tests and bench at size."""

from __future__ import annotations

import datetime

from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Byline,
    Image,
    Placement,
    PublishedByline,
    PublishedVersion,
    Section,
    State,
    WorkflowEvent,
)


def newsroom_at_size(pieces: int) -> None:
    """`pieces` published pieces, each with a byline, its own picture (placed, and shown by its live version)
    and an event — written with `bulk_create` in a few seconds, as a restored database would hold them."""
    section = Section.objects.create(name="Politics", slug="politics")
    author = Author.objects.create(name="Agency", slug="agency", sign_off="ag")
    now = timezone.now()
    Image.objects.bulk_create(
        [
            Image(
                file=f"originals/bulk/picture-{n}.jpg",
                width=1200,
                height=800,
                alt_text=f"Picture {n}",
                caption=f"Caption {n}",
                creator="Photographer",
            )
            for n in range(pieces)
        ],
        batch_size=1000,
    )
    image_ids = list(Image.objects.order_by("pk").values_list("pk", flat=True))
    Article.objects.bulk_create(
        [
            Article(
                headline=f"Piece {n}",
                teaser="A teaser.",
                body="A body.",
                section=section,
                slug=f"piece-{n}",
                status=State.PUBLISHED,
                published_at=now,
                date=datetime.date(2026, 12, 1),
            )
            for n in range(pieces)
        ],
        batch_size=1000,
    )
    article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    Byline.objects.bulk_create([Byline(article_id=pk, author=author) for pk in article_ids], batch_size=1000)
    Placement.objects.bulk_create(
        [
            Placement(article_id=pk, image_id=image_id, role=Placement.Role.LEAD, position=0)
            for pk, image_id in zip(article_ids, image_ids, strict=True)
        ],
        batch_size=1000,
    )
    WorkflowEvent.objects.bulk_create(
        [
            WorkflowEvent(article_id=pk, transition="publish", from_state="in_review", to_state="published")
            for pk in article_ids
        ],
        batch_size=1000,
    )
    PublishedVersion.objects.bulk_create(
        [
            PublishedVersion(
                article_id=pk,
                first_published_at=now,
                section=section,
                section_slug=section.slug,
                slug=f"piece-{n}",
                headline=f"Piece {n}",
                date=datetime.date(2026, 12, 1),
                body_html="<p>A body.</p>",
                bylines=[{"id": author.pk, "name": author.name, "slug": author.slug, "sign_off": author.sign_off}],
                placements=[{"image_id": image_id, "role": "lead", "caption": f"Caption {n}"}],
            )
            for n, (pk, image_id) in enumerate(zip(article_ids, image_ids, strict=True))
        ],
        batch_size=1000,
    )
    version_ids = list(PublishedVersion.objects.order_by("pk").values_list("pk", flat=True))
    PublishedByline.objects.bulk_create(
        [PublishedByline(publishedversion_id=pk, author=author) for pk in version_ids], batch_size=1000
    )
