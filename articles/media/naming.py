"""How the desk names a picture placed in a piece, the same way on every page: "Picture 1 · lead"."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# Short role words for the name (the form's choices say "Lead image" / "Inline").
ROLE_WORDS = {"lead": pgettext_lazy("picture role", "lead"), "inline": pgettext_lazy("picture role", "inline")}


def picture_name(number: int, role: str) -> str:
    """The picture's name: its place among the piece's pictures (from 1, in placement order) and its role."""
    return _("Picture %(number)s · %(role)s") % {"number": number, "role": ROLE_WORDS.get(role, role)}
