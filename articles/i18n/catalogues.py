"""Compile and audit the gettext catalogues without the system's gettext tools.

`compile_all()` guarantees that every `django.po` under the locale folders has an up-to-date
`django.mo` beside it; `gaps()` lists what a translator still owes (empty or fuzzy entries).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings


@dataclass(frozen=True)
class Gap:
    """One entry of a catalogue that readers would see in English."""

    catalogue: Path
    msgid: str
    reason: str  # "untranslated" or "fuzzy"
    where: str  # first source reference, e.g. "articles/desk/forms.py:12"


def catalogues(locale_dirs: Iterable[Path] | None = None) -> list[Path]:
    """Every `*.po` file under the project's locale folders (settings.LOCALE_PATHS by default)."""
    dirs = [Path(d) for d in (locale_dirs if locale_dirs is not None else settings.LOCALE_PATHS)]
    return sorted(po for d in dirs if d.is_dir() for po in d.glob("*/LC_MESSAGES/*.po"))


def is_stale(po_path: Path) -> bool:
    """True when the `.mo` beside `po_path` is missing or older than the `.po`."""
    mo_path = po_path.with_suffix(".mo")
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def compile_catalogue(po_path: Path) -> Path:
    """Write `po_path`'s `.mo`; fuzzy entries are left out, as msgfmt does, so they show in English."""
    catalogue = polib.pofile(str(po_path))
    for entry in catalogue.fuzzy_entries():
        catalogue.remove(entry)
    mo_path = po_path.with_suffix(".mo")
    # Write beside and rename, so a running server never reads a half-written file.
    partial = mo_path.with_suffix(".mo.partial")
    catalogue.save_as_mofile(str(partial))
    partial.replace(mo_path)
    return mo_path


def compile_all(locale_dirs: Iterable[Path] | None = None, *, force: bool = False) -> list[Path]:
    """Compile every stale catalogue (all with `force`); returns the `.mo` files written."""
    return [compile_catalogue(po) for po in catalogues(locale_dirs) if force or is_stale(po)]


def gaps(po_path: Path) -> list[Gap]:
    """Entries of `po_path` without a usable translation: empty (any plural form) or marked fuzzy."""
    found = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete:
            continue
        where = ":".join(entry.occurrences[0]) if entry.occurrences else ""
        if entry.fuzzy:
            found.append(Gap(po_path, entry.msgid, "fuzzy", where))
        elif not entry.translated():
            found.append(Gap(po_path, entry.msgid, "untranslated", where))
    return found
