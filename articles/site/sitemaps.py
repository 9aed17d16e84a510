"""The sitemaps: an index (`/sitemap.xml`) of the front page, the sections, every live piece and the news
sitemap (`articles.site.news_sitemap`), all on the canonical host."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from articles.models import PublishedVersion, Section
from articles.site import public


class CanonicalHostSitemap(Sitemap):
    """Addresses on SITE_URL rather than on whatever host the request came in through."""

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"


class FrontSitemap(CanonicalHostSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self) -> list[str]:
        return ["site:front"]

    def location(self, item: str) -> str:
        return reverse(item)


class SectionSitemap(CanonicalHostSitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return Section.objects.only("slug")

    def location(self, item: Section) -> str:
        return item.get_absolute_url()


class PieceSitemap(CanonicalHostSitemap):
    """Every live piece, with the time its live version was last written."""

    priority = 0.6

    def items(self):
        return public.live_pieces().only("pk", "section_slug", "slug", "updated_at")

    def lastmod(self, item: PublishedVersion):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default (every item loaded to take the max).
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"front": FrontSitemap, "sections": SectionSitemap, "pieces": PieceSitemap}


def sitemap_index(request: HttpRequest, sitemaps: dict[str, type[Sitemap]]) -> HttpResponse:
    """The index of the sitemaps, with SITE_URL addresses (Django's index view uses the request's host)."""
    entries = []
    for name, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        url = settings.SITE_URL + (
            reverse("site:sitemap-news") if name == "news" else reverse("site:sitemap-section", args=[name])
        )
        lastmod = sitemap.get_latest_lastmod()
        entries.append({"location": url, "lastmod": lastmod})
        # A sitemap holds at most 50,000 addresses; further pages are listed as ?p=2, ?p=3, …
        entries += [{"location": f"{url}?p={page}", "lastmod": lastmod} for page in sitemap.paginator.page_range[1:]]
    return render(
        request, "site/sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml; charset=utf-8"
    )
