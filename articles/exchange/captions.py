"""Picture captions and copyright footers in pasted copy: which standalone lines are captions.

A caption is recognised with or without a credit:

    Kiev would like to use these missiles. (Archive image) © Sgt. Andrew Dickson/US Army/AP/dpa
    The minister arrives in Brussels. (Archive image)
    Image: The new ferry at the pier.          Photo: …   Foto: …   Bild: …   Picture: …
    The new ferry at the pier. Photo: Ole Hansen/Reuters       (a trailing credit)
    The new ferry at the pier. (Photo: Reuters)

A copyright footer ("© 2024 Some Agency. All rights reserved.") is page furniture, never a picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "© 2024 …", "Copyright 2024 …", "… All rights reserved.": the site's footer, not a picture credit.
COPYRIGHT_FOOTER_RE = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)\b.*"
    r"|.*\ball rights reserved\.?"
    r"|(?:©|copyright)\s*[\w .,&'-]{1,80}\s*\d{4}\.?)$",
    re.IGNORECASE,
)
_ARCHIVE = r"\((?:archive image|archive photo|archive picture|file photo|file image|archive|archivbild|archivfoto)\)"
_LABEL = r"(?:image|photo|picture|foto|bild|photograph|pictured|credit|photo credit|image credit)"
# "… © Creator/Organisation/Agency" closing the line (a "©" in a long paragraph is text).
CREDIT_RE = re.compile(
    r"^(?P<caption>[^©]*?)\s*(?P<archive>" + _ARCHIVE + r")?\s*©\s*(?P<credit>[^©]{1,150}?)\s*$", re.IGNORECASE
)
# "Photo: caption text" opening the line.
LABEL_FIRST_RE = re.compile(r"^" + _LABEL + r"\s*:\s+(?P<caption>\S.{0,400})$", re.IGNORECASE)
# "Caption text. Photo: Creator/Agency" or "Caption text (Photo: Agency)" closing the line.
LABEL_LAST_RE = re.compile(
    r"^(?P<caption>.{3,400}?[.!?”\")])\s*(?P<archive>" + _ARCHIVE + r")?\s*"
    r"(?:\(\s*" + _LABEL + r"\s*:\s*(?P<credit_b>[^()]{2,150})\)|" + _LABEL + r"\s*:\s*(?P<credit>[^.!?]{2,150}))\s*$",
    re.IGNORECASE,
)
# "Caption text. (Archive image)": a caption without a credit.
ARCHIVE_ONLY_RE = re.compile(r"^(?P<caption>.{3,400}?)\s*(?P<archive>" + _ARCHIVE + r")\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Caption:
    caption: str
    is_archive: bool
    creator: str
    agencies: str


def _credit_parts(credit: str) -> tuple[str, str]:
    creator, _sep, agencies = credit.strip().partition("/")
    return creator.strip(), agencies.strip()


def is_copyright_footer(text: str) -> bool:
    """A site's copyright line ("© 2024 Agency. All rights reserved."), not a picture's credit."""
    return "\n" not in text and COPYRIGHT_FOOTER_RE.fullmatch(text.strip()) is not None


def match_caption(text: str) -> Caption | None:
    """The caption a standalone line is, with its credit when it has one; None for anything else."""
    text = text.strip()
    if "\n" in text or is_copyright_footer(text):
        return None
    match = CREDIT_RE.match(text)
    if match:
        return Caption(match["caption"].strip(), bool(match["archive"]), *_credit_parts(match["credit"]))
    match = LABEL_LAST_RE.match(text)
    if match:
        credit = match["credit"] or match["credit_b"] or ""
        return Caption(match["caption"].strip(), bool(match["archive"]), *_credit_parts(credit))
    match = LABEL_FIRST_RE.match(text)
    if match:
        caption = match["caption"].strip()
        archive = re.search(_ARCHIVE + r"\s*$", caption, re.IGNORECASE)
        if archive:
            caption = caption[: archive.start()].rstrip()
        return Caption(caption, bool(archive), "", "")
    match = ARCHIVE_ONLY_RE.match(text)
    if match:
        return Caption(match["caption"].strip(), True, "", "")
    return None
