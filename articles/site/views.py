"""The public site: front page, sections, articles, authors — only live published versions.

Caching: every page answers with an ETag (and the article page with Last-Modified)
so browsers and a CDN revalidate cheaply; `Cache-Control` is public with a short
max-age and a CDN s-maxage. Validators and the rendered-HTML cache key are built
from the live version's `updated_at`, so publishing, updating or withdrawing a
piece shows on the next request. A 404 is never cached.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.html import format_html
from django.utils.http import http_date, quote_etag
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views import defaults
from django.views.decorators.http import require_safe

from articles.models import Author, PublishedVersion, Section
from articles.site import pictures as site_pictures
from articles.site import public

PAGE_SIZE = 20


def max_age() -> int:
    return settings.NEWSROOM_SITE_MAX_AGE


def s_maxage() -> int:
    return settings.NEWSROOM_SITE_S_MAXAGE


def absolute(path: str) -> str:
    """The canonical, absolute address of a path on the public site."""
    return settings.SITE_URL + path


def cache_publicly(response: HttpResponse, *, until=None) -> HttpResponse:
    """Public cache headers; `until` (the earliest expiry shown) caps the lifetimes so no cache outlives it."""
    lifetime, shared = max_age(), s_maxage()
    if until is not None:
        left = max(0, int((until - timezone.now()).total_seconds()))
        lifetime, shared = min(lifetime, left), min(shared, left)
    patch_cache_control(response, public=True, max_age=lifetime, s_maxage=shared)
    return response


def not_found(request: HttpRequest) -> HttpResponse:
    """The site's 404: never cached, so a piece published a second later is found at once."""
    response = render(
        request, "site/404.html", {"nav_sections": public.nav_sections(), "site_name": site_name()}, status=404
    )
    add_never_cache_headers(response)
    return response


def withdrawn(request: HttpRequest, piece: PublishedVersion) -> HttpResponse:
    """410 Gone at a withdrawn piece's last address: a short notice (and its correction note), never cached."""
    response = render(
        request,
        "site/withdrawn.html",
        {"piece": piece, "nav_sections": public.nav_sections(), "site_name": site_name()},
        status=410,
    )
    add_never_cache_headers(response)
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's handler404 (addresses outside the site's patterns): Django's page, never cached."""
    response = defaults.page_not_found(request, exception)
    add_never_cache_headers(response)
    return response


def site_view(view: Callable) -> Callable:
    """GET/HEAD only; a missing piece renders the site's uncached 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return not_found(request)

    return require_safe(wrapper)


def validated(request: HttpRequest, etag: str, last_modified=None, *, until=None) -> HttpResponse | None:
    """A 304 (with cache headers) when the client's copy is current, else None."""
    response = get_conditional_response(request, etag=quote_etag(etag), last_modified=_timestamp(last_modified))
    if response is None:
        return None
    return with_validators(cache_publicly(response, until=until), etag, last_modified)


def _timestamp(moment) -> int | None:
    return int(moment.timestamp()) if moment else None


def with_validators(response: HttpResponse, etag: str, last_modified=None) -> HttpResponse:
    response["ETag"] = quote_etag(etag)
    if last_modified:
        response["Last-Modified"] = http_date(_timestamp(last_modified))
    return response


class RenderedPages:
    """A small per-process LRU of rendered pages, keyed by their ETag.

    An ETag digests everything a page shows (the versions' pks and `updated_at`, the
    masthead, the release), so an entry can never be stale: a new publication is a new key.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.pages: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            html = self.pages.get(key)
            if html is not None:
                self.pages.move_to_end(key)
            return html

    def put(self, key: str, html: bytes) -> None:
        with self.lock:
            self.pages[key] = html
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


rendered_pages = RenderedPages()


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    # ASCII digits only ("²".isdigit() is true) and few of them: an absurd offset is a 404, not a 500.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or int(raw) < 1:
        raise Http404
    return int(raw)


def _paginate(queryset, page_number: int) -> tuple[list[PublishedVersion], bool]:
    """One page of pieces and whether there is another; one query, no COUNT."""
    offset = (page_number - 1) * PAGE_SIZE
    pieces = list(queryset[offset : offset + PAGE_SIZE + 1])
    if page_number > 1 and not pieces:
        raise Http404
    return pieces[:PAGE_SIZE], len(pieces) > PAGE_SIZE


def _list_page(
    request: HttpRequest, template: str, queryset, context: dict, *identity: object, require_pieces: bool = False
) -> HttpResponse:
    """A paginated teaser list, validated by a digest of exactly what it lists."""
    page_number = _page_number(request)
    pieces, has_next = _paginate(queryset, page_number)
    if require_pieces and not pieces:
        raise Http404
    sections, nav_key = public.masthead.get()
    etag = public.digest(
        template,
        identity,
        page_number,
        has_next,
        [(piece.pk, piece.updated_at, piece.section.name) for piece in pieces],
        nav_key,
        public.release_key(),
        get_language(),
    )
    # The list can lose a piece without any row changing (expiry), so only the
    # ETag decides a 304; Last-Modified is informational here.
    last_modified = max((piece.updated_at for piece in pieces), default=None)
    until = min((piece.expire_at for piece in pieces if piece.expire_at), default=None)
    if (not_modified := validated(request, etag, until=until)) is not None:
        return not_modified
    html = rendered_pages.get(etag)
    if html is None:
        html = render_to_string(
            template,
            {
                **context,
                "pieces": pieces,
                "pictures": site_pictures.pictures_for(pieces),
                "page_number": page_number,
                "has_next": has_next,
                "has_previous": page_number > 1,
                "nav_sections": sections,
                "site_name": site_name(),
            },
            request=request,
        ).encode()
        rendered_pages.put(etag, html)
    response = HttpResponse(html)
    return with_validators(cache_publicly(response, until=until), etag, last_modified)


@site_view
def front(request: HttpRequest) -> HttpResponse:
    return _list_page(request, "site/front.html", public.list_pieces(), {"canonical": absolute(request.path)})


@site_view
def section(request: HttpRequest, section: str) -> HttpResponse:
    section_obj = get_object_or_404(Section, slug=section)
    return _list_page(
        request,
        "site/section.html",
        public.section_pieces(section_obj),
        {
            "section": section_obj,
            "current_section": section_obj.slug,
            "canonical": absolute(section_obj.get_absolute_url()),
        },
        section_obj.pk,
        section_obj.name,
        section_obj.description,
    )


@site_view
def author(request: HttpRequest, slug: str) -> HttpResponse:
    author_obj = get_object_or_404(Author, slug=slug)
    # An author page exists only while the author has a live piece: nothing else is public.
    return _list_page(
        request,
        "site/author.html",
        public.author_pieces(author_obj),
        {"author": author_obj, "canonical": absolute(author_obj.get_absolute_url())},
        author_obj.pk,
        author_obj.name,
        author_obj.bio,
        require_pieces=True,
    )


def json_ld(data: dict) -> SafeString:
    """A schema.org data block, escaped like `json_script` so no text can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def news_article_data(piece: PublishedVersion, images: list[dict] | None = None) -> dict:
    """schema.org NewsArticle for search engines."""
    url = absolute(piece.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": piece.headline,
        "description": piece.teaser,
        "datePublished": piece.first_published_at.isoformat(),
        "dateModified": piece.published_at.isoformat(),
        "articleSection": piece.section.name,
        "author": [
            {
                "@type": "Person",
                "name": byline["name"],
                "url": absolute(reverse("site:author", kwargs={"slug": byline["slug"]})),
            }
            for byline in piece.bylines
        ],
        "publisher": {"@type": "Organization", "name": site_name(), "url": absolute(reverse("site:front"))},
        # The site's language (NEWSROOM_SITE_LANGUAGE), active for every public page.
        "inLanguage": get_language(),
    }
    # The lead picture's 1200-px crops (16:9, 4:3, 1:1) when renditions exist, else the placed files.
    pictures = images or [placement for placement in piece.placements if placement.get("url")]
    if pictures:
        data["image"] = [image_object(picture) for picture in pictures]
    if piece.correction_note:
        data["correction"] = {
            "@type": "CorrectionComment",
            "text": piece.correction_note,
            "datePublished": piece.published_at.isoformat(),
        }
    return data


def image_object(placement: dict) -> dict:
    """A picture as schema.org ImageObject: its address, size, caption and credit."""
    image = {"@type": "ImageObject", "url": absolute_media(placement["url"])}
    if placement.get("width") and placement.get("height"):
        image["width"], image["height"] = placement["width"], placement["height"]
    if placement.get("caption"):
        image["caption"] = placement["caption"]
    if placement.get("credit_line"):
        image["creditText"] = placement["credit_line"]
    return image


def absolute_media(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else absolute(url)


def site_name() -> str:
    return settings.NEWSROOM_SITE_NAME


@site_view
def article(request: HttpRequest, section: str, slug: str) -> HttpResponse:
    # The hot path: one precompiled query says which version is live here and when it
    # was last written; with that key the page usually comes from the rendered cache, and
    # its validators from a memo of that same row (the readers' copy of a page is asked
    # for again and again: neither is worked out twice).
    row = public.live_piece_row(section, slug)
    if row is None:
        moved = public.find_moved_piece(section, slug)
        if moved is None:
            if (gone := public.withdrawn_piece(section, slug)) is not None:
                return withdrawn(request, gone)
            raise Http404
        return cache_publicly(HttpResponsePermanentRedirect(moved.get_absolute_url()))
    validators = _article_validators(
        row, public.nav_digest(), settings.SITE_URL, settings.NEWSROOM_SITE_NAME, get_language()
    )
    stamp = validators.stamp
    if _conditional(request):
        not_modified = validated(request, validators.etag, stamp.updated_at, until=stamp.expire_at)
        if not_modified is not None:
            return not_modified
    html = rendered_pages.get(validators.etag)
    if html is None:
        # Rendering needs the whole version: read whatever is live at this address now,
        # in one query, and answer with that. Asking again for the version the stamp
        # named would miss it when a correction replaced it in between — a 404 for a
        # piece that never left the site.
        piece = public.find_live_piece(section, slug)
        if piece is None:  # withdrawn a moment ago
            raise Http404
        stamp = public.Stamp(piece.pk, piece.updated_at, piece.section.name, piece.expire_at)
        validators = _Validators(stamp, _article_etag(stamp), http_date(_timestamp(stamp.updated_at)))
        html = render_article(request, piece)
        rendered_pages.put(validators.etag, html)
    response = HttpResponse(html)
    response["ETag"] = quote_etag(validators.etag)
    response["Last-Modified"] = validators.last_modified
    if stamp.expire_at is None:
        response["Cache-Control"] = _public_cache_control(max_age(), s_maxage())
        return response
    return cache_publicly(response, until=stamp.expire_at)


def _conditional(request: HttpRequest) -> bool:
    """Whether the request carries a validator at all (most do not: then there is nothing to compare)."""
    meta = request.META
    return any(
        name in meta
        for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
    )


class _Validators(NamedTuple):
    stamp: public.Stamp
    etag: str
    last_modified: str  # the Last-Modified header


@functools.lru_cache(maxsize=1024)
def _article_validators(row: tuple, nav_key: str, site_url: str, site_name: str, language: str) -> _Validators:
    """The stamp, ETag and Last-Modified of the version in `row` — a pure function of its arguments."""
    stamp = public.stamp_from_row(row)
    return _Validators(stamp, _article_etag(stamp, nav_key, language), http_date(_timestamp(stamp.updated_at)))


@functools.lru_cache(maxsize=16)
def _public_cache_control(lifetime: int, shared: int) -> str:
    """The Cache-Control header `cache_publicly` writes when no expiry caps the lifetimes."""
    response = HttpResponse()
    patch_cache_control(response, public=True, max_age=lifetime, s_maxage=shared)
    return response["Cache-Control"]


def _article_etag(stamp: public.Stamp, nav_key: str | None = None, language: str | None = None) -> str:
    """Digest of everything the article page shows, named by the live version's stamp."""
    return public.digest(
        "article",
        stamp.pk,
        stamp.updated_at,
        stamp.section_name,
        public.nav_digest() if nav_key is None else nav_key,
        public.release_key(),
        get_language() if language is None else language,
    )


def render_article(request: HttpRequest, piece: PublishedVersion) -> bytes:
    lead = public.lead_image(piece)
    pictures = site_pictures.pictures_for([piece])
    social = site_pictures.social_image(piece, pictures)
    og_image = social or (lead["url"] if lead and lead.get("url") else "")
    return render_to_string(
        "site/article.html",
        {
            "piece": piece,
            "nav_sections": public.nav_sections(),
            "current_section": piece.section_slug,
            "canonical": absolute(piece.get_absolute_url()),
            "og_image": absolute_media(og_image) if og_image else "",
            "og_image_size": (1200, 630) if social else None,
            "pictures": pictures,
            "json_ld": json_ld(news_article_data(piece, site_pictures.schema_images(piece, pictures))),
            "site_name": site_name(),
        },
        request=request,
    ).encode()


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "robots.txt",
        {"sitemap_url": absolute("/sitemap.xml"), "news_sitemap_url": absolute("/sitemap-news.xml")},
        content_type="text/plain; charset=utf-8",
    )
    return cache_publicly(response)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico on every page without a <link rel="icon"> (the admin): send them to the icon."""
    return cache_publicly(HttpResponsePermanentRedirect(static("favicon.svg")))
