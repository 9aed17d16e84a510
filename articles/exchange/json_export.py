"""Articles to JSON, with nothing lost: the `export_articles` side (the format is described in `json_format`)."""

from __future__ import annotations

import datetime
import functools
import gc
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import models
from django.utils import timezone

from articles.exchange.json_format import FORMAT, FORMAT_VERSION
from articles.models import Article, Author, Image, PieceTemplate, Section

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


class _Export:
    """One export, a chunk of pieces at a time: pieces first, then what they refer to.

    Memory holds one chunk of pieces (with its prefetches) and the ids met so far, never the whole
    archive: `write_export` writes each piece as it is read. Pictures get numbers local to the file
    in the order the pieces first name them (database ids differ after a restore).
    """

    def __init__(self, queryset: models.QuerySet[Article] | None) -> None:
        self.queryset = Article.objects.all() if queryset is None else queryset
        self.section_ids: set[int] = set()
        self.author_ids: set[int] = set()
        self.image_number: dict[int, int] = {}
        # Authors are few (a newsroom's staff and contributors): their sign-offs are read once.
        self.sign_offs = dict(Author.objects.values_list("pk", "sign_off"))

    def number(self, image_id: Any) -> int | None:
        if not isinstance(image_id, int):
            return None
        return self.image_number.setdefault(image_id, len(self.image_number) + 1)

    def articles(self) -> Iterator[dict[str, Any]]:
        # Read a chunk at a time, each with its own prefetches: a prefetch over every piece at once builds one
        # huge `IN` (split into one `OR` per 999 ids on SQLite, "Expression tree is too large" at thousands).
        articles = (
            self.queryset.order_by("created_at", "pk")
            .select_related("created_by")
            .prefetch_related(
                "bylines__author",
                "placements",
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
        for index, article in enumerate(articles):
            if index and index % CHUNK == 0:
                # The previous chunk is garbage now, but Django's prefetch caches tie each piece and its related
                # rows in reference cycles, which Python frees only at a rare full collection: without this the
                # memory of an export grows with the archive (measured with chunks of 100: 4.9 MB at 200 pieces,
                # 11.3 MB at 600; with it, 4.7 MB at both).
                gc.collect()
            yield self.article(article)

    def article(self, article: Article) -> dict[str, Any]:
        if article.section_id:
            self.section_ids.add(article.section_id)
        # Revisions stay behind: an imported scheduled piece publishes its working copy, frozen when it goes live.
        entry = _dump(
            article,
            skip=["scheduled_revision", "section"],
            refs={"created_by": _username(article.created_by), "template": self._template_name(article.template_id)},
        )
        entry["section"] = self._section_slug(article.section_id)
        entry["bylines"] = []
        for byline in sorted(article.bylines.all(), key=lambda b: (b.position, b.pk)):
            self.author_ids.add(byline.author_id)
            entry["bylines"].append({"author": byline.author.sign_off, "position": byline.position})
        entry["placements"] = [
            _dump(placement, skip=["article"], refs={"image": self.number(placement.image_id)})
            for placement in sorted(article.placements.all(), key=lambda p: (p.position, p.pk))
        ]
        entry["events"] = [
            _dump(
                event,
                skip=["article", "revision"],
                refs={"actor": _username(event.actor), "section": self._section_slug(event.section_id)},
            )
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
            self.section_ids.add(version.section_id)
            version_authors = sorted(version.authors.all(), key=lambda a: a.sign_off.lower())
            self.author_ids.update(author.pk for author in version_authors)
            data = _dump(
                version,
                skip=["article", "revision"],
                refs={"section": version.section.slug, "published_by": _username(version.published_by)},
            )
            data["authors"] = [author.sign_off for author in version_authors]
            data["bylines"] = [_byline_ref(item, self.sign_offs) for item in data["bylines"]]
            # A picture named only by a snapshot (since removed from the working copy) keeps its metadata too.
            data["placements"] = [
                {**{k: v for k, v in item.items() if k != "image_id"}, "image": self.number(item.get("image_id"))}
                for item in data["placements"]
            ]
            entry["versions"].append(data)
        return entry

    # Read once per export, when first needed.
    @functools.cached_property
    def _slugs(self) -> dict[int, str]:
        return dict(Section.objects.values_list("pk", "slug"))

    @functools.cached_property
    def _templates(self) -> dict[int, str]:
        return dict(PieceTemplate.objects.values_list("pk", "name"))

    def _section_slug(self, pk: int | None) -> str | None:
        return None if pk is None else self._slugs.get(pk)

    def _template_name(self, pk: int | None) -> str | None:
        """The piece's template by name (templates are not exported: an editorial aid, matched by name)."""
        return None if pk is None else self._templates.get(pk)

    def images(self) -> Iterator[dict[str, Any]]:
        """The pictures the pieces named, a chunk at a time, in the order of their numbers."""
        ids = sorted(self.image_number, key=self.image_number.__getitem__)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            found = Image.objects.filter(pk__in=chunk).select_related("uploaded_by").in_bulk()
            for pk in chunk:
                if pk in found:
                    image = found[pk]
                    yield {
                        "number": self.image_number[pk],
                        **_dump(image, refs={"uploaded_by": _username(image.uploaded_by)}),
                    }

    def authors(self) -> list[dict[str, Any]]:
        authors = Author.objects.filter(pk__in=self.author_ids).select_related("user")
        return [
            _dump(author, refs={"user": _username(author.user)})
            for author in sorted(authors, key=lambda a: a.sign_off.lower())
        ]

    def sections(self) -> list[dict[str, Any]]:
        by_pk = {section.pk: section for section in Section.objects.select_related("parent")}
        wanted: dict[int, Section] = {}
        for pk in self.section_ids:
            section = by_pk.get(pk)
            while section is not None and section.pk not in wanted:
                wanted[section.pk] = section
                section = by_pk.get(section.parent_id)
        # A section's desk is this newsroom's own organisation, not part of the pieces: the newsroom that
        # imports them places the sections in its own desks.
        return [
            _dump(section, skip=["desk"], refs={"parent": section.parent.slug if section.parent else None})
            for section in sorted(wanted.values(), key=lambda s: (_section_depth(s), s.position, s.slug))
        ]

    def header(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": timezone.now().astimezone(datetime.UTC).isoformat(),
        }


def export_data(queryset: models.QuerySet[Article] | None = None) -> dict[str, Any]:
    """The articles (all by default) and what they refer to, as JSON-ready data (all in memory: for tests
    and small exports; `write_export` streams)."""
    export = _Export(queryset)
    data = {**export.header(), "articles": list(export.articles())}  # the order `write_export` writes
    data["images"] = list(export.images())
    data["authors"] = export.authors()
    data["sections"] = export.sections()
    return data


@dataclass
class ExportCounts:
    articles: int = 0
    images: int = 0
    authors: int = 0
    sections: int = 0


def write_export(
    stream: TextIO, queryset: models.QuerySet[Article] | None = None, *, indent: int | None = 2
) -> ExportCounts:
    """Write the export to `stream` a piece at a time (memory holds one chunk, not the archive).

    The pieces come first and what they refer to after them; `import_articles` reads the parts in the
    order it needs, whatever their order in the file.
    """
    export = _Export(queryset)
    counts = ExportCounts()

    def dumps(value: Any, level: int) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=indent)
        return text if indent is None else text.replace("\n", "\n" + " " * (indent * level))

    newline, pad = ("", "") if indent is None else ("\n", " " * indent)

    def write_list(key: str, items: Iterable[dict[str, Any]]) -> int:
        stream.write(f",{newline}{pad}{json.dumps(key)}: [")
        count = 0
        for item in items:
            stream.write(("," if count else "") + newline + pad * 2 + dumps(item, 2))
            count += 1
        stream.write((newline + pad if count else "") + "]")
        return count

    header = export.header()
    stream.write("{" + ",".join(f"{newline}{pad}{json.dumps(k)}: {json.dumps(v)}" for k, v in header.items()))
    counts.articles = write_list("articles", export.articles())
    counts.images = write_list("images", export.images())
    counts.authors = write_list("authors", export.authors())
    counts.sections = write_list("sections", export.sections())
    stream.write(newline + "}" + newline)
    return counts


def _byline_ref(item: dict, sign_offs: dict[int, str]) -> dict:
    """A snapshot's byline with the author's database id swapped for the sign-off (ids differ after restore)."""
    item = dict(item)
    author_id = item.pop("id", None)
    item.setdefault("sign_off", sign_offs.get(author_id, ""))
    return item
