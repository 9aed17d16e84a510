"""Helpers for the public-site tests: put pieces live through publication's own step, forget kept pages."""

from __future__ import annotations

from django.core.cache import caches
from django.db import transaction

from articles import generation, workflow
from articles.models import Article, Author, Image, PublishedVersion
from articles.workflow import going_live
from articles.workflow.snapshots import build_version, snapshot_queryset
from tests import factories


def clear_site_caches() -> None:
    """Forget the masthead and the rendered pages (all in Django's cache), so a test sees only its own data."""
    for kept in caches.all():  # the default one and, with CACHE_URL, each process's near one
        kept.clear()


def go_live(article: Article, *, at=None, correction_note: str = "") -> PublishedVersion:
    """Store a live version of the article as it stands, through publication's own step (retiring the old one)."""
    article = snapshot_queryset().get(pk=article.pk)
    version = build_version(article, at=at, correction_note=correction_note)
    with transaction.atomic():
        going_live.put_live([version], now=version.published_at)
        generation.bump()
    return version


def publish_with_picture(image: Image, *, writer, headline: str) -> Article:
    """A piece by `writer` with `image` as its lead, submitted and published by an editor through the workflow."""
    article = factories.ArticleFactory(
        authors=[Author.objects.get(user=writer)],
        created_by=writer,
        headline=headline,
        section=factories.SectionFactory(slug="politics"),
    )
    factories.PlacementFactory(article=article, image=image, role="lead", caption="")
    publisher = factories.EditorFactory()
    workflow.publish(workflow.submit(article, by=publisher), by=publisher)
    clear_site_caches()
    return article
