"""The Django admin for the newsroom: every model, and the workflow as admin actions.

The admin respects the workflow (STYLE.md rule 7): the state is read-only
everywhere, transitions are actions that call `articles.workflow.transitions.perform` one
article at a time, and an article save goes through `workflow.editing`, so a
save built on an older version is refused exactly as on the desk. List pages
select and prefetch what their columns show: five rows or five hundred cost the
same number of queries.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
    Author,
    Byline,
    CheckDismissal,
    CheckSetting,
    EditLock,
    Image,
    Placement,
    PublishedVersion,
    ReviewComment,
    Section,
    StyleRule,
    WorkflowEvent,
)

REVIEW_PERM = "articles.review_article"
PUBLISH_PERM = "articles.publish_article"


class ReadOnlyAdminMixin:
    """Records nobody edits by hand: what was published, what happened."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --------------------------------------------------------------------------- sections and authors


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "sign_off", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "sign_off", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


# --------------------------------------------------------------------------- articles


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    fields = ["position", "author"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    fields = ["role", "position", "image", "caption"]
    autocomplete_fields = ["image"]
    ordering = ["position", "pk"]


class WorkflowEventInline(admin.TabularInline):
    model = WorkflowEvent
    extra = 0
    max_num = 0
    can_delete = False
    fields = readonly_fields = ["created_at", "transition", "from_state", "to_state", "actor", "comment"]
    verbose_name_plural = _("workflow events")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    """The article form plus the version it was built from, for the conflict check."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["kicker", "headline", "teaser", "dateline", "body", "section", "date", "slug", "expire_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk:
            # The admin runs the whole change view in one transaction: the lock taken here
            # holds until the save, so nobody can slip in between this check and the write.
            current = Article.objects.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                current = current.select_for_update()
            stored = current.values_list("version", flat=True).first()
            base = cleaned.get("base_version")
            if stored is not None and base != stored:
                raise forms.ValidationError(
                    _(
                        "Someone saved this piece after you opened it (now version %(version)s). Nothing was "
                        "overwritten: your text is still in the form — copy what you need, then reload the page."
                    ),
                    code="stale",
                    params={"version": stored},
                )
        return cleaned


class TransitionForm(forms.Form):
    """The comment and time a transition needs, asked for on an intermediate page."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    publish_at = forms.DateTimeField(
        label=_("Publish at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, needs_comment: bool, needs_time: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = needs_comment
        if needs_comment:
            self.fields["comment"].help_text = _("Shown to the writer and kept with the piece's history.")
        if needs_time:
            self.fields["publish_at"].required = True
        else:
            del self.fields["publish_at"]


# (transition name, permission an admin action needs). The workflow still checks each piece.
ADMIN_TRANSITIONS = [
    ("submit", "change"),
    ("request_changes", "review"),
    ("publish", "publish"),
    ("schedule", "publish"),
    ("unschedule", "publish"),
    ("start_update", "change"),
    ("withdraw", "publish"),
    ("reopen", "review"),
]


def _transition_action(name: str, permission: str):
    from articles.workflow.transitions import TRANSITIONS

    @admin.action(description=TRANSITIONS[name].label, permissions=[permission])
    def action(modeladmin: ArticleAdmin, request: HttpRequest, queryset: QuerySet):
        return modeladmin.run_transition(request, queryset, name)

    action.__name__ = f"transition_{name}"
    return action


class ArticleListFilterByAuthor(admin.RelatedOnlyFieldListFilter):
    """Only authors who have a byline somewhere, not every author ever created."""


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["__str__", "section", "status", "bylines_display", "is_live_display", "date", "updated_at"]
    list_filter = ["status", "section", ("authors", ArticleListFilterByAuthor), "date"]
    list_select_related = ["section"]
    search_fields = ["headline", "kicker", "teaser", "slug", "bylines__author__name", "bylines__author__sign_off"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["section"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [BylineInline, PlacementInline, WorkflowEventInline]
    actions = [_transition_action(name, permission) for name, permission in ADMIN_TRANSITIONS]
    # The state and the publication times change only through the workflow (the actions above).
    readonly_fields = [
        "status",
        "publish_at",
        "published_at",
        "findings",
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "import_key",
    ]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "teaser", "dateline", "body", "base_version"]}),
        (_("Placement on the site"), {"fields": ["section", "date", "slug"]}),
        (_("Workflow"), {"fields": ["status", "publish_at", "published_at", "expire_at"]}),
        (_("Editorial findings"), {"fields": ["findings"]}),
        (
            _("Record"),
            {"fields": ["version", "created_by", "created_at", "updated_at", "import_key"], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        live = PublishedVersion.objects.live().filter(article=OuterRef("pk"))
        return (
            Article.objects.visible_to(request.user)
            .annotate(has_live_version=Exists(live))
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    @admin.display(description=_("bylines"))
    def bylines_display(self, obj: Article) -> str:
        return ", ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description=_("on the site"), boolean=True, ordering="has_live_version")
    def is_live_display(self, obj: Article) -> bool:
        return getattr(obj, "has_live_version", False)

    @admin.display(description=_("findings"))
    def findings(self, obj: Article) -> str:
        if not obj.pk:
            return gettext("Checked once the piece is saved.")
        from articles.review.checks import run_checks

        found = run_checks(obj)
        if not found:
            return gettext("No findings.")
        rows = (
            (
                CheckSetting.Severity(finding.severity).label,
                self._field_label(finding.field),
                finding.message,
                # The text the finding points at, unless the message already quotes it.
                f" “{finding.text}”" if finding.text and finding.text not in finding.message else "",
            )
            for finding in found
        )
        return format_html(
            '<ul class="article-findings">{}</ul>',
            format_html_join("", "<li><strong>{}</strong> · {}: {}{}</li>", rows),
        )

    @staticmethod
    def _field_label(name: str) -> str:
        try:
            return str(Article._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return {"placements": gettext("images"), "bylines": gettext("bylines")}.get(name, name)

    # --- permissions: the workflow's rules, not only the model permissions

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        from articles.workflow.transitions import can_edit

        return can_edit(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        # A piece that readers saw is withdrawn, not deleted (its published versions are protected).
        if obj is not None and (obj.published_at is not None or obj.status != "draft"):
            return False
        return super().has_delete_permission(request, obj)

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_PERM)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH_PERM)

    # --- saving: conflict-safe, through the workflow's editing()

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        if change:
            return  # saved in save_related, under the version check, together with the inlines
        obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        if not change:
            super().save_related(request, form, formsets, change)
            return
        from articles.workflow.transitions import editing

        with editing(form.instance, by=request.user, base_version=form.cleaned_data["base_version"]):
            super().save_related(request, form, formsets, change)

    # --- transitions

    def run_transition(self, request: HttpRequest, queryset: QuerySet, name: str):
        """Perform `name` on each selected piece in its own transaction; report each outcome."""
        from articles import workflow

        spec = workflow.TRANSITIONS[name]
        comment, publish_at = "", None
        if spec.needs_comment or spec.needs_time:
            form = TransitionForm(
                request.POST if "apply" in request.POST else None,
                needs_comment=spec.needs_comment,
                needs_time=spec.needs_time,
            )
            if not form.is_valid():
                return TemplateResponse(
                    request,
                    "admin/articles/article/transition.html",
                    {
                        **self.admin_site.each_context(request),
                        "title": spec.label,
                        "opts": self.model._meta,
                        "transition": spec,
                        "action": f"transition_{name}",
                        "form": form,
                        "articles": queryset,
                        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                        "select_across": request.POST.get("select_across", "0"),
                    },
                )
            comment = form.cleaned_data.get("comment", "")
            publish_at = form.cleaned_data.get("publish_at")

        for article in queryset.order_by("pk"):
            try:
                with transaction.atomic():
                    done = workflow.perform(name, article, by=request.user, comment=comment, publish_at=publish_at)
            except workflow.WorkflowError as error:
                self.message_user(
                    request,
                    gettext("“%(article)s”: not done — %(reason)s") % {"article": article, "reason": error},
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    gettext("“%(article)s”: %(action)s — now %(state)s.")
                    % {"article": done, "action": spec.label, "state": done.get_status_display()},
                    messages.SUCCESS,
                )
        return None


# --------------------------------------------------------------------------- images


class MissingCreditFilter(admin.SimpleListFilter):
    title = _("credit")
    parameter_name = "credit"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("missing", _("Missing credit")), ("present", _("Has a credit"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        missing = Image.objects.missing_credit()
        if self.value() == "missing":
            return queryset.filter(pk__in=missing.values("pk"))
        if self.value() == "present":
            return queryset.exclude(pk__in=missing.values("pk"))
        return queryset


class RightsFilter(admin.SimpleListFilter):
    title = _("usage rights")
    parameter_name = "rights"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("expired", _("Expired")), ("expiring", _("Expiring within 30 days"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "expired":
            return queryset.filter(pk__in=Image.objects.rights_expired().values("pk"))
        if self.value() == "expiring":
            return queryset.filter(pk__in=Image.objects.rights_expiring().values("pk"))
        return queryset


class ImagePlacementInline(admin.TabularInline):
    """Where the picture is used (read-only here; placements are edited on the article)."""

    model = Placement
    extra = 0
    max_num = 0
    can_delete = False
    fields = readonly_fields = ["article", "role", "position", "caption"]
    verbose_name_plural = _("used in")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("article")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = [
        "thumbnail",
        "__str__",
        "credit_line_display",
        "is_archive",
        "has_alt_text",
        "rights_expire_on",
        "placement_count",
        "created_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["is_archive", MissingCreditFilter, RightsFilter, "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["caption", "alt_text", "creator", "organisation", "agencies", "copyright_notice", "source"]
    autocomplete_fields = ["uploaded_by"]
    readonly_fields = ["preview", "width", "height", "credit_line_display", "created_at", "updated_at"]
    inlines = [ImagePlacementInline]
    fieldsets = [
        (None, {"fields": ["file", "preview", "width", "height", "alt_text", "caption"]}),
        (
            _("Credit and rights"),
            {
                "fields": [
                    "creator",
                    "organisation",
                    "agencies",
                    "credit_line_display",
                    "copyright_notice",
                    "source",
                    "is_archive",
                    "usage_terms",
                    "rights_expire_on",
                ]
            },
        ),
        (_("Record"), {"fields": ["uploaded_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(placement_total=Count("placements"))

    def save_model(self, request: HttpRequest, obj: Image, form, change: bool) -> None:
        if not change and obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("picture"))
    def thumbnail(self, obj: Image) -> str:
        if not obj.file:
            return gettext("no file")
        return format_html('<img src="{}" alt="{}" width="80">', obj.file.url, obj.alt_text)

    @admin.display(description=_("preview"))
    def preview(self, obj: Image) -> str:
        if not obj.file:
            return gettext("No file uploaded yet.")
        return format_html('<img src="{}" alt="{}" width="320">', obj.file.url, obj.alt_text)

    @admin.display(description=_("credit line"))
    def credit_line_display(self, obj: Image) -> str:
        return obj.credit_line or "—"

    @admin.display(description=_("alt text"), boolean=True)
    def has_alt_text(self, obj: Image) -> bool:
        return bool(obj.alt_text)

    @admin.display(description=_("used"), ordering="placement_total")
    def placement_count(self, obj: Image) -> int:
        return obj.placement_total


# --------------------------------------------------------------------------- records


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["headline", "article", "section", "is_live", "published_at", "published_by", "expire_at"]
    list_filter = ["is_live", "section", "published_at"]
    list_select_related = ["article", "section", "published_by"]
    search_fields = ["headline", "slug", "teaser"]
    date_hierarchy = "published_at"


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "article", "transition", "from_state", "to_state", "actor", "comment"]
    list_filter = ["transition", "to_state", "created_at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__headline", "comment", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["article", "author", "short_body", "created_at"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__headline", "author__username"]
    autocomplete_fields = ["article"]
    readonly_fields = ["author", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description=_("comment"))
    def short_body(self, obj: ReviewComment) -> str:
        return obj.body if len(obj.body) <= 80 else obj.body[:79] + "…"

    def save_model(self, request: HttpRequest, obj: ReviewComment, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new comment goes through the comments service: its permission rule and @mention mails.
        from articles.review.comments import add_comment

        created = add_comment(obj.article, by=request.user, body=obj.body)
        obj.pk, obj.author, obj.created_at = created.pk, created.author, created.created_at
        obj._state.adding = False


@admin.register(EditLock)
class EditLockAdmin(admin.ModelAdmin):
    """Soft locks are taken by opening the desk editor; here an editor can only see and clear them."""

    list_display = ["article", "user", "since", "seen_at"]
    list_select_related = ["article", "user"]
    search_fields = ["article__headline", "user__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _check_choices() -> list[tuple[str, str]]:
    from articles.review.checks import check_choices

    return check_choices()


class CheckSettingForm(forms.ModelForm):
    """The check is picked from the checks the review knows, not typed."""

    code = forms.ChoiceField(label=_("check"), choices=_check_choices)

    class Meta:
        model = CheckSetting
        fields = ["code", "severity"]


@admin.register(CheckSetting)
class CheckSettingAdmin(admin.ModelAdmin):
    form = CheckSettingForm
    list_display = ["code", "check_label", "severity", "default_severity"]
    list_editable = ["severity"]
    list_filter = ["severity"]
    search_fields = ["code"]

    @admin.display(description=_("what it finds"))
    def check_label(self, obj: CheckSetting) -> str:
        from articles.review.checks import CHECKS_BY_CODE

        check = CHECKS_BY_CODE.get(obj.code)
        return str(check.label) if check else gettext("(unknown check)")

    @admin.display(description=_("default"))
    def default_severity(self, obj: CheckSetting) -> str:
        from articles.review.checks import CHECKS_BY_CODE

        check = CHECKS_BY_CODE.get(obj.code)
        return CheckSetting.Severity(check.default).label if check else "—"


@admin.register(StyleRule)
class StyleRuleAdmin(admin.ModelAdmin):
    list_display = ["wrong", "right", "note", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["wrong", "right", "note"]


@admin.register(CheckDismissal)
class CheckDismissalAdmin(admin.ModelAdmin):
    """Dismissals are made on the desk review page, where `checks.dismiss` applies its rules
    (blocking findings cannot be dismissed); here they are read, and deleted to bring a warning back."""

    list_display = ["article", "code", "target", "dismissed_by", "created_at"]
    list_filter = ["code"]
    list_select_related = ["article", "dismissed_by"]
    search_fields = ["code", "target", "reason", "article__headline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
