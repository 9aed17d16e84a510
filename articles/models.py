"""The newsroom's data: sections, authors, articles, images and what readers see.

The working copy (`Article`) and what readers see (`PublishedVersion`) are kept
apart: the public site reads only published versions, so a live piece can be
corrected through review while readers keep the version that was approved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("The section's address on the site."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="section_slug_not_empty",
                violation_error_message=_("A section needs a slug."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:section", kwargs={"section": self.slug})


class Author(models.Model):
    """A byline: a staff reporter (linked to an account), a guest writer or an agency."""

    name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    sign_off = models.CharField(
        _("sign-off"),
        max_length=12,
        help_text=_("Short initials that close the author's pieces, such as “fmu”. Unique."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("Staff reporters sign in with this account; agencies and guests have none."),
    )
    bio = models.TextField(_("short bio"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                Lower("sign_off"),
                name="author_sign_off_unique",
                violation_error_message=_("Another author already uses this sign-off."),
            ),
            models.CheckConstraint(
                condition=~Q(sign_off=""),
                name="author_sign_off_not_empty",
                violation_error_message=_("An author needs a sign-off."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sign_off})"

    def get_absolute_url(self) -> str:
        return reverse("site:author", kwargs={"slug": self.slug})


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Withdrawn")


class ArticleQuerySet(models.QuerySet):
    """Questions about the working copies. What readers see is `PublishedVersion.objects.live()`."""

    def drafts(self) -> ArticleQuerySet:
        return self.filter(status=State.DRAFT)

    def in_review(self) -> ArticleQuerySet:
        return self.filter(status=State.IN_REVIEW)

    def scheduled(self) -> ArticleQuerySet:
        return self.filter(status=State.SCHEDULED)

    def published(self) -> ArticleQuerySet:
        return self.filter(status=State.PUBLISHED)

    def due_for_publishing(self, now=None) -> ArticleQuerySet:
        return self.scheduled().filter(publish_at__lte=now or timezone.now())

    def due_for_expiry(self, now=None) -> ArticleQuerySet:
        return self.published().filter(expire_at__lte=now or timezone.now())

    def with_live_version(self) -> ArticleQuerySet:
        return self.filter(versions__is_live=True)

    def by_author_user(self, user) -> ArticleQuerySet:
        """Pieces the user wrote: bylined through their author record, or created by them."""
        return self.filter(Q(created_by=user) | Q(bylines__author__user=user)).distinct()

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
    import_key = models.CharField(
        _("import key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the imported file, so the same file is never imported twice."),
    )

    history = HistoricalRecords(
        excluded_fields=["updated_at", "import_key"],
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
        indexes = [models.Index(fields=["status", "-updated_at"], name="article_status_updated")]
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

    def get_absolute_url(self) -> str:
        return reverse("desk:article-review", kwargs={"pk": self.pk})

    @property
    def is_live(self) -> bool:
        return self.live_version is not None

    @property
    def live_version(self) -> PublishedVersion | None:
        return PublishedVersion.objects.live().filter(article=self).first()

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


def image_upload_to(instance: Image, filename: str) -> str:
    return timezone.now().strftime("images/%Y/%m/") + filename


class ImageQuerySet(models.QuerySet):
    def missing_credit(self) -> ImageQuerySet:
        return self.filter(creator="", organisation="", agencies="")

    def missing_alt_text(self) -> ImageQuerySet:
        return self.filter(alt_text="")

    def rights_expired(self, today=None) -> ImageQuerySet:
        return self.filter(rights_expire_on__lt=today or timezone.localdate())

    def rights_expiring(self, days: int = 30, today=None) -> ImageQuerySet:
        today = today or timezone.localdate()
        return self.filter(rights_expire_on__gte=today, rights_expire_on__lte=today + timezone.timedelta(days=days))


class Image(models.Model):
    """A picture and everything needed to print it legally: caption, credit, rights."""

    file = models.ImageField(
        _("file"),
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        blank=True,
        help_text=_("May be missing on an imported piece until someone uploads it."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("alt text"), max_length=300, blank=True, help_text=_("What the picture shows, for readers who cannot see it.")
    )
    caption = models.TextField(_("default caption"), blank=True)
    creator = models.CharField(_("creator"), max_length=200, blank=True, help_text=_("The photographer."))
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("The photographer's employer, such as “US Army”.")
    )
    agencies = models.CharField(
        _("agency chain"),
        max_length=200,
        blank=True,
        help_text=_("Agencies that distributed the picture, separated by “/”, such as “AP/dpa”."),
    )
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_archive = models.BooleanField(
        _("archive image"), default=False, help_text=_("Marked “(Archive image)” under the caption.")
    )
    usage_terms = models.TextField(_("usage terms"), blank=True)
    rights_expire_on = models.DateField(_("rights expire on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(condition=Q(width__isnull=True) | Q(width__gt=0), name="image_width_positive"),
            models.CheckConstraint(condition=Q(height__isnull=True) | Q(height__gt=0), name="image_height_positive"),
        ]

    def __str__(self) -> str:
        label = self.caption or self.alt_text or (self.file.name if self.file else "")
        return (label[:60] + "…") if len(label) > 60 else (label or _("Image #%(pk)s") % {"pk": self.pk})

    @property
    def agency_chain(self) -> str:
        """Organisation and agencies as printed after the creator: “US Army/AP/dpa”."""
        return "/".join(part for part in (self.organisation, self.agencies) if part)

    @property
    def credit_line(self) -> str:
        """The credit as printed under the picture: “© Creator/Organisation/Agency/Agency”."""
        parts = "/".join(part for part in (self.creator, self.agency_chain) if part)
        return f"© {parts}" if parts else ""

    @property
    def has_credit(self) -> bool:
        return bool(self.credit_line)


class Placement(models.Model):
    """An image placed in an article, with the caption for this article."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead image")
        INLINE = "inline", _("Inline")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="placements")
    image = models.ForeignKey(Image, verbose_name=_("image"), on_delete=models.PROTECT, related_name="placements")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.INLINE)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Inline images appear after this many body paragraphs.")
    )
    caption = models.TextField(_("caption"), blank=True, help_text=_("Empty: the image's default caption."))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(role="lead"),
                name="placement_one_lead_per_article",
                violation_error_message=_("An article has at most one lead image."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.image} · {self.article}"

    @property
    def effective_caption(self) -> str:
        return self.caption or self.image.caption


class PublishedVersionQuerySet(models.QuerySet):
    def live(self, now=None) -> PublishedVersionQuerySet:
        """The one rule for what readers may see: the live version, not past its expiry."""
        now = now or timezone.now()
        return self.filter(is_live=True).filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))


class PublishedVersion(models.Model):
    """A snapshot of an article as approved for readers; at most one per article is live."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="versions")
    is_live = models.BooleanField(_("live"), default=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system published it on schedule."),
    )
    first_published_at = models.DateTimeField(_("first published"))
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="published_versions")
    section_slug = models.SlugField(max_length=100)
    slug = models.SlugField(max_length=200)
    kicker = models.CharField(max_length=120, blank=True)
    headline = models.CharField(max_length=250)
    teaser = models.TextField(blank=True)
    dateline = models.CharField(max_length=120, blank=True)
    date = models.DateField()
    body_html = models.TextField(help_text=_("The body rendered to sanitised HTML at publication."))
    authors = models.ManyToManyField(Author, related_name="published_versions", blank=True)
    bylines = models.JSONField(default=list, help_text=_("Ordered: name, slug and sign-off of each author."))
    placements = models.JSONField(default=list, help_text=_("Ordered: image, role, caption, credit line."))
    correction_note = models.TextField(_("correction note"), blank=True)
    expire_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        indexes = [
            models.Index(fields=["section_slug", "slug"], name="version_section_slug"),
            models.Index(fields=["is_live", "-published_at"], name="version_live_published"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article"], condition=Q(is_live=True), name="version_one_live_per_article"),
            models.UniqueConstraint(fields=["slug"], condition=Q(is_live=True), name="version_live_slug_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.headline} ({self.published_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("site:article", kwargs={"section": self.section_slug, "slug": self.slug})

    @property
    def sign_off(self) -> str:
        return "/".join(byline["sign_off"] for byline in self.bylines if byline.get("sign_off"))


class WorkflowEvent(models.Model):
    """One transition of an article's state. Append-only."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the system (scheduled publishing, expiry)."),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self) -> str:
        who = self.actor or _("system")
        return f"{self.article}: {self.get_from_state_display()} → {self.get_to_state_display()} ({who})"


class ReviewComment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="review_comment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:50]}"


class EditLock(models.Model):
    """Soft lock: who has a piece open in the editor. Advisory; the version check is the guarantee."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("edit lock")
        verbose_name_plural = _("edit locks")

    def __str__(self) -> str:
        return f"{self.article} — {self.user}"


class CheckSetting(models.Model):
    """How seriously the desk takes one editorial check. Editors set it in the admin."""

    class Severity(models.TextChoices):
        OFF = "off", _("Off")
        WARNING = "warning", _("Warning")
        BLOCKING = "blocking", _("Blocking")

    code = models.CharField(_("check"), max_length=60, unique=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("check setting")
        verbose_name_plural = _("check settings")

    def __str__(self) -> str:
        return f"{self.code}: {self.get_severity_display()}"


class StyleRule(models.Model):
    """A house-style spelling: “Kiev” is written “Kyiv”."""

    wrong = models.CharField(_("avoid"), max_length=100, unique=True)
    right = models.CharField(_("write"), max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["wrong"]
        verbose_name = _("style-guide spelling")
        verbose_name_plural = _("style-guide spellings")
        constraints = [
            models.CheckConstraint(condition=~Q(wrong=""), name="style_rule_wrong_not_empty"),
            models.CheckConstraint(condition=~Q(right=""), name="style_rule_right_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}"


class CheckDismissal(models.Model):
    """An editor's decision that one warning does not apply to one piece, with the reason."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dismissals")
    code = models.CharField(_("check"), max_length=60)
    target = models.CharField(
        _("text"), max_length=300, blank=True, help_text=_("The text the finding pointed at; empty: the whole check.")
    )
    reason = models.TextField(_("reason"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("dismissed warning")
        verbose_name_plural = _("dismissed warnings")
        constraints = [
            models.UniqueConstraint(fields=["article", "code", "target"], name="dismissal_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="dismissal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.code} ({self.target})"
