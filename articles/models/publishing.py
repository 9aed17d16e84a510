"""What readers see and how a piece got there: published versions, workflow events and edit locks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import desk_counts
from articles.models.newsroom import Author, Section
from articles.models.states import State


class PublishedVersionQuerySet(models.QuerySet):
    def live(self, now=None) -> PublishedVersionQuerySet:
        """The one rule for what readers may see: the live version, not past its expiry."""
        now = now or timezone.now()
        return self.filter(is_live=True).filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))

    def public(self, now=None) -> PublishedVersionQuerySet:
        """What readers of the site see: live versions whose embargo (if any) has passed.

        Partners (the API, ninjs) read `live()`: they receive embargoed pieces early, marked as such.
        """
        now = now or timezone.now()
        return self.live(now).filter(Q(embargoed_until__isnull=True) | Q(embargoed_until__lte=now))


class PublishedVersion(models.Model):
    """A snapshot of an article as approved for readers; at most one per article is live."""

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="versions")
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
    authors = models.ManyToManyField(
        Author, related_name="published_versions", blank=True, through="articles.PublishedByline"
    )
    bylines = models.JSONField(default=list, help_text=_("Ordered: name, slug and sign-off of each author."))
    placements = models.JSONField(default=list, help_text=_("Ordered: image, role, caption, credit line."))
    correction_note = models.TextField(_("correction note"), blank=True)
    revision = models.ForeignKey(
        "articles.Revision",
        verbose_name=_("revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_versions",
        help_text=_("The reviewed revision this version was built from."),
    )
    expire_at = models.DateTimeField(null=True, blank=True)
    embargoed_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    was_public = models.BooleanField(
        _("was public"),
        default=True,
        help_text=_("Readers saw this version: set when it leaves the site (no embargo, or the embargo had passed)."),
    )
    public_note = models.TextField(
        _("note to readers"),
        blank=True,
        help_text=_("Shown to readers at the withdrawn piece's address; separate from the internal comment."),
    )
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
            # publish_scheduled's expiry phase: the approved expiry of live versions.
            models.Index(
                fields=["expire_at"], condition=Q(is_live=True, expire_at__isnull=False), name="version_live_expiry"
            ),
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


def stage_entered(article_id: int, stage: str, before=None) -> Coalesce:
    """When the piece last entered `stage` (its latest event into it from another state), else its creation.

    An expression, so an event's INSERT looks it up itself (no statement of its own, one per batch as well).
    `before`: only events up to that time count (an event recorded with an earlier time than now).
    """
    entries = WorkflowEvent.objects.filter(article_id=article_id, to_state=stage).exclude(from_state=stage)
    if before is not None:
        entries = entries.filter(created_at__lte=before)
    latest = entries.order_by("-created_at", "-pk").values("created_at")[:1]
    article = WorkflowEvent._meta.get_field("article").related_model
    created = article.objects.filter(pk=article_id).values("created_at")[:1]
    return Coalesce(Subquery(latest), Subquery(created), output_field=models.DateTimeField())


BACKFILL_CHUNK = 50_000  # event ids per UPDATE: a bounded transaction on a table of millions


def fill_stage_entered(
    event_model, article_model, *, events=None, chunk: int = BACKFILL_CHUNK, overwrite: bool = False
) -> int:
    """Write `stage_entered_at` of `events` (all events by default; only the empty ones unless `overwrite`).

    For events stored without it: those recorded before the field existed (migration 0030), an imported
    history. One UPDATE per chunk of event ids, whatever the number of pieces; the rule is `stage_entered`'s.

    Takes the models as arguments so the migration can pass its historical ones. Returns the rows written.
    """
    events = event_model.objects.all() if events is None else events
    if not overwrite:
        events = events.filter(stage_entered_at__isnull=True)
    entries = (
        event_model.objects.filter(
            article_id=OuterRef("article_id"),
            to_state=OuterRef("from_state"),
            created_at__lte=OuterRef("created_at"),
            pk__lt=OuterRef("pk"),
        )
        .exclude(from_state=F("to_state"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    created = article_model.objects.filter(pk=OuterRef("article_id")).values("created_at")[:1]
    return _update_in_chunks(events, chunk, stage_entered_at=Coalesce(Subquery(entries), Subquery(created)))


def fill_event_sections(event_model, article_model, *, chunk: int = BACKFILL_CHUNK) -> int:
    """Write `section` of the events that have none from their pieces' sections now: for events recorded
    before the field existed (migration 0033). One UPDATE per chunk of event ids. Returns the rows written."""
    events = event_model.objects.filter(section__isnull=True)
    return _update_in_chunks(events, chunk, section_id=piece_section(article_model, OuterRef("article_id")))


def _update_in_chunks(events, chunk: int, **values) -> int:
    """`events.update(**values)`, one statement per `chunk` of ids (a bounded transaction). Rows written."""
    bounds = events.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    return sum(
        events.filter(Q(pk__gte=start) & Q(pk__lt=start + chunk)).update(**values)
        for start in range(bounds["low"], bounds["high"] + 1, chunk)
    )


def piece_section(article_model, article_id) -> Subquery:
    """The piece's section as an expression: looked up inside the statement that writes the event."""
    return Subquery(article_model.objects.filter(pk=article_id).values("section_id")[:1])


def fill_event_sections_of(events: list[WorkflowEvent]) -> None:
    """Set `section` of new events that have none to their piece's section: from the piece when the event
    holds it, else one query for the lot."""
    unloaded = []
    for event in events:
        if event.section_id is not None:
            continue
        if WorkflowEvent.article.is_cached(event):
            event.section_id = event.article.section_id
        else:
            unloaded.append(event)
    if unloaded:
        article = WorkflowEvent._meta.get_field("article").related_model
        sections = dict(
            article.objects.filter(pk__in={event.article_id for event in unloaded}).values_list("pk", "section_id")
        )
        for event in unloaded:
            event.section_id = sections.get(event.article_id)


ENTRY_LOOKUP_CHUNK = 5_000


def fill_stage_entry_times(events: list[WorkflowEvent]) -> None:
    """Set `stage_entered_at` of new events that have none, by `stage_entered`'s rule, with at most two
    queries for the whole list: the latest entry of each piece into each state, and the creation time of
    the pieces that never entered it. An event dated before an entry already stored (an imported history)
    keeps the exact lookup inside its INSERT.
    """
    pending = [event for event in events if event.stage_entered_at is None]
    if not pending:
        return
    entries = WorkflowEvent.objects.filter(
        article_id__in={event.article_id for event in pending}, to_state__in={event.from_state for event in pending}
    ).exclude(from_state=F("to_state"))
    times = [event.created_at for event in pending]
    if None not in times:
        entries = entries.filter(created_at__lte=max(times))
    latest = {
        (article_id, state): at
        for article_id, state, at in entries.values("article_id", "to_state")
        .annotate(at=Max("created_at"))
        .values_list("article_id", "to_state", "at")
    }
    never = {event.article_id for event in pending if (event.article_id, event.from_state) not in latest}
    article = WorkflowEvent._meta.get_field("article").related_model
    created = dict(article.objects.filter(pk__in=never).values_list("pk", "created_at")) if never else {}
    for event in pending:
        entered = latest.get((event.article_id, event.from_state))
        if entered is not None and event.created_at is not None and entered > event.created_at:
            event.stage_entered_at = stage_entered(event.article_id, event.from_state, event.created_at)
        else:
            event.stage_entered_at = entered or created[event.article_id]


class WorkflowEventManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """Each new event without a stage entry time gets it first (`fill_stage_entry_times`).

        Events of one piece inserted by one statement do not see each other: a caller storing a piece's
        history at once (the import) fills the times itself.
        """
        objs = list(objs)
        if objs:
            desk_counts.forget_on_commit()
        for start in range(0, len(objs), ENTRY_LOOKUP_CHUNK):  # bounded IN lists (SQLite's parameter limit)
            fill_stage_entry_times(objs[start : start + ENTRY_LOOKUP_CHUNK])
            fill_event_sections_of(objs[start : start + ENTRY_LOOKUP_CHUNK])
        created = super().bulk_create(objs, *args, **kwargs)
        for event in objs:
            event.forget_expression()
        return created


class WorkflowEvent(models.Model):
    """One transition of an article's state. Append-only.

    `stage_entered_at` is when the piece entered the state the event leaves (`from_state`): its latest
    event into that state from another one, or for a first draft its creation. It is written with the
    event (`save` and `bulk_create` look it up inside the INSERT), so the figures read each time in a
    stage as `created_at - stage_entered_at`, a plain aggregate.

    `section` is the piece's section when the event happened, written with it the same way: the figures
    count a piece for the section it was published in, and read a desk's or a section's events without
    joining a million pieces.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="events")
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
    stage_entered_at = models.DateTimeField(
        _("stage entered"),
        null=True,
        blank=True,
        help_text=_("When the piece entered the state this event leaves."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # read through the figures' indexes below
        help_text=_("The piece's section when the event happened."),
    )
    comment = models.TextField(_("comment"), blank=True)
    revision = models.ForeignKey(
        "articles.Revision",
        verbose_name=_("revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The revision the transition acted on."),
    )

    objects = WorkflowEventManager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        indexes = [
            # A piece's latest entry into a state: the stage entry time written with each event, its first filing.
            models.Index(fields=["article", "to_state", "created_at"], name="event_article_state_time"),
            # The figures of a period read only these (PostgreSQL: index-only scans). The trailing columns are
            # keys, not INCLUDE (which SQLite ignores, with a warning of the system check): events leaving a
            # stage or approved out of review, with how long since the stage began…
            models.Index(
                fields=["from_state", "created_at", "to_state", "transition", "stage_entered_at", "section", "article"],
                name="event_leaving_section_time",
            ),
            # …and publications and corrections per piece.
            models.Index(fields=["transition", "created_at", "section", "article"], name="event_transition_section"),
        ]

    def __str__(self) -> str:
        who = self.actor or _("system")
        return f"{self.article}: {self.get_from_state_display()} → {self.get_to_state_display()} ({who})"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            desk_counts.forget_on_commit()
            if self.stage_entered_at is None:
                self.stage_entered_at = stage_entered(self.article_id, self.from_state, self.created_at)
            if self.section_id is None:
                if WorkflowEvent.article.is_cached(self):
                    self.section_id = self.article.section_id
                else:  # looked up inside the INSERT, like the stage entry time
                    article = WorkflowEvent._meta.get_field("article").related_model
                    self.section_id = piece_section(article, self.article_id)
        super().save(*args, **kwargs)
        self.forget_expression()

    def forget_expression(self) -> None:
        """After an INSERT that looked values up, the instance holds the expressions: read the values when asked."""
        for name in ("stage_entered_at", "section_id"):
            if hasattr(self.__dict__.get(name), "resolve_expression"):
                del self.__dict__[name]


class EditLock(models.Model):
    """Soft lock: who has a piece open in the editor. Advisory; the version check is the guarantee."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("edit lock")
        verbose_name_plural = _("edit locks")

    def __str__(self) -> str:
        return f"{self.article} — {self.user}"
