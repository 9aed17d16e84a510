"""The originals' local storage: a folder readers cannot reach (`PRIVATE_MEDIA_ROOT`, beside `MEDIA_ROOT`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.utils.functional import cached_property


def private_media_root() -> Path:
    """`PRIVATE_MEDIA_ROOT`, or a `private` folder beside `MEDIA_ROOT` (so a test's temporary media stays together)."""
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", "")
    return Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk outside the public media folder; `url()` names no address anyone serves."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        setting_changed.connect(self._forget_location)

    def _forget_location(self, *, setting: str, **kwargs) -> None:
        if setting in {"PRIVATE_MEDIA_ROOT", "MEDIA_ROOT"}:
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    @cached_property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, str(private_media_root()))
