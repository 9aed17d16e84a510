"""Refusals that say why and what to do instead: the reasons the desk's 403 page shows (templates/403.html)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def not_yours() -> PermissionDenied:
    return PermissionDenied(
        _(
            "You may not change this piece: it is not yours and you are not an editor. "
            "Open it to read it, or ask its writer or an editor."
        )
    )


def no_writer_role() -> PermissionDenied:
    return PermissionDenied(_("Your account may not write new pieces. Ask an editor to give you the Writer role."))
