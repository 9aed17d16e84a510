"""JSON back into articles, all or nothing: the `import_articles` side (the format is described in `json_format`).

THE RESTORE PATH. `Article.status` is a protected state field that only
`articles.workflow.transitions` changes, through transitions. Restoring a backup is not a
transition: the piece was already in that state. `_create_article` therefore
sets the state once, as a constructor argument of the new row (the one place
outside the workflow that does so), and records no workflow event of its own:
the exported events are restored as they were.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import ijson
from django.contrib.auth import get_user_model
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from articles import generation
from articles.exchange.json_bulk import CHUNK, UPDATE_CHUNK, PreparedArticle, write_articles
from articles.exchange.json_fields import ExchangeError, entry_label, entry_list, model_fields
from articles.exchange.json_format import FORMAT, FORMAT_VERSION
from articles.models import (
    Article,
    Author,
    Byline,
    CheckDismissal,
    Image,
    PieceTemplate,
    Placement,
    PublishedVersion,
    ReviewComment,
    Section,
    WorkflowEvent,
)
from articles.rendering import sanitise


@dataclass
class ImportSummary:
    articles: int = 0
    sections_created: int = 0
    sections_matched: int = 0
    authors_created: int = 0
    authors_matched: int = 0
    images_created: int = 0
    images_matched: int = 0
    users_created: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    dry_run: bool = False


# The lists an export holds, in the order the import needs them (a file may hold them in any order).
PARTS = ("sections", "authors", "images", "articles")


def _check_header(header: Any) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExchangeError(_("Not a Newsroom articles export (the “format” entry is missing or wrong)."))
    if header.get("format_version") != FORMAT_VERSION:
        raise ExchangeError(
            _("Unsupported export format version %(version)r; this Newsroom reads version %(supported)s.")
            % {"version": header.get("format_version"), "supported": FORMAT_VERSION}
        )


def _chunks(entries: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    """(index of the first, entries) a chunk at a time."""
    iterator = iter(entries)
    start = 0
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield start, chunk
        start += len(chunk)


class _Importer:
    def __init__(self, header: Any, part: Callable[[str], Iterable[Any]], *, create_users: bool) -> None:
        """`header` holds format and version; `part(name)` gives the entries of one of the `PARTS`."""
        _check_header(header)
        self.part = part
        self.create_users = create_users
        self.summary = ImportSummary()
        self.users: dict[str, Any] = {}
        self.sections: dict[str, Section] = {}
        self.authors: dict[str, Author] = {}
        # Picture numbers in the file → ids here (ids only: memory grows by an int per picture, not by a row).
        self.images: dict[int, int] = {}

    def template(self, name: Any, where: str) -> PieceTemplate | None:
        """The piece's template by name; one this newsroom does not keep leaves the piece without (an aid, not text)."""
        if name is None:
            return None
        if not isinstance(name, str):
            raise ExchangeError(_("%(where)s: “template” must be a template's name.") % {"where": where})
        return self.templates.get(name)

    @functools.cached_property
    def templates(self) -> dict[str, PieceTemplate]:
        return {template.name: template for template in PieceTemplate.objects.all()}

    # Users are referred to by user name; missing accounts are created only when asked, inactive.
    def user(self, username: Any, where: str, *, required: bool = False):
        if username is None:
            if required:
                raise ExchangeError(_("%(where)s: a user is required.") % {"where": where})
            return None
        if not isinstance(username, str) or not username or "\x00" in username:
            raise ExchangeError(_("%(where)s: invalid user name %(name)r.") % {"where": where, "name": username})
        if username not in self.users:
            user_model = get_user_model()
            user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
            if user is None:
                if not self.create_users:
                    raise ExchangeError(
                        _(
                            "%(where)s: there is no user “%(name)s”. Create the account first, "
                            "or import with --create-users (creates it inactive, without a password)."
                        )
                        % {"where": where, "name": username}
                    )
                user = user_model(**{user_model.USERNAME_FIELD: username}, is_active=False)
                user.set_unusable_password()
                user.save()
                self.summary.users_created.append(username)
            self.users[username] = user
        return self.users[username]

    def run(self) -> ImportSummary:
        for index, entry in enumerate(self.part("sections")):
            self.import_section(entry, entry_label(entry, index, "sections"))
        for index, entry in enumerate(self.part("authors")):
            self.import_author(entry, entry_label(entry, index, "authors"))
        for start, images in _chunks(self.part("images")):
            self.import_images(images, start)
        for start, articles in _chunks(self.part("articles")):
            self.import_articles(list(enumerate(articles, start=start)))
        # Sections, authors and published versions readers see; last, so its row is locked only until the commit.
        generation.bump()
        return self.summary

    def import_section(self, entry: Any, where: str) -> None:
        fields = model_fields(Section, entry, where, relations=["parent"])
        slug = fields.get("slug")
        if not slug:
            raise ExchangeError(_("%(where)s: a section needs a slug.") % {"where": where})
        section = Section.objects.filter(slug=slug).first()
        if section is not None:
            self.summary.sections_matched += 1
        else:
            parent_slug = entry.get("parent")
            parent = None
            if parent_slug is not None:
                if not isinstance(parent_slug, str):
                    raise ExchangeError(_("%(where)s: “parent” must be a section's slug.") % {"where": where})
                parent = self.sections.get(parent_slug) or Section.objects.filter(slug=parent_slug).first()
                if parent is None:
                    raise ExchangeError(
                        _("%(where)s: unknown parent section “%(slug)s”.") % {"where": where, "slug": parent_slug}
                    )
            section = Section.objects.create(parent=parent, **fields)
            self.summary.sections_created += 1
        self.sections[slug] = section

    def section(self, slug: Any, where: str) -> Section | None:
        if slug is None:
            return None
        section = self.sections.get(slug) if isinstance(slug, str) else None
        if section is None:
            section = Section.objects.filter(slug=slug).first() if isinstance(slug, str) else None
            if section is None:
                raise ExchangeError(_("%(where)s: unknown section “%(slug)s”.") % {"where": where, "slug": slug})
            self.sections[slug] = section
        return section

    def import_author(self, entry: Any, where: str) -> None:
        fields = model_fields(Author, entry, where, relations=["user"])
        sign_off = fields.get("sign_off")
        if not sign_off:
            raise ExchangeError(_("%(where)s: an author needs a sign-off.") % {"where": where})
        author = Author.objects.annotate(lower=Lower("sign_off")).filter(lower=sign_off.lower()).first()
        if author is not None:
            self.summary.authors_matched += 1
        else:
            if Author.objects.filter(slug=fields.get("slug", "")).exists():
                raise ExchangeError(
                    _("%(where)s: another author already uses the slug “%(slug)s”.")
                    % {"where": where, "slug": fields.get("slug")}
                )
            user = self.user(entry.get("user"), where)
            if user is not None and Author.objects.filter(user=user).exists():
                user = None  # the account already has its own byline; keep that link
            author = Author.objects.create(user=user, **fields)
            self.summary.authors_created += 1
        self.authors[sign_off.lower()] = author

    def author(self, sign_off: Any, where: str) -> Author:
        author = self.authors.get(sign_off.lower()) if isinstance(sign_off, str) else None
        if author is None:
            raise ExchangeError(
                _("%(where)s: the author “%(sign_off)s” is not in the file's author list.")
                % {"where": where, "sign_off": sign_off}
            )
        return author

    def import_images(self, entries: list[Any], start: int) -> None:
        """A chunk of pictures: those already here (same file) matched, the others written in bulk."""
        names = [
            entry.get("file") for entry in entries if isinstance(entry, dict) and isinstance(entry.get("file"), str)
        ]
        existing = {image.file.name: image for image in Image.objects.filter(file__in=[n for n in names if n])}
        new: list[tuple[Image, dict[str, Any]]] = []
        chunk: dict[int, Image] = {}
        for index, entry in enumerate(entries, start=start):
            where = f"images[{index}]"
            number = entry.get("number") if isinstance(entry, dict) else None
            if not isinstance(number, int) or number in self.images or number in chunk:
                raise ExchangeError(_("%(where)s: every image needs its own number.") % {"where": where})
            fields = model_fields(Image, entry, where, relations=["uploaded_by"], extra=["number"])
            stamps = {name: fields.pop(name) for name in ("created_at", "updated_at") if name in fields}
            file_name = fields.get("file") or ""
            image = existing.get(file_name) if file_name else None
            if image is not None:
                self.summary.images_matched += 1
                chunk[number] = image
                continue
            missing = bool(file_name) and not Image._meta.get_field("file").storage.exists(file_name)
            if missing and not (fields.get("width") and fields.get("height")):
                # Without its size Django would open the (absent) file to measure it: import the
                # picture without a file, as for a piece whose pictures are uploaded later.
                fields["file"] = ""
            image = Image(uploaded_by=self.user(entry.get("uploaded_by"), where), **fields)
            if image.file and not (image.width and image.height):
                image.save()  # a file without its size in the export: measured from the file, as on upload
                _restore_timestamps(image, stamps)
            else:
                new.append((image, stamps))
            self.summary.images_created += 1
            if missing:
                self.summary.missing_files.append(file_name)
            chunk[number] = image
            if file_name:
                existing[file_name] = image  # the same file twice in one export is one picture
        bulk_create_with_history([image for image, _stamps in new], Image, batch_size=CHUNK)
        self.images.update((number, image.pk) for number, image in chunk.items())
        for image, stamps in new:
            for name, value in stamps.items():
                setattr(image, name, value)
        for names in {tuple(sorted(stamps)) for _image, stamps in new if stamps}:
            rows = [image for image, stamps in new if tuple(sorted(stamps)) == names]
            Image.objects.bulk_update(rows, list(names), batch_size=UPDATE_CHUNK)

    def image(self, number: Any, where: str) -> int:
        """The id here of the file's picture `number`."""
        image_id = self.images.get(number) if isinstance(number, int) else None
        if image_id is None:
            raise ExchangeError(
                _("%(where)s: image %(number)r is not in the file's image list.") % {"where": where, "number": number}
            )
        return image_id

    def import_articles(self, numbered: list[tuple[int, Any]]) -> None:
        """A chunk of pieces in bulk; a chunk the database refuses is redone piece by piece, naming the one at fault."""
        labelled = [(entry, entry_label(entry, index, "articles")) for index, entry in numbered]
        prepared = [self.prepare_article(entry, where) for entry, where in labelled]
        try:
            with transaction.atomic():
                write_articles(prepared)
        except DatabaseError:
            for entry, where in labelled:
                try:
                    with transaction.atomic():
                        write_articles([self.prepare_article(entry, where)])  # fresh, unsaved rows
                except DatabaseError as error:
                    raise ExchangeError(
                        _("%(where)s: the database refused it: %(error)s") % {"where": where, "error": error}
                    ) from None
        self.summary.articles += len(prepared)

    def prepare_article(self, entry: Any, where: str) -> PreparedArticle:
        """One entry checked and turned into unsaved rows (`json_bulk.write_articles` stores them)."""
        children = ["bylines", "placements", "events", "comments", "dismissals", "versions"]
        # Revisions are not exchanged: the workflow freezes the imported working copy when it needs one.
        fields = model_fields(
            Article, entry, where, relations=["section", "created_by", "scheduled_revision", "template"], extra=children
        )
        for name in children:
            entry_list(entry, name, where)
        stamps = {name: fields.pop(name) for name in ("created_at", "updated_at") if name in fields}
        prepared = PreparedArticle(
            where,
            _restored_article(
                fields,
                section=self.section(entry.get("section"), where),
                created_by=self.user(entry.get("created_by"), where),
                template=self.template(entry.get("template"), where),
            ),
            stamps,
        )
        for index, item in enumerate(entry.get("bylines", [])):
            at = f"{where} bylines[{index}]"
            byline_fields = model_fields(Byline, item, at, relations=["author"])
            prepared.bylines.append(Byline(author=self.author(item.get("author"), at), **byline_fields))
        for index, item in enumerate(entry.get("placements", [])):
            at = f"{where} placements[{index}]"
            placement_fields = model_fields(Placement, item, at, relations=["image"])
            prepared.placements.append(Placement(image_id=self.image(item.get("image"), at), **placement_fields))
        for index, item in enumerate(entry.get("events", [])):
            at = f"{where} events[{index}]"
            event_fields = model_fields(WorkflowEvent, item, at, relations=["actor", "section"])
            # A file from before events kept their section: the piece's section is taken when they are stored.
            section = self.section(item.get("section"), at)
            prepared.events.append(
                WorkflowEvent(actor=self.user(item.get("actor"), at), section=section, **event_fields)
            )
        for index, item in enumerate(entry.get("comments", [])):
            at = f"{where} comments[{index}]"
            comment_fields = model_fields(ReviewComment, item, at, relations=["author", "resolved_by", "preview_link"])
            comment_stamps = {"created_at": comment_fields.pop("created_at")} if "created_at" in comment_fields else {}
            comment = ReviewComment(
                # A guest's comment has no account behind it, only the name it was left with.
                author=self.user(item.get("author"), at, required=not item.get("guest_name")),
                resolved_by=self.user(item.get("resolved_by"), at),
                **comment_fields,
            )
            prepared.comments.append((comment, comment_stamps))
        for index, item in enumerate(entry.get("dismissals", [])):
            at = f"{where} dismissals[{index}]"
            dismissal_fields = model_fields(CheckDismissal, item, at, relations=["dismissed_by"])
            dismissal_stamps = (
                {"created_at": dismissal_fields.pop("created_at")} if "created_at" in dismissal_fields else {}
            )
            dismissal = CheckDismissal(
                dismissed_by=self.user(item.get("dismissed_by"), at, required=True), **dismissal_fields
            )
            prepared.dismissals.append((dismissal, dismissal_stamps))
        for index, item in enumerate(entry.get("versions", [])):
            prepared.versions.append(self.prepare_version(item, f"{where} versions[{index}]"))
        return prepared

    def prepare_version(self, item: Any, where: str) -> tuple[PublishedVersion, list[Author], dict[str, Any]]:
        fields = model_fields(PublishedVersion, item, where, relations=["section", "published_by"], extra=["authors"])
        stamps = {"updated_at": fields.pop("updated_at")} if "updated_at" in fields else {}
        section = self.section(item.get("section"), where)
        if section is None:
            raise ExchangeError(_("%(where)s: a published version needs a section.") % {"where": where})
        # A file is outside input like any other: what readers will get passes the desk's sanitiser.
        fields["body_html"] = sanitise(fields.get("body_html", ""))
        fields["bylines"] = [self._version_byline(entry, where) for entry in entry_list(fields, "bylines", where)]
        fields["placements"] = [
            self._version_placement(entry, where) for entry in entry_list(fields, "placements", where)
        ]
        version = PublishedVersion(section=section, published_by=self.user(item.get("published_by"), where), **fields)
        authors = [self.author(sign_off, where) for sign_off in entry_list(item, "authors", where)]
        return version, authors, stamps

    def _version_byline(self, entry: Any, where: str) -> dict:
        """Snapshots name authors by database id; the restored one gets the new id back."""
        if not isinstance(entry, dict):
            raise ExchangeError(_("%(where)s: a byline must be an object.") % {"where": where})
        entry = dict(entry)
        sign_off = entry.get("sign_off")
        author = self.authors.get(sign_off.lower()) if isinstance(sign_off, str) and sign_off else None
        return {"id": author.pk if author else None, **entry}

    def _version_placement(self, entry: Any, where: str) -> dict:
        if not isinstance(entry, dict):
            raise ExchangeError(_("%(where)s: a placement must be an object.") % {"where": where})
        entry = dict(entry)
        number = entry.pop("image", None)
        return {"image_id": self.images.get(number) if isinstance(number, int) else None, **entry}


def _restored_article(fields: dict[str, Any], *, section: Section | None, created_by, template=None) -> Article:
    """THE RESTORE PATH: the one place outside articles.workflow.transitions that sets an article's state.

    The state is given once, to the constructor of a new row, exactly as exported (written by
    `json_bulk.write_articles`); no transition runs (the piece is not changing state, it is being restored).
    """
    article = Article(section=section, created_by=created_by, template=template, **fields)
    article.normalise_line_breaks()  # what `save()` does; a bulk insert does not call it
    return article


def _restore_timestamps(obj: models.Model, stamps: dict[str, Any]) -> None:
    """auto_now / auto_now_add fields take the time of the save; put the exported times back."""
    if stamps:
        type(obj)._default_manager.filter(pk=obj.pk).update(**stamps)
        for name, value in stamps.items():
            setattr(obj, name, value)


def import_data(data: Any, *, dry_run: bool = False, create_users: bool = False) -> ImportSummary:
    """Import an export held in memory (parsed JSON) in one transaction: everything, or (on any error) nothing."""
    _check_header(data)
    for name in PARTS:
        entry_list(data, name, "file")  # each part is a list, before anything is written
    importer = _Importer(data, lambda name: entry_list(data, name, "file"), create_users=create_users)
    return _run(importer, dry_run=dry_run)


def _run(importer: _Importer, *, dry_run: bool) -> ImportSummary:
    try:
        with transaction.atomic():
            summary = importer.run()
            summary.dry_run = dry_run
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:  # a constraint the checks above do not know; nothing was written
        raise ExchangeError(_("The database refused the file: %(error)s") % {"error": error}) from None
    return summary


def import_json(text: str | bytes, **options: Any) -> ImportSummary:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ExchangeError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None
    return import_data(data, **options)


def import_file(stream: BinaryIO, *, dry_run: bool = False, create_users: bool = False) -> ImportSummary:
    """Import an export file of any size a part at a time (`stream` must be seekable: it is read once per part).

    A first reading checks the whole file is JSON of the right shape before anything is written; then
    sections, authors, pictures and pieces are each read as a stream (ijson), a chunk of 500 at a time,
    so memory holds one chunk, not the archive. Everything, or (on any error) nothing, as `import_data`.
    """
    header = _read_header(stream)

    def part(name: str) -> Iterator[Any]:
        stream.seek(0)
        try:
            yield from ijson.items(stream, f"{name}.item", use_float=True)
        except ijson.JSONError as error:  # the file changed under us since the first reading
            raise ExchangeError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None

    return _run(_Importer(header, part, create_users=create_users), dry_run=dry_run)


def _read_header(stream: BinaryIO) -> dict[str, Any]:
    """The file's format entries, after checking it is one JSON object whose parts are lists."""
    header: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    stream.seek(0)
    try:
        events = ijson.parse(stream, use_float=True)
        first = next(events, None)
        if first is None or first[1] != "start_map":
            raise ExchangeError(_("Not a Newsroom articles export (the “format” entry is missing or wrong)."))
        for prefix, event, value in events:
            if prefix in ("format", "format_version") and event not in ("start_map", "start_array"):
                header[prefix] = value
            elif prefix in PARTS and prefix not in kinds and event != "map_key":
                kinds[prefix] = event
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise ExchangeError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None
    _check_header(header)
    for name, kind in kinds.items():
        if kind != "start_array":
            raise ExchangeError(_("%(where)s: “%(key)s” must be a list.") % {"where": "file", "key": name})
    return header
