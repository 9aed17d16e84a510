"""System checks of the newsroom's own settings (`manage.py check`, run at every start)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.compatibility, deploy=False)
def site_url_is_served(app_configs=None, **kwargs) -> list[Warning]:
    """With DEBUG off, `SITE_URL` must name a host this app answers: else every mail, feed and API link is dead."""
    if settings.DEBUG:
        return []
    host = urlsplit(settings.SITE_URL).hostname or ""
    if host and validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) names the host “{host}”, which is not in ALLOWED_HOSTS "
            f"({', '.join(settings.ALLOWED_HOSTS) or 'empty'}).",
            hint="Links in mails, feeds, sitemaps, robots.txt and the API point at SITE_URL: set it to the "
            "address readers use (such as https://news.example.org), and list that host in ALLOWED_HOSTS.",
            id="newsroom.W001",
        )
    ]
