"""The read API's views: thin, each starting from a selector in `articles.api.selectors`."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from articles.api import compiled, selectors
from articles.api.conditional import ConditionalMixin, content_etag
from articles.api.listing_cache import Page, listing_cache
from articles.api.serializers import ArticleDetailSerializer, ArticleSerializer, AuthorSerializer, SectionSerializer
from articles.exchange.ninjs import ninjs_item
from articles.models import PublishedVersion

MAX_ID = 2**31 - 1  # the largest id an integer primary key holds on every supported database


class ArticleCursorPagination(CursorPagination):
    """Newest publication first; a cursor stays valid while pieces are published in front of it."""

    ordering = ("-published_at", "-pk")
    page_size = settings.NEWSROOM_API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100


class ArticleFilter(filters.FilterSet):
    section = filters.CharFilter(method="filter_section", help_text="A section's slug (its subsections included).")
    author = filters.CharFilter(field_name="authors__slug", help_text="An author's slug.")
    updated_since = filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="ISO 8601 time: versions written at or after it."
    )

    class Meta:
        model = PublishedVersion
        fields = ["section", "author", "updated_since"]

    def filter_section(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(section__slug=value) | Q(section__parent__slug=value))


class ArticleList(ConditionalMixin, generics.ListAPIView):
    """Live pieces, newest first: filter by section, author or update time; cursor pagination."""

    serializer_class = ArticleSerializer
    pagination_class = ArticleCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ArticleFilter
    reads_live_stamp = True  # the token's query also reads `compiled.live_stamp()` (see auth.py)

    def get_queryset(self) -> QuerySet[PublishedVersion]:
        return selectors.partner_list()

    def list(self, request: Request, *args, **kwargs) -> HttpResponse:
        # Partners poll this page: a rendered page is reused while the live set is unchanged.
        # The absolute address is part of the key: the page's `next` link repeats scheme and host.
        stamp = request.auth.live_stamp or compiled.live_stamp()
        key = listing_cache.key(request.build_absolute_uri(), stamp)
        now = timezone.now()
        if (page := listing_cache.get(key, now)) is not None:
            self.last_modified = page.last_modified
            response = HttpResponse(page.content, content_type="application/json")
            response["ETag"] = page.etag
            return response
        queryset = self.filter_queryset(self.get_queryset())
        pieces = self.paginate_queryset(queryset)
        self.last_modified = max((piece.updated_at for piece in pieces), default=None)
        response = self.get_paginated_response(self.get_serializer(pieces, many=True).data)
        # Rendered here rather than by DRF after the view, so the bytes can be kept.
        response.accepted_renderer = request.accepted_renderer
        response.accepted_media_type = request.accepted_media_type
        response.renderer_context = self.get_renderer_context()
        content = response.render().content
        page = Page(content, content_etag(content), self.last_modified, compiled.next_expiry(now))
        listing_cache.put(key, page)
        return response


class ArticleDetail(ConditionalMixin, generics.RetrieveAPIView):
    """One live piece by article id, with its body."""

    serializer_class = ArticleDetailSerializer

    def get_queryset(self) -> QuerySet[PublishedVersion]:
        return selectors.partner_pieces()

    def get_object(self) -> PublishedVersion:
        if self.kwargs["pk"] > MAX_ID:  # the database would refuse the number (a 500), not just miss it
            raise NotFound
        piece = generics.get_object_or_404(self.get_queryset(), article_id=self.kwargs["pk"])
        self.last_modified = piece.updated_at
        return piece


class ArticleNinjs(ArticleDetail):
    """One live piece as IPTC ninjs 3.1."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(ninjs_item(self.get_object()))


class SectionList(ConditionalMixin, generics.ListAPIView):
    """Every section, in the site's order."""

    serializer_class = SectionSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.partner_sections()


class AuthorList(ConditionalMixin, generics.ListAPIView):
    """Authors with at least one live piece."""

    serializer_class = AuthorSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.partner_authors()
