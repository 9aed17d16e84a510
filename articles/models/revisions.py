"""Revisions: frozen copies of the whole piece, the unit that is reviewed, scheduled and published.

A revision holds everything readers would get from the piece at one saved version:
its text fields, the bylines in order and the placements with the picture metadata
that prints (caption as printed, credit line, archive flag, alt text). Bylines and
placements are kept in the same shapes a `PublishedVersion` stores
(`articles.workflow.snapshots`), so a version built from a revision is exactly what
the editor approved. Revisions are append-only; restoring an old one makes a new one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article
from articles.models.newsroom import Section
from articles.rendering import RENDERING, render_body

# What the system notes on a revision, stored as a key and parameters and worded when shown, so each reader
# reads it in their own language (not in the language of whoever acted).
REVISION_NOTES = {
    "restored": _("restored revision %(number)s"),
    "fixes_applied": _("%(count)s correction(s) applied from the review (%(checks)s)"),
    "picture_changed": _("picture #%(id)s changed in the library"),
    "suggestions_accepted": _("%(count)s suggestion(s) by %(names)s accepted"),
}


class Revision(models.Model):
    """The piece as it stood at `Article.version == number`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"), help_text=_("The article's version this revision froze."))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the system (an import, or a piece that had no revision yet)."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Free text; notes of the system use the key below.")
    )
    note_key = models.CharField(
        _("note key"), max_length=40, blank=True, help_text=_("What the system noted, such as “restored”.")
    )
    note_params = models.JSONField(_("note parameters"), default=dict, blank=True)
    kicker = models.CharField(_("kicker"), max_length=120, blank=True)
    headline = models.CharField(_("headline"), max_length=250, blank=True)
    teaser = models.TextField(_("teaser"), blank=True)
    dateline = models.CharField(_("dateline"), max_length=120, blank=True)
    body = models.TextField(_("body"), blank=True)
    # The body as readers get it, rendered when the revision was saved (publishing copies it, never re-renders
    # it unless the renderer changed since: `body_rendering` ≠ `articles.rendering.RENDERING`).
    body_html = models.TextField(_("body as rendered"), blank=True, editable=False)
    body_rendering = models.PositiveSmallIntegerField(_("renderer version"), default=0, editable=False)
    date = models.DateField(_("date of the piece"), null=True, blank=True)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    expire_at = models.DateTimeField(_("withdraw at"), null=True, blank=True)
    bylines = models.JSONField(_("bylines"), default=list, help_text=_("Ordered: id, name, slug and sign-off."))
    placements = models.JSONField(
        _("pictures"), default=list, help_text=_("Ordered: image, role, caption, credit line, archive flag, alt text.")
    )

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_once_per_article"),
        ]

    def __str__(self) -> str:
        return _("Revision %(number)s of “%(piece)s”") % {"number": self.number, "piece": self.headline}

    @property
    def note_text(self) -> str:
        """The note in the active language: a system note worded now, else the free text."""
        wording = REVISION_NOTES.get(self.note_key)
        if wording is None:
            return self.note
        try:
            return str(wording) % self.note_params
        except (KeyError, TypeError, ValueError):  # parameters from an older wording: the key's text alone
            return self.note or self.note_key

    def rendered_body(self) -> str:
        """The body's sanitised HTML: as stored when saved, or rendered now if an older renderer made it."""
        if self.body_rendering == RENDERING:
            return self.body_html
        return render_body(self.body)
