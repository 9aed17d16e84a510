"""RSS and Atom feeds of the live pieces: all sections, or one.

Items carry the headline and teaser as plain text (the feed generator escapes
them); links are absolute addresses on SITE_URL, the canonical host.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import PublishedVersion, Section
from articles.site import public
from articles.site.views import absolute, cache_publicly, not_found, site_name, validated, with_validators

FEED_SIZE = 30


def cached(view: Callable) -> Callable:
    """Feeds and the sitemap: ETag from the content, 304 when unchanged, public cache headers, uncached 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if hasattr(response, "render"):
            response.render()
        # Feeds set Last-Modified from the newest item, which moves backwards when a
        # piece is withdrawn; the content digest is the validator that cannot lie.
        etag = hashlib.blake2b(response.content, digest_size=12).hexdigest()
        if (not_modified := validated(request, etag)) is not None:
            return not_modified
        return with_validators(cache_publicly(response), etag)

    return require_safe(wrapper)


class LatestRssFeed(Feed):
    """The newest live pieces of every section."""

    feed_type = Rss201rev2Feed

    def title(self, obj: Section | None = None) -> str:
        if obj is not None:
            return _("%(site)s: %(section)s") % {"site": site_name(), "section": obj.name}
        return _("%(site)s: latest news") % {"site": site_name()}

    def description(self, obj: Section | None = None) -> str:
        # Readers render the channel description as HTML, like item descriptions: a section name is text.
        return escape(self.title(obj))

    def subtitle(self, obj: Section | None = None) -> str:
        return self.title(obj)  # Atom's subtitle is declared as text, so it is escaped once by the generator

    def link(self, obj: Section | None = None) -> str:
        return absolute(obj.get_absolute_url() if obj is not None else reverse("site:front"))

    def feed_url(self, obj: Section | None = None) -> str:
        if obj is not None:
            return absolute(reverse(self.section_url_name, kwargs={"section": obj.slug}))
        return absolute(reverse(self.url_name))

    url_name = "site:feed-rss"
    section_url_name = "site:section-feed-rss"

    def items(self, obj: Section | None = None):
        pieces = public.list_pieces()
        if obj is not None:
            pieces = public.section_pieces(obj)
        return pieces[:FEED_SIZE]

    def item_title(self, item: PublishedVersion) -> str:
        return f"{item.kicker}: {item.headline}" if item.kicker else item.headline

    def item_description(self, item: PublishedVersion) -> str:
        return escape(item.teaser)  # readers render descriptions as HTML; the teaser is plain text

    def item_link(self, item: PublishedVersion) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: PublishedVersion) -> str:
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: PublishedVersion):
        return item.first_published_at

    def item_updateddate(self, item: PublishedVersion):
        return item.published_at

    def item_author_name(self, item: PublishedVersion) -> str:
        return ", ".join(byline["name"] for byline in item.bylines) or None

    def item_categories(self, item: PublishedVersion) -> list[str]:
        return [item.section.name]


class LatestAtomFeed(LatestRssFeed):
    feed_type = Atom1Feed
    url_name = "site:feed-atom"
    section_url_name = "site:section-feed-atom"


class SectionRssFeed(LatestRssFeed):
    """The newest live pieces of one section (and its subsections)."""

    def get_object(self, request: HttpRequest, section: str) -> Section:
        return get_object_or_404(Section, slug=section)


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed
    url_name = "site:feed-atom"
    section_url_name = "site:section-feed-atom"
