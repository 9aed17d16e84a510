"""The review corpus (tests/data/review_corpus): pieces in the importer's format, the findings an editor
judged true on them, and seeded defects of the kinds copy editors catch, to measure precision and recall."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from articles.exchange.importer import import_file
from articles.models import Article
from articles.review.checks import Finding, run_checks

CORPUS = Path(__file__).resolve().parents[1] / "data" / "review_corpus"
# Checks about what an imported piece lacks (no picture file yet, no alt text): not copy editing.
NOT_COPY = frozenset({"image-file", "image-alt-text", "required", "headline-length", "teaser-length"})


@dataclass(frozen=True)
class Seed:
    """One defect put into a copy of a piece: `find` (unique in the file) becomes `replace`."""

    piece: str
    find: str
    replace: str
    code: str | None  # the check that must find it; None: web debris the importer must drop
    also: tuple[tuple[str, str], ...] = ()  # further replacements that belong to the same slip


def pieces() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


# Tuning and held-out parts, fixed by the file's name alone (not by its text, nor by the order of files):
# a piece is held out when the SHA-256 of its name, read as a number, leaves 0 divided by 3 — about a
# third of any corpus, the same on every machine. Rules are tuned on the tuning part; the held-out part
# is only measured (docs/review-assistant.md reports both).
HELD_OUT_MODULUS = 3


def is_held_out(path: Path) -> bool:
    return int(hashlib.sha256(path.name.encode()).hexdigest(), 16) % HELD_OUT_MODULUS == 0


def tuning_pieces(paths: list[Path] | None = None) -> list[Path]:
    return [path for path in (pieces() if paths is None else paths) if not is_held_out(path)]


def held_out_pieces(paths: list[Path] | None = None) -> list[Path]:
    return [path for path in (pieces() if paths is None else paths) if is_held_out(path)]


def copy_findings(article: Article) -> list[Finding]:
    return [finding for finding in run_checks(article) if finding.code not in NOT_COPY]


def import_piece(path: Path) -> Article:
    result = import_file(path)
    assert result.status == "imported", (path.name, result.message)
    return result.article


def seeded_text(path: Path, seeds: list[Seed]) -> str:
    text = path.read_text(encoding="utf-8")
    for seed in seeds:
        for find, replace in ((seed.find, seed.replace), *seed.also):
            assert text.count(find) == 1, (path.name, find)
            text = text.replace(find, replace)
    return text
