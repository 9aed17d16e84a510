"""Plain-text articles in the corpus format, turned into draft articles.

Reading the text is `articles.exchange.agency_text`; this module writes the parsed
piece into the database (section, authors, bylines, image placements), recognises
a file that was already imported, and reports what happened to each file. A file
is imported completely or not at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.exchange.agency_text import ImportProblem, ParsedArticle, decode, parse
from articles.models import Article, Author, Byline, Image, Placement, Section


@dataclass
class ImportResult:
    path: Path
    status: str  # "imported", "skipped", "failed"
    article: Article | None = None
    message: str = ""
    line: int | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    IMPORTED = "imported"
    SKIPPED = "skipped"
    FAILED = "failed"


def import_key(data: bytes) -> str:
    """The fingerprint that makes re-importing the same file a no-op."""
    return hashlib.sha256(data).hexdigest()


def derived_sign_off(name: str) -> str:
    """Initials in the house pattern: first letter of the first name, two of the last (“fmu”)."""
    parts = [slugify(part).replace("-", "") for part in name.split()]
    parts = [part for part in parts if part] or ["x"]
    base = (parts[0][:1] + parts[-1][:2]) if len(parts) > 1 else parts[0][:3]
    candidate, counter = base, 1
    while Author.objects.filter(sign_off__iexact=candidate).exists():
        counter += 1
        candidate = f"{base}{counter}"
    return candidate


def unique_slug(model, base: str, max_length: int) -> str:
    base = (slugify(base) or model._meta.model_name)[: max_length - 4]
    candidate, counter = base, 1
    while model.objects.filter(slug=candidate).exists():
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate


def resolve_authors(parsed: ParsedArticle) -> tuple[list[Author], list[str], list[str]]:
    """The byline's authors: found by sign-off, else by name, else created. Returns (authors, notes, warnings)."""
    notes: list[str] = []
    warnings: list[str] = []
    sign_offs: list[str | None] = list(parsed.sign_offs)
    if len(sign_offs) != len(parsed.author_names):
        if sign_offs:
            warnings.append(
                _("%(signs)s sign-off(s) for %(names)s author(s): authors matched by name only")
                % {"signs": len(sign_offs), "names": len(parsed.author_names)}
            )
        sign_offs = [None] * len(parsed.author_names)
    authors = []
    for name, sign_off in zip(parsed.author_names, sign_offs, strict=True):
        author = Author.objects.filter(sign_off__iexact=sign_off).first() if sign_off else None
        if author and author.name.casefold() != name.casefold():
            warnings.append(
                _("sign-off “%(sign_off)s” belongs to %(known)s, the byline says %(name)s: used %(known)s")
                % {"sign_off": sign_off, "known": author.name, "name": name}
            )
        if author is None:
            matches = list(Author.objects.filter(name__iexact=name)[:2])
            author = matches[0] if len(matches) == 1 else None
            if author and sign_off:
                warnings.append(
                    _("%(name)s is known with sign-off “%(known)s”, the text signs “%(sign_off)s”")
                    % {"name": name, "known": author.sign_off, "sign_off": sign_off}
                )
        if author is None:
            if not sign_off:
                sign_off = derived_sign_off(name)
                warnings.append(
                    _("new author %(name)s got the sign-off “%(sign_off)s”: check it")
                    % {"name": name, "sign_off": sign_off}
                )
            author = Author.objects.create(
                name=name, slug=unique_slug(Author, name, Author._meta.get_field("slug").max_length), sign_off=sign_off
            )
            notes.append(_("created author %(author)s") % {"author": author})
        else:
            notes.append(_("byline: known author %(author)s") % {"author": author})
        if author in authors:
            continue
        authors.append(author)
    return authors, notes, warnings


def resolve_section(name: str) -> tuple[Section | None, str]:
    if not name:
        return None, ""
    slug = slugify(name)[:100]
    section = Section.objects.filter(slug=slug).first() or Section.objects.filter(name__iexact=name).first()
    if section:
        return section, _("section: %(section)s") % {"section": section}
    section = Section.objects.create(name=name, slug=slug)
    return section, _("created section %(section)s") % {"section": section}


@transaction.atomic
def create_article(parsed: ParsedArticle, *, key: str, created_by=None) -> tuple[Article, list[str], list[str]]:
    """Write the parsed article as a draft, with bylines and image placements, all or nothing."""
    notes: list[str] = []
    section, section_note = resolve_section(parsed.section_name)
    if section_note:
        notes.append(section_note)
    authors, author_notes, warnings = resolve_authors(parsed)
    notes.extend(author_notes)
    article = Article.objects.create(
        kicker=parsed.kicker,
        headline=parsed.headline,
        language=parsed.language,
        teaser=parsed.teaser,
        dateline=parsed.dateline,
        body=parsed.body,
        date=parsed.date,
        section=section,
        created_by=created_by,
        import_key=key,
    )
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position) for position, author in enumerate(authors)
    )
    for found in parsed.images:
        # Organisation and agencies are not told apart in the text: the whole chain after the
        # creator goes into `agencies`, so the credit line prints exactly as it came.
        image = Image.objects.create(
            caption=found.caption,
            creator=found.creator,
            agencies=found.agencies,
            is_archive=found.is_archive,
            uploaded_by=created_by,
        )
        Placement.objects.create(
            article=article, image=image, role=found.role, position=found.position, caption=found.caption
        )
        notes.append(
            _("line %(line)s: image placement “%(caption)s” %(credit)s, no file yet")
            % {"line": found.line, "caption": found.caption, "credit": image.credit_line}
        )
    return article, notes, warnings


class _DryRun(Exception):
    """Raised inside the transaction to roll a rehearsal back."""


def import_file(path: Path | str, *, dry_run: bool = False, created_by=None) -> ImportResult:
    """Import one file as a draft; never raises for a bad file, the result says what happened."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return ImportResult(path, ImportResult.FAILED, message=_("cannot read the file: %s") % error.strerror)
    key = import_key(data)
    existing = Article.objects.filter(import_key=key).first()
    if existing:
        return ImportResult(
            path,
            ImportResult.SKIPPED,
            article=existing,
            message=_("already imported as #%(pk)s “%(article)s”") % {"pk": existing.pk, "article": existing},
        )
    try:
        parsed = parse(decode(data))
    except ImportProblem as problem:
        return ImportResult(path, ImportResult.FAILED, message=problem.message, line=problem.line)

    result = ImportResult(path, ImportResult.IMPORTED, notes=list(parsed.notes), warnings=list(parsed.warnings))
    try:
        with transaction.atomic():
            article, notes, warnings = create_article(parsed, key=key, created_by=created_by)
            result.article = article
            result.notes.extend(notes)
            result.warnings.extend(warnings)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except DatabaseError as error:
        # Another import of the same file may have committed first: the unique import key caught it.
        existing = Article.objects.filter(import_key=key).first() if isinstance(error, IntegrityError) else None
        if existing is not None:
            return ImportResult(
                path,
                ImportResult.SKIPPED,
                article=existing,
                message=_("already imported as #%(pk)s") % {"pk": existing.pk},
            )
        return ImportResult(path, ImportResult.FAILED, message=_("the database refused it: %s") % error)
    return result


def import_files(paths, *, dry_run: bool = False, created_by=None) -> list[ImportResult]:
    """Each file in its own transaction: a broken file never stops the others."""
    return [import_file(path, dry_run=dry_run, created_by=created_by) for path in paths]
