"""move_originals_private: originals stored before they were private leave the public media folder."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command

from tests.support.pictures import image_with_photo

pytestmark = pytest.mark.django_db


def _as_before(image) -> Path:
    """Put the original where it used to live (MEDIA_ROOT), as an older installation has it."""
    private = Path(storages["default"].path(image.file.name))
    public = Path(settings.MEDIA_ROOT) / image.file.name
    public.parent.mkdir(parents=True, exist_ok=True)
    private.rename(public)
    return public


def test_moves_old_originals_into_the_private_folder_and_is_safe_to_repeat():
    image = image_with_photo(320, 240)
    public = _as_before(image)
    out = StringIO()
    call_command("move_originals_private", "--dry-run", stdout=out)
    assert "1 original(s) would be moved" in out.getvalue() and public.exists()

    call_command("move_originals_private", stdout=StringIO())

    assert not public.exists()
    assert storages["default"].exists(image.file.name)
    assert Path(storages["default"].path(image.file.name)).is_relative_to(Path(settings.MEDIA_ROOT).parent / "private")
    again = StringIO()
    call_command("move_originals_private", stdout=again)
    assert "0 original(s) moved" in again.getvalue()
