"""Which language a request, a recipient or a piece is in.

The desk follows the user (their profile), then the browser (Accept-Language, or the
language cookie), then `NEWSROOM_LANGUAGE`. The public site is always in
`NEWSROOM_SITE_LANGUAGE`, whatever the reader's browser says, so a cached page is the same
for everyone. A piece has its own language, which picks its review checks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext_lazy as _

# URL prefixes that belong to the newsroom's staff rather than to readers.
DESK_PREFIXES = ("/desk/", "/admin/", "/accounts/")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")


def site_language() -> str:
    """The public site's language (NEWSROOM_SITE_LANGUAGE); also the default language of a new piece."""
    return settings.NEWSROOM_SITE_LANGUAGE


def user_language(user) -> str:
    """The language a user chose in their desk profile, or "" when they have not chosen."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    # The profile is read through the reverse one-to-one; a missing row means "not chosen".
    try:
        return user.desk_profile.language
    except models.ObjectDoesNotExist:
        return ""


def recipient_language(user) -> str:
    """The language to write to a user in, when no browser is there to ask (mails, commands)."""
    return user_language(user) or settings.LANGUAGE_CODE


def is_desk_path(path: str) -> bool:
    return path.startswith(DESK_PREFIXES)


def request_language(request: HttpRequest) -> str:
    """The language a page for this request is rendered in; always one of settings.LANGUAGES."""
    if not is_desk_path(request.path_info):
        return site_language()
    # Falls back to settings.LANGUAGE_CODE (NEWSROOM_LANGUAGE) when the browser names nothing we have.
    return user_language(getattr(request, "user", None)) or get_language_from_request(request)
