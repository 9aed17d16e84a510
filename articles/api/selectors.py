"""What partners may read: live published versions (embargoed ones included), their sections and authors."""

from __future__ import annotations

import datetime

from django.db.models import Exists, Min, OuterRef, QuerySet

from articles.models import Author, PublishedVersion, Section

# Lists never carry the body; leaving it out keeps the query light.
LIST_DEFER = ("body_html", "correction_note")


def partner_pieces() -> QuerySet[PublishedVersion]:
    """Live, unexpired versions — drafts, pieces in review, scheduled and withdrawn pieces have none."""
    return PublishedVersion.objects.live().select_related("section")


def partner_list() -> QuerySet[PublishedVersion]:
    return partner_pieces().defer(*LIST_DEFER)


def partner_sections() -> QuerySet[Section]:
    return Section.objects.select_related("parent").order_by("position", "name")


def partner_authors() -> QuerySet[Author]:
    """Authors with at least one live piece: nobody else is public."""
    live = PublishedVersion.objects.live().filter(authors=OuterRef("pk"))
    return Author.objects.filter(Exists(live)).order_by("name")


def next_expiry(now: datetime.datetime) -> datetime.datetime | None:
    """When the first piece partners can see now will expire (None: none will)."""
    return PublishedVersion.objects.live(now).aggregate(first=Min("expire_at"))["first"]
