"""The public site: front page, sections, articles, authors — only live published versions.

Caching: every page answers with an ETag (and the article page with Last-Modified)
so browsers and a CDN revalidate cheaply; `Cache-Control` is public with a short
max-age and a CDN s-maxage. Rendered pages are kept in Django's cache under keys that
carry the publication generation (`articles.public_cache`), so publishing, updating or
withdrawing a piece shows within a second on every host; no page is kept past the
first embargo end or expiry it does not show yet. A 404 is never cached.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

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

from articles import public_cache
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
    request: HttpRequest, template: str, pieces_of: Callable[[], tuple], *, require_pieces: bool = False
) -> HttpResponse:
    """A paginated teaser list, kept rendered until the next publication or time boundary.

    `pieces_of()` looks up what the page is about and returns the queryset to list, the
    template's context and what identifies the page's own object (a renamed section is a new ETag).
    """
    page_number = _page_number(request)
    key = public_cache.key(template, request.path, page_number, get_language(), public.release_key())
    entry = public_cache.get(key)
    if entry is None:
        queryset, context, identity = pieces_of()
        entry = _render_list(request, template, queryset, context, identity, page_number, require_pieces)
        public_cache.put(key, entry)
    # The list can lose a piece without any row changing (expiry), so only the
    # ETag decides a 304; Last-Modified is informational here.
    if (not_modified := validated(request, entry.etag, until=entry.until)) is not None:
        return not_modified
    response = HttpResponse(entry.content)
    return with_validators(cache_publicly(response, until=entry.until), entry.etag, entry.last_modified)


def _render_list(
    request: HttpRequest,
    template: str,
    queryset,
    context: dict,
    identity: tuple,
    page_number: int,
    require_pieces: bool,
) -> public_cache.Entry:
    pieces, has_next = _paginate(queryset, page_number)
    if require_pieces and not pieces:
        raise Http404
    sections, nav_key = public.masthead()
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
    return public_cache.Entry(
        html,
        etag,
        last_modified=max((piece.updated_at for piece in pieces), default=None),
        # Any piece's embargo end or expiry may change this page (a piece joins it or leaves it).
        until=public.next_change(),
    )


@site_view
def front(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        "site/front.html",
        lambda: (public.list_pieces(), {"canonical": absolute(request.path)}, ()),
    )


@site_view
def section(request: HttpRequest, section: str) -> HttpResponse:
    def pieces_of() -> tuple:
        section_obj = get_object_or_404(Section, slug=section)
        context = {
            "section": section_obj,
            "current_section": section_obj.slug,
            "canonical": absolute(section_obj.get_absolute_url()),
        }
        identity = (section_obj.pk, section_obj.name, section_obj.description)
        return public.section_pieces(section_obj), context, identity

    return _list_page(request, "site/section.html", pieces_of)


@site_view
def author(request: HttpRequest, slug: str) -> HttpResponse:
    def pieces_of() -> tuple:
        author_obj = get_object_or_404(Author, slug=slug)
        context = {"author": author_obj, "canonical": absolute(author_obj.get_absolute_url())}
        identity = (author_obj.pk, author_obj.name, author_obj.bio)
        return public.author_pieces(author_obj), context, identity

    # An author page exists only while the author has a live piece: nothing else is public.
    return _list_page(request, "site/author.html", pieces_of, require_pieces=True)


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
    # The lead picture's 1200-px crops (16:9, 4:3, 1:1) of the frozen crop; never an original.
    if images:
        data["image"] = [image_object(picture) for picture in images]
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
    # The hot path: within a generation's second a repeated request reads the cache twice
    # (the generation, the page) and the database not at all.
    key = public_cache.key("article", section, slug, get_language(), public.release_key())
    entry = public_cache.get(key)
    if entry is None:
        piece = public.find_live_piece(section, slug)
        if piece is None:
            return _not_live_here(request, section, slug)
        entry = public_cache.Entry(
            render_article(request, piece),
            _article_etag(piece),
            last_modified=piece.updated_at,
            until=piece.expire_at,
        )
        public_cache.put(key, entry)
    if (not_modified := validated(request, entry.etag, entry.last_modified, until=entry.until)) is not None:
        return not_modified
    response = HttpResponse(entry.content)
    return with_validators(cache_publicly(response, until=entry.until), entry.etag, entry.last_modified)


def _not_live_here(request: HttpRequest, section: str, slug: str) -> HttpResponse:
    """No live piece at this address: a redirect to where it moved, 410 if it was withdrawn, else 404."""
    moved = public.find_moved_piece(section, slug)
    if moved is not None:
        return cache_publicly(HttpResponsePermanentRedirect(moved.get_absolute_url()))
    if (gone := public.withdrawn_piece(section, slug)) is not None:
        return withdrawn(request, gone)
    raise Http404


def _article_etag(piece: PublishedVersion) -> str:
    """Digest of everything the article page shows, named by the live version's `updated_at`."""
    return public.digest(
        "article",
        piece.pk,
        piece.updated_at,
        piece.section.name,
        public.nav_digest(),
        public.release_key(),
        get_language(),
    )


def render_article(request: HttpRequest, piece: PublishedVersion) -> bytes:
    pictures = site_pictures.pictures_for([piece])
    # The social crop (a rendition) or nothing: originals never reach readers.
    og_image = site_pictures.social_image(piece, pictures)
    return render_to_string(
        "site/article.html",
        {
            "piece": piece,
            "nav_sections": public.nav_sections(),
            "current_section": piece.section_slug,
            "canonical": absolute(piece.get_absolute_url()),
            "og_image": absolute_media(og_image) if og_image else "",
            "og_image_size": (1200, 630) if og_image else None,
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
