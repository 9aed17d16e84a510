"""The Google News sitemap: pieces first published in the last two days, at most 1,000.

Listed in the sitemap index (`/sitemap.xml`) and in robots.txt. Each entry carries
`news:publication` (the site's name and language), `news:publication_date` and
`news:title`, as https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap asks.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from articles.exchange.ninjs import language
from articles.models import PublishedVersion
from articles.site import public
from articles.site.sitemaps import CanonicalHostSitemap

WINDOW = datetime.timedelta(days=2)
LIMIT = 1000


class NewsSitemap(CanonicalHostSitemap):
    """For the sitemap index (its last-modified time); the entries are rendered by `news_sitemap`."""

    limit = LIMIT

    def items(self):
        return recent_pieces()

    def lastmod(self, item: PublishedVersion):
        return item.updated_at

    def get_latest_lastmod(self):
        return max((piece.updated_at for piece in recent_pieces()), default=None)


def recent_pieces() -> list[PublishedVersion]:
    """Public pieces first published within the window, newest first."""
    since = timezone.now() - WINDOW
    pieces = public.live_pieces().filter(first_published_at__gte=since)
    return list(pieces.only("pk", "section_slug", "slug", "headline", "first_published_at", "updated_at")[:LIMIT])


def news_sitemap(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/sitemap_news.xml",
        {
            "pieces": recent_pieces(),
            "site_url": settings.SITE_URL,
            "publication_name": settings.NEWSROOM_SITE_NAME,
            "publication_language": language(),
        },
        content_type="application/xml; charset=utf-8",
    )
