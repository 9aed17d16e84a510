"""The plain-text corpus format read into a `ParsedArticle`: parsing only, nothing is written.

Newsrooms receive finished pieces as text exported from a web page or a wire
feed. This module reads that format faithfully — the review checks, not the
importer, decide what is wrong with the copy — and only removes what is not
content (web debris, the sign-off). Writing the piece is `articles.exchange.importer`.

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

German agency files use the same layout in German: "Startseite Politik" as the breadcrumb,
"Von: …" ("A und B"), "(Archivbild)", "Foto: …" or "©" before the credit, datelines such as
"Washington/Kiew" and a dash. Each file's language is detected (`articles.review.languages`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.exchange.captions import Caption, is_copyright_footer, match_caption
from articles.models import Placement
from articles.review.checks import WEB_DEBRIS_RE
from articles.review.languages import detect_language

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
        # German pages
        "Drucken Teilen",
        "Teilen",
        "Drucken",
        "Artikel teilen",
        "Link kopieren",
        "Vorlesen",
        "Artikel vorlesen",
        "Zur Startseite",
        "Mehr zum Thema",
        "Kommentare",
    )
)

# Longest line still taken for a subheading; longer standalone lines are paragraphs.
SUBHEADING_MAX_LENGTH = 100
DATELINE_MAX_LENGTH = 80

HEADER_RE = re.compile(r"^(?:date|datum)\s+(?P<date>\S+)(?:\s+(?P<breadcrumb>.*))?$", re.IGNORECASE)
FRONT_PAGE_RE = re.compile(r"^(?:home\s*page|homepage|home|front\s*page|startseite)\b\s*", re.IGNORECASE)
BYLINE_RE = re.compile(r"^(?:from|by|von):\s*(?P<names>.*)$", re.IGNORECASE)
AUTHOR_SEPARATOR_RE = re.compile(r"\s*(?:,|&|\band\b|\bund\b)\s*")
EN_DASH, EM_DASH, RIGHT_QUOTE = "\u2013", "\u2014", "\u2019"
# "Washington, DC/Kiev <en dash> The …": a place, a spaced dash (en, em or hyphen), the text.
DATELINE_RE = re.compile(
    r"^(?P<dateline>[^\W\d_][^!?:;“”\"„]{0," + str(DATELINE_MAX_LENGTH - 1) + r"}?)"
    r"\s+[" + EN_DASH + EM_DASH + r"-]\s+(?=\S)"
)
DATELINE_MAX_WORDS = 6
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
    language: str = "en"
    section_name: str = ""
    kicker: str = ""
    headline: str = ""
    teaser: str = ""
    dateline: str = ""
    body: str = ""
    author_names: list[str] = field(default_factory=list)
    sign_offs: list[str] = field(default_factory=list)
    sign_off_text: str = ""  # "(fmu)" as it closed the text; the importer puts it back unless it matches the byline
    lines: dict[str, int] = field(default_factory=dict)  # the line each field starts on, for messages
    images: list[ParsedImage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was done, for verbose output
    warnings: list[str] = field(default_factory=list)  # what an editor must look at
    left_out: list[str] = field(default_factory=list)  # every line not imported, with its number: always reported


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


# Debris patterns that real copy can also be: a fraction ("1/2" cup, a score), "3 of 5", a subheading
# with a time ("Kick-off (20:45)"). Such a line is kept and flagged, never dropped on a guess.
COULD_BE_CONTENT_RE = re.compile(
    r"\d+\s*/\s*\d+ | \d+\ of\ \d+ | .{3,100}?\ [(\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]",
    re.IGNORECASE | re.VERBOSE,
)


def could_be_content(block: Block) -> bool:
    """Debris by its pattern, yet text a writer may have meant: kept, with a warning naming its line."""
    text = block.text.strip().rstrip(".")
    return text.casefold() not in WEB_DEBRIS and COULD_BE_CONTENT_RE.fullmatch(text) is not None


def is_debris(block: Block) -> bool:
    """A whole block that is a web page's leftover: our list, or what the debris check flags."""
    if not block.is_single_line:
        return False
    text = block.text.strip().rstrip(".")
    # One idea of "debris" for the importer and the review check: what one drops, the other would flag.
    # A site's copyright footer is furniture too, never a picture credit.
    return text.casefold() in WEB_DEBRIS or WEB_DEBRIS_RE.fullmatch(text) is not None or is_copyright_footer(text)


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
    parsed = ParsedArticle(language=detect_language(text))
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
        parsed.lines["section"] = first.line
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
    parsed.lines["byline"] = byline_block.line

    title_lines: list[str] = []
    title_starts: list[int] = []
    for block in blocks[:byline_index]:
        if drop_debris(block, parsed):
            continue
        title_lines.extend(block.text.split("\n"))
        title_starts.extend(range(block.line, block.line + block.text.count("\n") + 1))
    if len(title_lines) > 2:
        raise ImportProblem(
            _("%(count)s lines before the byline; expected at most a kicker and a headline")
            % {"count": len(title_lines)},
            line=blocks[0].line,
        )
    if title_lines:
        parsed.headline = title_lines[-1]
        parsed.kicker = title_lines[0] if len(title_lines) == 2 else ""
        parsed.lines.update(headline=title_starts[-1], kicker=title_starts[0])
    else:
        parsed.warnings.append(_("no headline line: the draft's headline is empty, an editor must write one"))

    content = blocks[byline_index + 1 :]
    if after_byline:
        content.insert(0, Block(after_byline, byline_block.line + 1))
    content = [block for block in content if not drop_debris(block, parsed)]
    if not content:
        raise ImportProblem(_("no text after the byline"), line=byline_block.line)

    # Sign-off: "(fmu)" closing the last paragraph, or on a line of its own.
    last = content[-1]
    sign_off = SIGN_OFF_RE.search(last.text)
    if sign_off:
        parsed.sign_offs = sign_off["sign_off"].split("/")
        parsed.sign_off_text = sign_off.group().strip()
        parsed.lines["sign_off"] = last.line
        remaining = last.text[: sign_off.start()].rstrip()
        content[-1:] = [Block(remaining, last.line)] if remaining else []
        parsed.notes.append(
            _("sign-off “%(sign_off)s” recognised and taken out of the text") % {"sign_off": sign_off["sign_off"]}
        )
    else:
        parsed.warnings.append(_("no sign-off such as “(fmu)” at the end of the text"))

    # Teaser: the first paragraph, unless it already opens the body with a dateline.
    if content and not match_dateline(content[0].text) and not match_caption(content[0].text):
        parsed.lines["teaser"] = content[0].line
        parsed.teaser = content.pop(0).text.replace("\n", " ")
    else:
        parsed.warnings.append(_("no teaser paragraph before the body"))

    body: list[str] = []
    for block in content:
        image = match_caption(block.text) if block.is_single_line else None
        if image:
            parsed.images.append(parsed_image(image, block, position=len(body), has_lead=bool(parsed.images)))
            continue
        if not body:
            dateline = match_dateline(block.text)
            parsed.lines["body"] = block.line
            if dateline:
                parsed.lines["dateline"] = block.line
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


def drop_debris(block: Block, parsed: ParsedArticle) -> bool:
    """Whether to leave `block` out as web debris; either way the report says what happened to it, by line.

    A line that only looks like debris and could be content is kept (the review's debris check marks it).
    """
    if not is_debris(block):
        return False
    if could_be_content(block):
        parsed.warnings.append(
            _(
                "line %(line)s: kept “%(text)s” — it looks like web debris (a gallery counter or a video length) "
                "but could be content: check it"
            )
            % {"line": block.line, "text": block.text}
        )
        return False
    parsed.left_out.append(_("line %(line)s: dropped web debris “%(text)s”") % {"line": block.line, "text": block.text})
    return True


def parsed_image(caption: Caption, block: Block, *, position: int, has_lead: bool) -> ParsedImage:
    # An image before the first body paragraph is the piece's lead picture.
    role = Placement.Role.LEAD if position == 0 and not has_lead else Placement.Role.INLINE
    return ParsedImage(
        caption=caption.caption,
        is_archive=caption.is_archive,
        creator=caption.creator,
        agencies=caption.agencies,
        role=role,
        position=position,
        line=block.line,
    )
