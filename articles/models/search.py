"""The desk's full-text search document of each piece (PostgreSQL; empty and unused on other databases).

The vector lives in a table of its own so that only a change of the text touches it:
a trigger on `articles_article` (migration 0016) rewrites a piece's row when its
headline, teaser or body changes, and never when only its state, times or version
do — publishing 2,000 pieces no longer parses 2,000 bodies for the index. The
expression is the one `articles.desk.selectors.search_articles` queries (weights
A/B/C for headline/teaser/body, the "english" configuration), indexed with GIN.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models.article import Article


class SearchDocument(models.Model):
    # No constraint from Django: on PostgreSQL the migration adds one that deletes the row with its piece,
    # so the admin and Django's deletion never list or load search documents.
    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_document",
    )
    vector = SearchVectorField(null=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"
