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
from text_unidecode import unidecode

from articles.exchange.agency_text import ImportProblem, ParsedArticle, decode, parse
from articles.exchange.limits import check_lengths
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
    left_out: list[str] = field(default_factory=list)  # lines of the file not imported, each with its number

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
    # Names in any script get an ASCII slug: the site's addresses are ASCII.
    base = (slugify(base) or slugify(unidecode(base)) or model._meta.model_name)[: max_length - 4]
    candidate, counter = base, 1
    while model.objects.filter(slug=candidate).exists():
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate


def resolve_authors(parsed: ParsedArticle) -> tuple[list[Author], list[str], list[str]]:
    """The byline's authors, from the byline line alone: found by name, else created.

    The sign-off never picks or changes an author: a sign-off that belongs to someone else, or
    to nobody, is left in the text for the review's blocking sign-off check. Returns (authors, notes, warnings).
    """
    notes: list[str] = []
    warnings: list[str] = []
    signed = {part.casefold() for part in parsed.sign_offs}
    authors: list[Author] = []
    for name in parsed.author_names:
        matches = list(Author.objects.filter(name__iexact=name).order_by("pk")[:5])
        # Two authors of one name: the sign-off may tell them apart, and only then.
        signing = [author for author in matches if author.sign_off.casefold() in signed]
        author = signing[0] if len(signing) == 1 else matches[0] if matches else None
        if author is None:
            sign_off = derived_sign_off(name)
            author = Author.objects.create(
                name=name, slug=unique_slug(Author, name, Author._meta.get_field("slug").max_length), sign_off=sign_off
            )
            notes.append(_("created author %(author)s") % {"author": author})
            warnings.append(
                _("new author %(name)s got the sign-off “%(sign_off)s”: check it")
                % {"name": name, "sign_off": sign_off}
            )
        else:
            notes.append(_("byline: known author %(author)s") % {"author": author})
        if author not in authors:
            authors.append(author)
    return authors, notes, warnings


def sign_off_problems(parsed: ParsedArticle, authors: list[Author]) -> list[str]:
    """What is wrong with the text's sign-off for these bylines: empty when every part is theirs."""
    on_byline = {author.sign_off.casefold() for author in authors}
    problems = []
    for part in parsed.sign_offs:
        if part.casefold() in on_byline:
            continue
        owner = Author.objects.filter(sign_off__iexact=part).first()
        if owner:
            problems.append(
                _("sign-off (%(sign_off)s) belongs to %(name)s, who is not on the byline")
                % {"sign_off": part, "name": owner.name}
            )
        else:
            problems.append(_("sign-off (%(sign_off)s) matches no author") % {"sign_off": part})
    return problems


def resolve_section(name: str) -> tuple[Section | None, str]:
    """The section of that name (or of that ASCII slug), else a new one with a unique ASCII slug."""
    if not name:
        return None, ""
    section = Section.objects.filter(name__iexact=name).first()
    if section is None and slugify(name):
        # Only a name that has its own ASCII slug may match by slug: transliterations can collide.
        section = Section.objects.filter(slug=slugify(name)[:100]).first()
    if section:
        return section, _("section: %(section)s") % {"section": section}
    slug_length = Section._meta.get_field("slug").max_length
    section = Section.objects.create(name=name, slug=unique_slug(Section, name, slug_length))
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
    body = parsed.body
    problems = sign_off_problems(parsed, authors)
    if problems:
        # Kept where it was, so the review's sign-off check blocks publication until an editor decides.
        body = f"{body} {parsed.sign_off_text}"
        warnings.extend(_("%(problem)s: left in the text for the review") % {"problem": p} for p in problems)
    article = Article.objects.create(
        kicker=parsed.kicker,
        headline=parsed.headline,
        language=parsed.language,
        teaser=parsed.teaser,
        dateline=parsed.dateline,
        body=body,
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
        check_lengths(parsed)
    except ImportProblem as problem:
        return ImportResult(path, ImportResult.FAILED, message=problem.message, line=problem.line)

    result = ImportResult(
        path,
        ImportResult.IMPORTED,
        notes=list(parsed.notes),
        warnings=list(parsed.warnings),
        left_out=list(parsed.left_out),
    )
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
