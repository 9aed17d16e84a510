"""The read API's views: thin, each starting from a selector in `articles.api.selectors`."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from articles.api import selectors
from articles.api.answers import CachedAnswerMixin
from articles.api.conditional import ConditionalMixin
from articles.api.serializers import ArticleDetailSerializer, ArticleSerializer, AuthorSerializer, SectionSerializer
from articles.exchange.ninjs import ninjs_item
from articles.exchange.ninjs import pictures_for as ninjs_pictures_for
from articles.models import PublishedVersion

MAX_ID = 2**31 - 1  # the largest id an integer primary key holds on every supported database


class ArticleCursorPagination(CursorPagination):
    """Newest publication first; a cursor stays valid while pieces are published in front of it."""

    ordering = ("-published_at", "-pk")
    page_size = settings.NEWSROOM_API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = _(
        "The cursor is not one this API gave out: follow the “next” or “previous” link of a page, or leave it out."
    )

    def decode_cursor(self, request: Request):
        """The posted cursor, or a 400 saying so: never a 404 (nothing is missing) nor a 500 (a garbled position)."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound as error:
            raise ParseError(self.invalid_cursor_message) from error
        if cursor is None:
            return None
        if cursor.position is None and not cursor.offset and not cursor.reverse:
            raise ParseError(self.invalid_cursor_message)  # decodes to nothing: junk, not a page
        # The position is compared with `published_at` in SQL: a crafted one would make the database raise.
        if cursor.position is not None and _as_datetime(cursor.position) is None:
            raise ParseError(self.invalid_cursor_message)
        return cursor


def _as_datetime(value: str) -> datetime.datetime | None:
    """An aware time as the cursor encodes `published_at`, else None."""
    try:
        moment = parse_datetime(value)
    except ValueError:  # well formed but impossible, such as month 13
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


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


class ArticleList(CachedAnswerMixin, ConditionalMixin, generics.ListAPIView):
    """Live pieces, newest first: filter by section, author or update time; cursor pagination."""

    serializer_class = ArticleSerializer
    pagination_class = ArticleCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ArticleFilter

    def get_queryset(self) -> QuerySet[PublishedVersion]:
        return selectors.partner_list()

    def list(self, request: Request, *args, **kwargs) -> HttpResponse:
        pieces = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.last_modified = max((piece.updated_at for piece in pieces), default=None)
        context = {**self.get_serializer_context(), "pictures": ninjs_pictures_for(pieces).renditions}
        return self.get_paginated_response(self.get_serializer(pieces, many=True, context=context).data)


class ArticleDetail(CachedAnswerMixin, ConditionalMixin, generics.RetrieveAPIView):
    """One live piece by article id, with its body."""

    serializer_class = ArticleDetailSerializer
    expire_at: datetime.datetime | None = None

    def get_queryset(self) -> QuerySet[PublishedVersion]:
        return selectors.partner_pieces()

    def get_object(self) -> PublishedVersion:
        if self.kwargs["pk"] > MAX_ID:  # the database would refuse the number (a 500), not just miss it
            raise NotFound
        piece = generics.get_object_or_404(self.get_queryset(), article_id=self.kwargs["pk"])
        self.last_modified, self.expire_at = piece.updated_at, piece.expire_at
        return piece

    def valid_until(self, now: datetime.datetime) -> datetime.datetime | None:
        return self.expire_at  # the answer shows this piece only


class ArticleNinjs(ArticleDetail):
    """One live piece as IPTC ninjs 3.1."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, *args, **kwargs) -> HttpResponse:
        return super().get(request, *args, **kwargs)  # kept in the cache like the detail

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(ninjs_item(self.get_object()))


class SectionList(CachedAnswerMixin, ConditionalMixin, generics.ListAPIView):
    """Every section, in the site's order."""

    serializer_class = SectionSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.partner_sections()


class AuthorList(CachedAnswerMixin, ConditionalMixin, generics.ListAPIView):
    """Authors with at least one live piece."""

    serializer_class = AuthorSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.partner_authors()
