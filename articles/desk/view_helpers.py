"""Small helpers the desk's article views share: the scoped article lookup, JSON negotiation, form errors."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from articles.models import Article
from articles.review.page import review_article_queryset


def article_for(user, pk: int) -> Article:
    return get_object_or_404(review_article_queryset(user), pk=pk)


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
