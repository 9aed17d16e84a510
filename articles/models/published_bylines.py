"""Which authors a published version names: the link that keeps a live byline's author from being deleted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.newsroom import Author


class PublishedByline(models.Model):
    """An author named on a published version (the through table of `PublishedVersion.authors`).

    `PROTECT`: an author on a published version cannot be deleted — the version would
    link readers to an author page that no longer exists. Deactivate the author instead.
    The table is the one Django created for the plain many-to-many before, unchanged.
    """

    publishedversion = models.ForeignKey(
        "articles.PublishedVersion", verbose_name=_("published version"), on_delete=models.CASCADE
    )
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT)

    class Meta:
        db_table = "articles_publishedversion_authors"
        unique_together = [("publishedversion", "author")]
        verbose_name = _("byline on a published version")
        verbose_name_plural = _("bylines on published versions")

    def __str__(self) -> str:
        return str(self.publishedversion)
