"""The German catalogue is complete: every marked string has a translation that is not fuzzy.

The re-extraction test runs Django's `makemessages` over a copy of the sources, so a string
marked for translation after the catalogue was last updated fails here until it is translated.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

from articles.i18n.catalogues import compile_catalogue, gaps

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdrfx%]|\{[a-z_]*\}")


def test_every_german_entry_is_translated_and_not_fuzzy():
    missing = gaps(GERMAN)
    assert missing == [], "\n".join(f"{gap.reason}: {gap.where}: {gap.msgid!r}" for gap in missing)


def test_german_translations_keep_every_placeholder():
    for entry in polib.pofile(str(GERMAN)):
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, german in pairs:
            # A singular may leave out the number ("one piece"); every named placeholder must stay.
            expected = sorted(p for p in PLACEHOLDER.findall(source) if "(" in p or "{" in p)
            found = sorted(p for p in PLACEHOLDER.findall(german) if "(" in p or "{" in p)
            assert set(found) == set(expected), (source, german)


def test_compiled_catalogue_translates_at_runtime(tmp_path):
    po = tmp_path / "de" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copy(GERMAN, po)
    assert compile_catalogue(po).stat().st_size > 10_000
    with translation.override("de"):
        assert translation.gettext("Dashboard") == "Übersicht"
        assert translation.gettext("In review") == "In Prüfung"


def test_compile_catalogues_check_reports_a_fuzzy_entry_and_fails(tmp_path, settings, capsys):
    po_path = tmp_path / "de" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    catalogue = polib.pofile(str(GERMAN))
    catalogue.find("Dashboard").flags.append("fuzzy")
    catalogue.append(polib.POEntry(msgid="A string nobody translated", msgstr=""))
    catalogue.save(str(po_path))
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(Exception, match="2 strings have no usable translation"):
        call_command("compile_catalogues", "--check")
    out = capsys.readouterr().out
    assert "fuzzy" in out and "'Dashboard'" in out
    assert "untranslated" in out and "A string nobody translated" in out
    # A fuzzy entry is left out of the .mo, so readers see English rather than a guess.
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    assert mo.find("Dashboard") is None


def test_dry_run_writes_nothing(tmp_path, settings):
    po_path = tmp_path / "de" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    shutil.copy(GERMAN, po_path)
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_catalogues", "--dry-run")
    assert not po_path.with_suffix(".mo").exists()


def test_every_string_marked_in_the_sources_has_german(tmp_path):
    """Re-extract from the sources as they are now and compare with the catalogue."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("xgettext is missing: CI installs gettext so this test can run")
        pytest.skip("xgettext (GNU gettext) is not installed: apt-get install gettext")
    for name in ("articles", "newsroom", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DEBUG": "1", "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    missing = [f"{gap.reason}: {gap.where}: {gap.msgid!r}" for gap in gaps(Path(extracted.fpath))]
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)
