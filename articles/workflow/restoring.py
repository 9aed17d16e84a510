"""Restoring an old revision: it becomes the working copy again, as a new revision, through the version check."""

from __future__ import annotations

from django.db import transaction

from articles.models import Article, Author, Byline, Image, Placement, Revision, WorkflowEvent
from articles.workflow.editing import editing
from articles.workflow.permissions import is_active_user
from articles.workflow.revisions import get_revision
from articles.workflow.snapshots import REVISION_FIELDS


def restore(article: Article, *, by, number: int, base_version: int) -> Revision:
    """Make revision `number` the working copy again, as a new revision (conflict-safe, recorded as an event).

    Bylines whose author and placements whose picture have since been deleted are left out.
    """
    old = get_revision(article, number)
    with transaction.atomic():
        with editing(article, by=by, base_version=base_version) as locked:
            for name in REVISION_FIELDS:
                if name != "section":  # below: only while the section still exists
                    setattr(locked, name, getattr(old, name))
            if old.section_id is not None:
                locked.section_id = old.section_id
            author_ids = [item["id"] for item in old.bylines if isinstance(item, dict) and item.get("id")]
            existing_authors = set(Author.objects.filter(pk__in=author_ids).values_list("pk", flat=True))
            locked.bylines.all().delete()
            Byline.objects.bulk_create(
                [
                    Byline(article=locked, author_id=author_id, position=position)
                    for position, author_id in enumerate(a for a in author_ids if a in existing_authors)
                ]
            )
            image_ids = [item.get("image_id") for item in old.placements if isinstance(item, dict)]
            existing_images = set(Image.objects.filter(pk__in=[i for i in image_ids if i]).values_list("pk", flat=True))
            locked.placements.all().delete()
            Placement.objects.bulk_create(
                [
                    Placement(
                        article=locked,
                        image_id=item["image_id"],
                        role=item.get("role") or Placement.Role.INLINE,
                        position=item.get("position") or 0,
                        caption=item.get("own_caption", item.get("caption", "")),
                    )
                    for item in old.placements
                    if isinstance(item, dict) and item.get("image_id") in existing_images
                ]
            )
            locked._revision_note = ("restored", {"number": number})
        new = Revision.objects.get(article=locked, number=locked.version)
        WorkflowEvent.objects.create(
            article=locked,
            transition="restore",
            from_state=locked.status,
            to_state=locked.status,
            actor=by if is_active_user(by) else None,
            comment="",  # the revision's note says which one was restored, in each reader's language
            revision=new,
        )
    return new
