"""Our stylesheets are whole: every rule closed (a broken merge once left one open, dropping every rule after it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = sorted((Path(__file__).resolve().parent.parent / "static" / "css").glob("*.css"))


@pytest.mark.parametrize("path", CSS, ids=[path.name for path in CSS])
def test_every_rule_is_closed(path):
    text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)  # braces in comments do not count
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, f"{path.name}:{number}: a closing brace without its rule"
    assert depth == 0, f"{path.name}: {depth} rule(s) left open"
