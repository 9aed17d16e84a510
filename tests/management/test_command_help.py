"""Every management command of the app answers `--help` (lazy help texts once crashed argparse)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(
    path.stem for path in (ROOT / "articles" / "management" / "commands").glob("*.py") if not path.stem.startswith("_")
)


def test_the_commands_are_found() -> None:
    # Guards the parametrisation below: an empty list would make it pass vacuously.
    assert {"publish_scheduled", "import_article", "export_articles", "load_demo"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_works(command: str) -> None:
    """A real `manage.py <command> --help` process exits 0 and prints the command's own usage."""
    env = {**os.environ, "DEBUG": "1"}
    env.pop("DATABASE_URL", None)  # --help must not need a database
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert f"manage.py {command}" in result.stdout
    assert "--dry-run" in result.stdout or command == "check_articles"
