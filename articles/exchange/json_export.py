"""Articles to JSON, with nothing lost: the `export_articles` side (the format is described in `json_format`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from articles.exchange.json_format import FORMAT, FORMAT_VERSION
from articles.models import Article, Author, Image, Section

# Pieces (and pictures) read per query: every `IN` stays far below SQLite's 999 parameters.
CHUNK = 500


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _dump(obj: models.Model, *, skip: Iterable[str] = (), refs: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every concrete field except the id; relations are given by `refs` (natural keys)."""
    refs = refs or {}
    data: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if model_field.primary_key or name in skip:
            continue
        if name in refs:
            data[name] = refs[name]
        elif model_field.is_relation:
            raise AssertionError(f"{type(obj).__name__}.{name}: no natural key given")  # a new relation to map
        else:
            data[name] = _jsonable(model_field.value_from_object(obj))
    return data


def _section_depth(section: Section) -> int:
    depth, seen = 0, set()
    while section.parent_id and section.pk not in seen:
        seen.add(section.pk)
        section = section.parent
        depth += 1
    return depth


def export_data(queryset: models.QuerySet[Article] | None = None) -> dict[str, Any]:
    """The articles (all by default) and what they refer to, as JSON-ready data."""
    queryset = Article.objects.all() if queryset is None else queryset
    # Read a chunk at a time, each with its own prefetches: a prefetch over every piece at once builds one
    # huge `IN` (split into one `OR` per 999 ids on SQLite, "Expression tree is too large" at thousands).
    articles = (
        queryset.order_by("created_at", "pk")
        .select_related("section", "created_by")
        .prefetch_related(
            "bylines__author__user",
            "placements__image__uploaded_by",
            "events__actor",
            "comments__author",
            "comments__resolved_by",
            "dismissals__dismissed_by",
            "versions__section",
            "versions__published_by",
            "versions__authors",
        )
        .iterator(chunk_size=CHUNK)
    )

    sections: dict[int, Section] = {}
    authors: dict[int, Author] = {}
    images: dict[int, Image] = {}

    def add_section(section: Section | None) -> None:
        while section is not None and section.pk not in sections:
            sections[section.pk] = section
            section = section.parent

    exported = []
    for article in articles:
        add_section(article.section)
        # Revisions stay behind: an imported scheduled piece publishes its working copy, frozen when it goes live.
        entry = _dump(
            article,
            skip=["scheduled_revision"],
            refs={
                "section": article.section.slug if article.section else None,
                "created_by": _username(article.created_by),
            },
        )
        entry["bylines"] = []
        for byline in sorted(article.bylines.all(), key=lambda b: (b.position, b.pk)):
            authors[byline.author_id] = byline.author
            entry["bylines"].append({"author": byline.author.sign_off, "position": byline.position})
        entry["placements"] = []
        for placement in sorted(article.placements.all(), key=lambda p: (p.position, p.pk)):
            images[placement.image_id] = placement.image
            entry["placements"].append(_dump(placement, skip=["article"], refs={"image": placement.image_id}))
        entry["events"] = [
            _dump(event, skip=["article", "revision"], refs={"actor": _username(event.actor)})
            for event in sorted(article.events.all(), key=lambda e: (e.created_at, e.pk))
        ]
        entry["comments"] = [
            _dump(
                comment,
                # A guest's preview link is a secret of this installation: not exported (its name is kept).
                skip=["article", "preview_link"],
                refs={"author": _username(comment.author), "resolved_by": _username(comment.resolved_by)},
            )
            for comment in sorted(article.comments.all(), key=lambda c: (c.created_at, c.pk))
        ]
        entry["dismissals"] = [
            _dump(dismissal, skip=["article"], refs={"dismissed_by": _username(dismissal.dismissed_by)})
            for dismissal in sorted(article.dismissals.all(), key=lambda d: (d.created_at, d.pk))
        ]
        entry["versions"] = []
        for version in sorted(article.versions.all(), key=lambda v: (v.published_at, v.pk)):
            add_section(version.section)
            version_authors = sorted(version.authors.all(), key=lambda a: a.sign_off.lower())
            for author in version_authors:
                authors[author.pk] = author
            data = _dump(
                version,
                skip=["article", "revision"],
                refs={"section": version.section.slug, "published_by": _username(version.published_by)},
            )
            data["authors"] = [author.sign_off for author in version_authors]
            entry["versions"].append(data)
        exported.append(entry)

    # Images referred to only from a snapshot (since removed from the working copy) keep their metadata too.
    only_in_snapshots = sorted(
        {
            item.get("image_id")
            for entry in exported
            for version in entry["versions"]
            for item in version["placements"]
            if isinstance(item.get("image_id"), int) and item.get("image_id") not in images
        }
    )
    for start in range(0, len(only_in_snapshots), CHUNK):
        chunk = only_in_snapshots[start : start + CHUNK]
        images.update((image.pk, image) for image in Image.objects.filter(pk__in=chunk).select_related("uploaded_by"))

    # Numbers local to this file stand in for database ids, in a stable order.
    image_order = sorted(images.values(), key=lambda image: (image.created_at, image.pk))
    image_number = {image.pk: number for number, image in enumerate(image_order, start=1)}
    author_sign_off = {author.pk: author.sign_off for author in authors.values()}
    for entry in exported:
        for placement in entry["placements"]:
            placement["image"] = image_number[placement["image"]]
        for version in entry["versions"]:
            version["bylines"] = [_byline_ref(item, author_sign_off) for item in version["bylines"]]
            version["placements"] = [_placement_ref(item, image_number) for item in version["placements"]]

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().astimezone(datetime.UTC).isoformat(),
        # A section's desk is this newsroom's own organisation, not part of the pieces: the newsroom that
        # imports them places the sections in its own desks.
        "sections": [
            _dump(section, skip=["desk"], refs={"parent": section.parent.slug if section.parent else None})
            for section in sorted(sections.values(), key=lambda s: (_section_depth(s), s.position, s.slug))
        ],
        "authors": [
            _dump(author, refs={"user": _username(author.user)})
            for author in sorted(authors.values(), key=lambda a: a.sign_off.lower())
        ],
        "images": [
            {"number": image_number[image.pk], **_dump(image, refs={"uploaded_by": _username(image.uploaded_by)})}
            for image in image_order
        ],
        "articles": exported,
    }


def _byline_ref(item: dict, sign_offs: dict[int, str]) -> dict:
    """A snapshot's byline with the author's database id swapped for the sign-off (ids differ after restore)."""
    item = dict(item)
    author_id = item.pop("id", None)
    item.setdefault("sign_off", sign_offs.get(author_id, ""))
    return item


def _placement_ref(item: dict, numbers: dict[int, int]) -> dict:
    item = dict(item)
    item["image"] = numbers.get(item.pop("image_id", None))
    return item
