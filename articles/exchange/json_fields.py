"""Reading an export's entries back: each value checked and converted as its model field would, or ExchangeError."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _


class ExchangeError(Exception):
    """A file that cannot be imported; the message names the entry and the field."""


def _has_nul(value: Any) -> bool:
    """PostgreSQL stores no NUL character in text or JSON; refuse it clearly rather than fail in the database."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _clean_value(model: type[models.Model], name: str, value: Any, where: str) -> Any:
    """One field's value from the file, converted and checked as the model field would."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise ExchangeError(_("%(where)s: unknown field “%(field)s”.") % {"where": where, "field": name}) from None
    if value is None:
        if not model_field.null:
            raise ExchangeError(_("%(where)s: “%(field)s” may not be empty.") % {"where": where, "field": name})
        return None
    if isinstance(model_field, models.CharField | models.TextField | models.FileField) and not isinstance(value, str):
        raise ExchangeError(_("%(where)s: “%(field)s” must be text.") % {"where": where, "field": name})
    if _has_nul(value):
        raise ExchangeError(_("%(where)s: “%(field)s” contains a NUL character.") % {"where": where, "field": name})
    if isinstance(model_field, models.FileField):
        return _safe_media_path(value, where)
    if isinstance(value, list | dict) and not isinstance(model_field, models.JSONField):
        raise ExchangeError(_("%(where)s: “%(field)s” has the wrong type.") % {"where": where, "field": name})
    try:
        value = model_field.to_python(value)
        if value not in model_field.empty_values:
            model_field.run_validators(value)
        if model_field.choices and value not in {choice for choice, _label in model_field.flatchoices}:
            raise ValidationError(_("Value %(value)r is not a valid choice.") % {"value": value})
    except ValidationError as error:
        raise ExchangeError(f"{where}: “{name}”: {' '.join(error.messages)}") from None
    except (TypeError, ValueError, OverflowError) as error:
        raise ExchangeError(f"{where}: “{name}”: {error}") from None
    return value


def _safe_media_path(value: str, where: str) -> str:
    """A media path must stay inside MEDIA_ROOT: relative, no “..”, no backslashes."""
    if not value:
        return ""
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value or len(value) > 100:
        raise ExchangeError(_("%(where)s: unsafe file path “%(path)s”.") % {"where": where, "path": value[:120]})
    return value


def model_fields(
    model: type[models.Model], data: Any, where: str, *, relations: Iterable[str] = (), extra: Iterable[str] = ()
) -> dict[str, Any]:
    """The plain fields of one entry, cleaned; relation and extra keys are left for the caller."""
    if not isinstance(data, dict):
        raise ExchangeError(_("%(where)s: expected an object.") % {"where": where})
    skip = set(relations) | set(extra)
    return {name: _clean_value(model, name, value, where) for name, value in data.items() if name not in skip}


def entry_list(data: dict, key: str, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ExchangeError(_("%(where)s: “%(key)s” must be a list.") % {"where": where, "key": key})
    return value


def entry_label(entry: Any, index: int, kind: str) -> str:
    name = ""
    if isinstance(entry, dict):
        name = entry.get("headline") or entry.get("name") or entry.get("slug") or entry.get("sign_off") or ""
    return f"{kind}[{index}]" + (f" “{str(name)[:60]}”" if name else "")
