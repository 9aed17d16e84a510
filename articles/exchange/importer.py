"""Plain-text articles in the corpus format, turned into draft articles.

Newsrooms receive finished pieces as text exported from a web page or a wire
feed. This module reads that format faithfully — the review checks, not the
importer, decide what is wrong with the copy — and only removes what is not
content (web debris, the sign-off). A file is imported completely or not at all.

The format, one article per file, blocks separated by blank lines::

    date 2024-07-17 Home page politics     date and breadcrumb (front page, then the section)
    Kicker                                 optional: up to two lines before the byline,
    Headline                               the last one is the headline
    From: Fabian Müller                    byline ("A and B" or "A, B" for several authors)
    Press Split                            web debris: dropped
    The teaser paragraph.                  teaser (standfirst)
    Washington, DC/Kiev - First para…      dateline (before a spaced dash), then the body
    A short standalone line                subheading ("## " in the body)
    Caption. (Archive image) © Creator/Organisation/Agency    an image placement
    … the last paragraph. (fmu)            sign-off of the author(s)
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article, Author, Byline, Image, Placement, Section
from articles.review.checks import WEB_DEBRIS_RE

# Lines a web page leaves behind when copied: share buttons, navigation, ad labels.
# Compared case-insensitively with a whole block; such blocks are never content.
WEB_DEBRIS = frozenset(
    line.casefold()
    for line in (
        "Press Split",
        "Split",
        "Share",
        "Share article",
        "Share this article",
        "Tweet",
        "Print",
        "Email",
        "E-mail",
        "Copy link",
        "Link copied",
        "Read more",
        "Read more here",
        "Show more",
        "Advertisement",
        "Anzeige",
        "Werbung",
        "Comments",
        "Close",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "Messenger",
        "To the homepage",
        "Back to top",
        "Listen to article",
    )
)

# Longest line still taken for a subheading; longer standalone lines are paragraphs.
SUBHEADING_MAX_LENGTH = 100
DATELINE_MAX_LENGTH = 80

HEADER_RE = re.compile(r"^date\s+(?P<date>\S+)(?:\s+(?P<breadcrumb>.*))?$", re.IGNORECASE)
FRONT_PAGE_RE = re.compile(r"^(?:home\s*page|homepage|home|front\s*page)\b\s*", re.IGNORECASE)
BYLINE_RE = re.compile(r"^(?:from|by):\s*(?P<names>.*)$", re.IGNORECASE)
AUTHOR_SEPARATOR_RE = re.compile(r"\s*(?:,|&|\band\b)\s*")
EN_DASH, EM_DASH, RIGHT_QUOTE = "\u2013", "\u2014", "\u2019"
# "Washington, DC/Kiev <en dash> The …": a place, a spaced dash (en, em or hyphen), the text.
DATELINE_RE = re.compile(
    r"^(?P<dateline>[^\W\d_][^!?:;“”\"„]{0," + str(DATELINE_MAX_LENGTH - 1) + r"}?)"
    r"\s+[" + EN_DASH + EM_DASH + r"-]\s+(?=\S)"
)
DATELINE_MAX_WORDS = 6
# "Caption text. (Archive image) © Creator/Organisation/Agency": a credit closes the paragraph
# (a "©" in the middle of a long paragraph is text, not a picture).
IMAGE_RE = re.compile(
    r"^(?P<caption>[^©]*?)\s*(?P<archive>\((?:archive image|archive photo|archive)\))?\s*©\s*"
    r"(?P<credit>[^©]{1,150}?)\s*$",
    re.IGNORECASE,
)
# "… last sentence. (fmu)" or "(fmu/abc)" alone: after closing punctuation or on its own.
SIGN_OFF_RE = re.compile(
    r"(?:(?<=[.!?“”\"')" + RIGHT_QUOTE + r"])\s+|^)\((?P<sign_off>[^\W\d_]{2,12}(?:/[^\W\d_]{2,12})*)\)$"
)
SENTENCE_END = (".", "!", "?", ":", ";", ",", "…", '"', "“", "”", RIGHT_QUOTE, ")", "-", EN_DASH)


class ImportProblem(Exception):
    """The file cannot be imported; `line` is the 1-based line the problem is on, when there is one."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Block:
    """A paragraph of the file: its lines joined, and the line it starts on."""

    text: str
    line: int

    @property
    def is_single_line(self) -> bool:
        return "\n" not in self.text


@dataclass
class ParsedImage:
    caption: str
    is_archive: bool
    creator: str
    agencies: str
    role: str
    position: int
    line: int


@dataclass
class ParsedArticle:
    """Everything read from one file, before anything is written."""

    date: datetime.date | None = None
    section_name: str = ""
    kicker: str = ""
    headline: str = ""
    teaser: str = ""
    dateline: str = ""
    body: str = ""
    author_names: list[str] = field(default_factory=list)
    sign_offs: list[str] = field(default_factory=list)
    images: list[ParsedImage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was done, for verbose output
    warnings: list[str] = field(default_factory=list)  # what an editor must look at


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


def decode(data: bytes) -> str:
    """The file's text; refuses empty, binary and non-UTF-8 files, naming the line."""
    if not data.strip():
        raise ImportProblem(_("the file is empty"))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportProblem(_("this is a binary file, not text (NUL byte)"), line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(
            _("the text is not UTF-8 (byte 0x%(byte)02x)") % {"byte": data[error.start]}, line=line
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block("\n".join(current), start))
            current = []
    if current:
        blocks.append(Block("\n".join(current), start))
    return blocks


def is_debris(block: Block) -> bool:
    """A whole block that is a web page's leftover: our list, or what the debris check flags."""
    if not block.is_single_line:
        return False
    text = block.text.strip().rstrip(".")
    # One idea of "debris" for the importer and the review check: what one drops, the other would flag.
    return text.casefold() in WEB_DEBRIS or WEB_DEBRIS_RE.fullmatch(text) is not None


def is_subheading(block: Block) -> bool:
    """A short standalone line without closing punctuation, starting like a title."""
    text = block.text
    return (
        block.is_single_line
        and len(text) <= SUBHEADING_MAX_LENGTH
        and len(text.split()) >= 2
        and (text[0].isupper() or text[0].isdigit())
        and not text.endswith(SENTENCE_END)
    )


def match_dateline(text: str) -> re.Match | None:
    """The dateline opening a paragraph, if there is one: a short place name and a spaced dash."""
    match = DATELINE_RE.match(text)
    if not match or "\n" in match["dateline"]:
        return None
    words = match["dateline"].split()
    if len(words) > DATELINE_MAX_WORDS or any(word.endswith(".") and not is_abbreviation(word) for word in words):
        return None
    return match


def is_abbreviation(word: str) -> bool:
    """ "D.C.", "St.", "Mt.": a full stop inside a place name, not the end of a sentence."""
    return word[:1].isupper() and (word.count(".") > 1 or len(word) <= 3)


def section_name_from(breadcrumb: str) -> str:
    """ "Home page politics" → "Politics": the front page, then the section."""
    name = FRONT_PAGE_RE.sub("", breadcrumb.strip(), count=1).strip()
    return name[:1].upper() + name[1:]


def parse(text: str) -> ParsedArticle:
    """Read one article in the corpus format; raises ImportProblem when there is no article to make."""
    parsed = ParsedArticle()
    blocks = blocks_of(text)
    if not blocks:
        raise ImportProblem(_("the file is empty"))

    # Header: "date YYYY-MM-DD <breadcrumb>" on the first line.
    first = blocks[0]
    header_line, _sep, rest_of_block = first.text.partition("\n")
    header = HEADER_RE.match(header_line)
    if header:
        try:
            parsed.date = datetime.date.fromisoformat(header["date"])
        except ValueError as error:
            raise ImportProblem(
                _("“%(value)s” is not a date (expected YYYY-MM-DD)") % {"value": header["date"]}, line=first.line
            ) from error
        parsed.section_name = section_name_from(header["breadcrumb"] or "")
        if not parsed.section_name:
            parsed.warnings.append(_("the breadcrumb names no section; the draft has none"))
        blocks = ([Block(rest_of_block, first.line + 1)] if rest_of_block else []) + blocks[1:]
    else:
        parsed.warnings.append(
            _("line %(line)s: no “date …” line; the draft has no date and no section") % {"line": first.line}
        )

    # Byline: the first "From: …" line; what comes before it is kicker and headline.
    byline_index = next((i for i, block in enumerate(blocks) if BYLINE_RE.match(block.text.split("\n")[0])), None)
    if byline_index is None:
        line = blocks[0].line if blocks else first.line
        raise ImportProblem(_("no byline: expected a line such as “From: Fabian Müller”"), line=line)
    byline_block = blocks[byline_index]
    names_line, _sep, after_byline = byline_block.text.partition("\n")
    names = [name.strip() for name in AUTHOR_SEPARATOR_RE.split(BYLINE_RE.match(names_line)["names"]) if name.strip()]
    if not names:
        raise ImportProblem(_("the byline names no author"), line=byline_block.line)
    parsed.author_names = names

    title_lines = []
    for block in blocks[:byline_index]:
        if is_debris(block):
            parsed.notes.append(
                _("line %(line)s: dropped web debris “%(text)s”") % {"line": block.line, "text": block.text}
            )
            continue
        title_lines.extend(block.text.split("\n"))
    if len(title_lines) > 2:
        raise ImportProblem(
            _("%(count)s lines before the byline; expected at most a kicker and a headline")
            % {"count": len(title_lines)},
            line=blocks[0].line,
        )
    if title_lines:
        parsed.headline = title_lines[-1]
        parsed.kicker = title_lines[0] if len(title_lines) == 2 else ""
    else:
        parsed.warnings.append(_("no headline line: the draft's headline is empty, an editor must write one"))

    content = blocks[byline_index + 1 :]
    if after_byline:
        content.insert(0, Block(after_byline, byline_block.line + 1))
    kept = []
    for block in content:
        if is_debris(block):
            parsed.notes.append(
                _("line %(line)s: dropped web debris “%(text)s”") % {"line": block.line, "text": block.text}
            )
        else:
            kept.append(block)
    content = kept
    if not content:
        raise ImportProblem(_("no text after the byline"), line=byline_block.line)

    # Sign-off: "(fmu)" closing the last paragraph, or on a line of its own.
    last = content[-1]
    sign_off = SIGN_OFF_RE.search(last.text)
    if sign_off:
        parsed.sign_offs = sign_off["sign_off"].split("/")
        remaining = last.text[: sign_off.start()].rstrip()
        content[-1:] = [Block(remaining, last.line)] if remaining else []
        parsed.notes.append(
            _("sign-off “%(sign_off)s” recognised and taken out of the text") % {"sign_off": sign_off["sign_off"]}
        )
    else:
        parsed.warnings.append(_("no sign-off such as “(fmu)” at the end of the text"))

    # Teaser: the first paragraph, unless it already opens the body with a dateline.
    if content and not match_dateline(content[0].text) and not IMAGE_RE.match(content[0].text):
        parsed.teaser = content.pop(0).text.replace("\n", " ")
    else:
        parsed.warnings.append(_("no teaser paragraph before the body"))

    body: list[str] = []
    for block in content:
        image = IMAGE_RE.match(block.text) if block.is_single_line else None
        if image:
            parsed.images.append(parsed_image(image, block, position=len(body), has_lead=bool(parsed.images)))
            continue
        if not body:
            dateline = match_dateline(block.text)
            if dateline:
                parsed.dateline = dateline["dateline"].strip()
                body.append(block.text[dateline.end() :])
            else:
                parsed.warnings.append(
                    _("line %(line)s: no dateline (a place and a dash) before the text")
                    % {"line": block.line, "text": block.text}
                )
                body.append(block.text)
        elif is_subheading(block):
            body.append("## " + block.text)
        else:
            body.append(block.text)
    if not body:
        line = content[-1].line if content else last.line
        raise ImportProblem(_("no body: the file has no text after the teaser"), line=line)
    parsed.body = "\n\n".join(body)
    return parsed


def parsed_image(match: re.Match, block: Block, *, position: int, has_lead: bool) -> ParsedImage:
    creator, _sep, agencies = match["credit"].strip().partition("/")
    # An image before the first body paragraph is the piece's lead picture.
    role = Placement.Role.LEAD if position == 0 and not has_lead else Placement.Role.INLINE
    return ParsedImage(
        caption=match["caption"].strip(),
        is_archive=bool(match["archive"]),
        creator=creator.strip(),
        agencies=agencies.strip(),
        role=role,
        position=position,
        line=block.line,
    )


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
