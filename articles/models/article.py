"""The working copy of a piece: the article itself, what the desk asks about it, and its bylines."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from articles.i18n.languages import Language, site_language
from articles.models import desk_counts
from articles.models.newsroom import Author, Section
from articles.models.states import State

if TYPE_CHECKING:
    from articles.models.publishing import PublishedVersion


class ArticleQuerySet(models.QuerySet):
    """Questions about the working copies. What readers see is `PublishedVersion.objects.live()`."""

    def drafts(self) -> ArticleQuerySet:
        return self.filter(status=State.DRAFT)

    def spiked(self) -> ArticleQuerySet:
        return self.filter(status=State.SPIKED)

    def not_spiked(self) -> ArticleQuerySet:
        """What the desk lists show: spiked (archived) drafts only when asked for."""
        return self.exclude(status=State.SPIKED)

    def in_review(self) -> ArticleQuerySet:
        return self.filter(status=State.IN_REVIEW)

    def scheduled(self) -> ArticleQuerySet:
        return self.filter(status=State.SCHEDULED)

    def published(self) -> ArticleQuerySet:
        return self.filter(status=State.PUBLISHED)

    def due_for_publishing(self, now=None) -> ArticleQuerySet:
        return self.scheduled().filter(publish_at__lte=now or timezone.now())

    def overdue(self, now=None) -> ArticleQuerySet:
        """Scheduled pieces past their time by more than `NEWSROOM_OVERDUE_SECONDS`: publishing has not run."""
        grace = datetime.timedelta(seconds=settings.NEWSROOM_OVERDUE_SECONDS)
        return self.due_for_publishing((now or timezone.now()) - grace)

    def due_for_expiry(self, now=None) -> ArticleQuerySet:
        """Live pieces whose approved version expires by `now` (a pending edit of the expiry does not count)."""
        return self.published().filter(versions__is_live=True, versions__expire_at__lte=now or timezone.now())

    def with_live_version(self) -> ArticleQuerySet:
        return self.filter(versions__is_live=True)

    def by_author_user(self, user) -> ArticleQuerySet:
        """Pieces the user wrote: bylined through their author record, or created by them.

        Found as one list of ids, the union of two indexed lookups, rather than by joining the bylines
        (which needed DISTINCT over the pieces' rows, and a scan of them all in a large archive).
        """
        byline = self.model._meta.get_field("bylines").related_model
        created = self.model.objects.filter(created_by=user).order_by().values("pk")
        bylined = byline.objects.filter(author__user=user).order_by().values("article_id")
        return self.filter(pk__in=created.union(bylined))

    def visible_to(self, user) -> ArticleQuerySet:
        """Working copies this user may open on the desk."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("articles.review_article"):
            return self.all()
        if user.has_perm("articles.change_article") or user.has_perm("articles.add_article"):
            return self.by_author_user(user)
        return self.none()


class Article(models.Model):
    kicker = models.CharField(
        _("kicker"), max_length=120, blank=True, help_text=_("Optional overline above the headline.")
    )
    headline = models.CharField(_("headline"), max_length=250, blank=True)
    teaser = models.TextField(
        _("teaser"), blank=True, help_text=_("The standfirst: one or two sentences that sell the piece.")
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=120,
        blank=True,
        help_text=_("Where the piece was reported, such as “Washington, DC/Kyiv”. Shown before the first paragraph."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Plain text. Separate paragraphs with a blank line; start a subheading with “## ”, a quotation with “> ”."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=site_language,
        help_text=_("The language the piece is written in: it picks the review checks and the dictionary."),
    )
    date = models.DateField(
        _("date of the piece"),
        null=True,
        blank=True,
        help_text=_("The date the piece carries. Empty: the day it is first published."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="Byline", related_name="articles", blank=True
    )
    template = models.ForeignKey(
        "articles.PieceTemplate",
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="pieces",
        help_text=_("The kind of piece it was started as: its checks to heed are shown while reviewing."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        blank=True,
        help_text=_("The article's address under its section. Filled from the headline if left empty."),
    )
    # Only articles.workflow.transitions may change the state: the field refuses plain assignment.
    status = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, protected=True, db_index=True
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    expire_at = models.DateTimeField(
        _("withdraw at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Optional: the piece is taken off the site at this time."),
    )
    embargoed_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("Optional: partners receive the piece at once but readers see it only from this time."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every saved change; a save from an older version is refused.")
    )
    # The revision `publish_scheduled` will publish: fixed when scheduled; later edits stay pending.
    scheduled_revision = models.ForeignKey(
        "articles.Revision",
        verbose_name=_("scheduled revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    import_key = models.CharField(
        _("import key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the imported file, so the same file is never imported twice."),
    )

    history = HistoricalRecords(
        excluded_fields=["updated_at", "import_key", "scheduled_revision", "template"],
        verbose_name=_("historical article"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("review_article", _("Can review any article and request changes")),
            ("publish_article", _("Can publish, schedule and withdraw articles")),
        ]
        indexes = [
            # The desk's list, newest change first: the first page read off the index, not a sort of every piece.
            models.Index(fields=["-updated_at", "-id"], name="article_updated"),
            # Counting a section's pieces in one state (the list's filters) from the index alone.
            models.Index(fields=["section", "status"], name="article_section_status"),
            models.Index(fields=["status", "-updated_at"], name="article_status_updated"),
            # The board's live column (newest first) and the budget's pieces published on a day.
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["published_at"], name="article_published_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=State.SCHEDULED) | Q(publish_at__isnull=False),
                name="article_scheduled_has_publish_at",
                violation_error_message=_("A scheduled piece needs a publication time."),
            ),
            models.CheckConstraint(
                condition=~Q(status=State.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_published_at",
                violation_error_message=_("A published piece needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=State.values),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="article_version_positive",
            ),
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=models.F("publish_at")),
                name="article_expires_after_publication",
                violation_error_message=_("The withdrawal time must come after the publication time."),
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=~Q(slug=""),
                name="article_slug_unique",
                violation_error_message=_("Another article already uses this slug."),
            ),
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~Q(import_key=""),
                name="article_import_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.headline or _("(no headline) #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs) -> None:
        self.normalise_line_breaks()
        if self._state.adding:
            desk_counts.forget_on_commit()  # a new draft changes the dashboard's counts
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("desk:article-review", kwargs={"pk": self.pk})

    def normalise_line_breaks(self) -> None:
        """LF only in teaser and body (also for bulk inserts, which skip `save()`).

        Browsers send a text area's line breaks as CR LF: stored text has LF only, so the same words
        saved from a browser and from the demo, an import or the API are the same text (diffs, merges).
        """
        for name in ("teaser", "body"):
            value = self.__dict__.get(name)  # a deferred field is not loaded just for this
            if value and "\r" in value:
                setattr(self, name, value.replace("\r\n", "\n").replace("\r", "\n"))

    @property
    def is_live(self) -> bool:
        return self.live_version is not None

    @property
    def live_version(self) -> PublishedVersion | None:
        return self.versions.live().first()

    def ordered_authors(self) -> list[Author]:
        return [byline.author for byline in self.bylines.select_related("author").order_by("position")]


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"],
                name="byline_author_once_per_article",
                violation_error_message=_("This author is already on the byline."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author.name} · {self.article}"
