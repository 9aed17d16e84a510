"""Scheduled pieces written in bulk, for the publish_scheduled tests that need many."""

from __future__ import annotations

import datetime

from articles.models import Article, Author, Byline, Section, State


def scheduled_pieces(count: int, publish_at: datetime.datetime) -> list[int]:
    """Scheduled pieces written in bulk, as a restored database would hold them."""
    section = Section.objects.create(name="Politics", slug="politics")
    author = Author.objects.create(name="Agency", slug="agency", sign_off="ag")
    Article.objects.bulk_create(
        [
            Article(
                headline=f"Scheduled piece {n}",
                teaser="A teaser.",
                body="A body.",
                section=section,
                slug=f"scheduled-piece-{n}",
                status=State.SCHEDULED,
                publish_at=publish_at,
            )
            for n in range(count)
        ]
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    Byline.objects.bulk_create([Byline(article_id=pk, author=author) for pk in ids])
    return ids
