"""Articles to JSON and back, with nothing lost: the `export_articles` / `import_articles` pair.

The export holds every field of every article (its working copy, its state and
version counter), its ordered bylines with the authors' data, its placements
with the full image metadata and the media file's path, its workflow events,
review comments, dismissed warnings and published versions. Sections, authors
and images are written once each at the top and referred to by natural keys
(section slug, author sign-off, an image number local to the file); user
accounts by user name. Database ids are not part of the format, so an export
imported into an empty database exports again to the same JSON.

Image files are not inside the JSON: only their path under MEDIA_ROOT. Back up
the media folder alongside (see the README's backup section).

THE RESTORE PATH. `Article.status` is a protected state field that only
`articles.workflow.transitions` changes, through transitions. Restoring a backup is not a
transition: the piece was already in that state. `_create_article` therefore
sets the state once, as a constructor argument of the new row (the one place
outside the workflow that does so), and records no workflow event of its own:
the exported events are restored as they were.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import (
    Article,
    Author,
    Byline,
    CheckDismissal,
    Image,
    Placement,
    PublishedVersion,
    ReviewComment,
    Section,
    WorkflowEvent,
)

FORMAT = "newsroom.articles"
FORMAT_VERSION = 1


class ExchangeError(Exception):
    """A file that cannot be imported; the message names the entry and the field."""


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


# --- Export -----------------------------------------------------------------------------------------


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
    articles = list(
        queryset.order_by("created_at", "pk")
        .select_related("section", "created_by")
        .prefetch_related(
            "bylines__author__user",
            "placements__image__uploaded_by",
            "events__actor",
            "comments__author",
            "dismissals__dismissed_by",
            "versions__section",
            "versions__published_by",
            "versions__authors",
        )
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
        entry = _dump(
            article,
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
            _dump(event, skip=["article"], refs={"actor": _username(event.actor)})
            for event in sorted(article.events.all(), key=lambda e: (e.created_at, e.pk))
        ]
        entry["comments"] = [
            _dump(comment, skip=["article"], refs={"author": _username(comment.author)})
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
                skip=["article"],
                refs={"section": version.section.slug, "published_by": _username(version.published_by)},
            )
            data["authors"] = [author.sign_off for author in version_authors]
            entry["versions"].append(data)
        exported.append(entry)

    # Images referred to only from a snapshot (since removed from the working copy) keep their metadata too.
    for entry in exported:
        for version in entry["versions"]:
            for item in version["placements"]:
                image_id = item.get("image_id")
                if isinstance(image_id, int) and image_id not in images:
                    image = Image.objects.filter(pk=image_id).select_related("uploaded_by").first()
                    if image is not None:
                        images[image_id] = image

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
        "sections": [
            _dump(section, refs={"parent": section.parent.slug if section.parent else None})
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


def export_json(queryset: models.QuerySet[Article] | None = None, *, indent: int | None = 2) -> str:
    return json.dumps(export_data(queryset), ensure_ascii=False, indent=indent, sort_keys=False)


# --- Import -----------------------------------------------------------------------------------------


def _has_nul(value: Any) -> bool:
    """PostgreSQL stores no NUL character in text or JSON; refuse it clearly rather than fail in the database."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _clean_value(model: type[models.Model], name: str, value: Any, where: str) -> Any:
    """One field's value from the file, converted and checked as the model field would."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise ExchangeError(_("%(where)s: unknown field “%(field)s”.") % {"where": where, "field": name}) from None
    if value is None:
        if not model_field.null:
            raise ExchangeError(_("%(where)s: “%(field)s” may not be empty.") % {"where": where, "field": name})
        return None
    if isinstance(model_field, models.CharField | models.TextField | models.FileField) and not isinstance(value, str):
        raise ExchangeError(_("%(where)s: “%(field)s” must be text.") % {"where": where, "field": name})
    if _has_nul(value):
        raise ExchangeError(_("%(where)s: “%(field)s” contains a NUL character.") % {"where": where, "field": name})
    if isinstance(model_field, models.FileField):
        return _safe_media_path(value, where)
    if isinstance(value, list | dict) and not isinstance(model_field, models.JSONField):
        raise ExchangeError(_("%(where)s: “%(field)s” has the wrong type.") % {"where": where, "field": name})
    try:
        value = model_field.to_python(value)
        if value not in model_field.empty_values:
            model_field.run_validators(value)
        if model_field.choices and value not in {choice for choice, _label in model_field.flatchoices}:
            raise ValidationError(_("Value %(value)r is not a valid choice.") % {"value": value})
    except ValidationError as error:
        raise ExchangeError(f"{where}: “{name}”: {' '.join(error.messages)}") from None
    except (TypeError, ValueError, OverflowError) as error:
        raise ExchangeError(f"{where}: “{name}”: {error}") from None
    return value


def _safe_media_path(value: str, where: str) -> str:
    """A media path must stay inside MEDIA_ROOT: relative, no “..”, no backslashes."""
    if not value:
        return ""
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value or len(value) > 100:
        raise ExchangeError(_("%(where)s: unsafe file path “%(path)s”.") % {"where": where, "path": value[:120]})
    return value


def _fields(
    model: type[models.Model], data: Any, where: str, *, relations: Iterable[str] = (), extra: Iterable[str] = ()
) -> dict[str, Any]:
    """The plain fields of one entry, cleaned; relation and extra keys are left for the caller."""
    if not isinstance(data, dict):
        raise ExchangeError(_("%(where)s: expected an object.") % {"where": where})
    skip = set(relations) | set(extra)
    return {name: _clean_value(model, name, value, where) for name, value in data.items() if name not in skip}


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ExchangeError(_("%(where)s: “%(key)s” must be a list.") % {"where": where, "key": key})
    return value


def _label(entry: Any, index: int, kind: str) -> str:
    name = ""
    if isinstance(entry, dict):
        name = entry.get("headline") or entry.get("name") or entry.get("slug") or entry.get("sign_off") or ""
    return f"{kind}[{index}]" + (f" “{str(name)[:60]}”" if name else "")


class _Importer:
    def __init__(self, data: Any, *, create_users: bool) -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ExchangeError(_("Not a Newsroom articles export (the “format” entry is missing or wrong)."))
        if data.get("format_version") != FORMAT_VERSION:
            raise ExchangeError(
                _("Unsupported export format version %(version)r; this Newsroom reads version %(supported)s.")
                % {"version": data.get("format_version"), "supported": FORMAT_VERSION}
            )
        self.data = data
        self.create_users = create_users
        self.summary = ImportSummary()
        self.users: dict[str, Any] = {}
        self.sections: dict[str, Section] = {}
        self.authors: dict[str, Author] = {}
        self.images: dict[int, Image] = {}

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
        for index, entry in enumerate(_list(self.data, "sections", "file")):
            self.import_section(entry, _label(entry, index, "sections"))
        for index, entry in enumerate(_list(self.data, "authors", "file")):
            self.import_author(entry, _label(entry, index, "authors"))
        for index, entry in enumerate(_list(self.data, "images", "file")):
            self.import_image(entry, f"images[{index}]")
        for index, entry in enumerate(_list(self.data, "articles", "file")):
            where = _label(entry, index, "articles")
            try:
                with transaction.atomic():
                    self.import_article(entry, where)
            except DatabaseError as error:
                raise ExchangeError(
                    _("%(where)s: the database refused it: %(error)s") % {"where": where, "error": error}
                ) from None
            self.summary.articles += 1
        return self.summary

    def import_section(self, entry: Any, where: str) -> None:
        fields = _fields(Section, entry, where, relations=["parent"])
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
        fields = _fields(Author, entry, where, relations=["user"])
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

    def import_image(self, entry: Any, where: str) -> None:
        number = entry.get("number") if isinstance(entry, dict) else None
        if not isinstance(number, int) or number in self.images:
            raise ExchangeError(_("%(where)s: every image needs its own number.") % {"where": where})
        fields = _fields(Image, entry, where, relations=["uploaded_by"], extra=["number"])
        stamps = {name: fields.pop(name) for name in ("created_at", "updated_at") if name in fields}
        file_name = fields.get("file") or ""
        image = Image.objects.filter(file=file_name).first() if file_name else None
        if image is not None:
            self.summary.images_matched += 1
        else:
            image = Image(uploaded_by=self.user(entry.get("uploaded_by"), where), **fields)
            image.save()
            _restore_timestamps(image, stamps)
            self.summary.images_created += 1
            if file_name and not image.file.storage.exists(file_name):
                self.summary.missing_files.append(file_name)
        self.images[number] = image

    def image(self, number: Any, where: str) -> Image:
        image = self.images.get(number) if isinstance(number, int) else None
        if image is None:
            raise ExchangeError(
                _("%(where)s: image %(number)r is not in the file's image list.") % {"where": where, "number": number}
            )
        return image

    def import_article(self, entry: Any, where: str) -> None:
        children = ["bylines", "placements", "events", "comments", "dismissals", "versions"]
        fields = _fields(Article, entry, where, relations=["section", "created_by"], extra=children)
        for name in children:
            _list(entry, name, where)
        if fields.get("slug") and Article.objects.filter(slug=fields["slug"]).exists():
            raise ExchangeError(
                _("%(where)s: an article with the slug “%(slug)s” already exists.")
                % {"where": where, "slug": fields["slug"]}
            )
        if fields.get("import_key") and Article.objects.filter(import_key=fields["import_key"]).exists():
            raise ExchangeError(_("%(where)s: this article was already imported.") % {"where": where})
        stamps = {name: fields.pop(name) for name in ("created_at", "updated_at") if name in fields}
        article = _create_article(
            fields,
            section=self.section(entry.get("section"), where),
            created_by=self.user(entry.get("created_by"), where),
        )

        for index, item in enumerate(entry.get("bylines", [])):
            at = f"{where} bylines[{index}]"
            byline_fields = _fields(Byline, item, at, relations=["author"])
            Byline.objects.create(article=article, author=self.author(item.get("author"), at), **byline_fields)
        for index, item in enumerate(entry.get("placements", [])):
            at = f"{where} placements[{index}]"
            placement_fields = _fields(Placement, item, at, relations=["image"])
            Placement.objects.create(article=article, image=self.image(item.get("image"), at), **placement_fields)
        for index, item in enumerate(entry.get("events", [])):
            at = f"{where} events[{index}]"
            event_fields = _fields(WorkflowEvent, item, at, relations=["actor"])
            WorkflowEvent.objects.create(article=article, actor=self.user(item.get("actor"), at), **event_fields)
        for index, item in enumerate(entry.get("comments", [])):
            at = f"{where} comments[{index}]"
            comment_fields = _fields(ReviewComment, item, at, relations=["author"])
            comment_stamps = {"created_at": comment_fields.pop("created_at")} if "created_at" in comment_fields else {}
            comment = ReviewComment.objects.create(
                article=article, author=self.user(item.get("author"), at, required=True), **comment_fields
            )
            _restore_timestamps(comment, comment_stamps)
        for index, item in enumerate(entry.get("dismissals", [])):
            at = f"{where} dismissals[{index}]"
            dismissal_fields = _fields(CheckDismissal, item, at, relations=["dismissed_by"])
            dismissal_stamps = (
                {"created_at": dismissal_fields.pop("created_at")} if "created_at" in dismissal_fields else {}
            )
            dismissal = CheckDismissal.objects.create(
                article=article,
                dismissed_by=self.user(item.get("dismissed_by"), at, required=True),
                **dismissal_fields,
            )
            _restore_timestamps(dismissal, dismissal_stamps)
        for index, item in enumerate(entry.get("versions", [])):
            self.import_version(article, item, f"{where} versions[{index}]")
        _restore_timestamps(article, stamps)

    def import_version(self, article: Article, item: Any, where: str) -> None:
        fields = _fields(PublishedVersion, item, where, relations=["section", "published_by"], extra=["authors"])
        stamps = {"updated_at": fields.pop("updated_at")} if "updated_at" in fields else {}
        section = self.section(item.get("section"), where)
        if section is None:
            raise ExchangeError(_("%(where)s: a published version needs a section.") % {"where": where})
        fields["bylines"] = [self._version_byline(entry, where) for entry in _list(fields, "bylines", where)]
        fields["placements"] = [self._version_placement(entry, where) for entry in _list(fields, "placements", where)]
        version = PublishedVersion.objects.create(
            article=article, section=section, published_by=self.user(item.get("published_by"), where), **fields
        )
        version.authors.set([self.author(sign_off, where) for sign_off in _list(item, "authors", where)])
        _restore_timestamps(version, stamps)

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
        image = self.images.get(number) if isinstance(number, int) else None
        return {"image_id": image.pk if image else None, **entry}


def _create_article(fields: dict[str, Any], *, section: Section | None, created_by) -> Article:
    """THE RESTORE PATH: the one place outside articles.workflow.transitions that sets an article's state.

    The state is given once, to the constructor of a new row, exactly as exported;
    no transition runs (the piece is not changing state, it is being restored).
    """
    article = Article(section=section, created_by=created_by, **fields)
    article._change_reason = "Restored by import_articles"  # shown in the revision history
    article.save()
    return article


def _restore_timestamps(obj: models.Model, stamps: dict[str, Any]) -> None:
    """auto_now / auto_now_add fields take the time of the save; put the exported times back."""
    if stamps:
        type(obj)._default_manager.filter(pk=obj.pk).update(**stamps)
        for name, value in stamps.items():
            setattr(obj, name, value)


def import_data(data: Any, *, dry_run: bool = False, create_users: bool = False) -> ImportSummary:
    """Import an export in one transaction: everything, or (on any error) nothing."""
    importer = _Importer(data, create_users=create_users)
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
