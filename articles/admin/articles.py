"""The article admin: its inlines, its conflict-checked form, and the workflow transitions as actions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.accessibility import AccessibleAdminMixin, LabelledTabularInline
from articles.admin.common import PUBLISH_PERM, REVIEW_PERM
from articles.i18n.forms import optional_language
from articles.models import Article, Byline, CheckSetting, Placement, PublishedVersion, WorkflowEvent
from articles.workflow.revisions import has_pending_changes, pending_filter, with_publication_state


class BylineInline(AccessibleAdminMixin, LabelledTabularInline):
    model = Byline
    extra = 0
    fields = ["position", "author"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]


class PlacementInline(AccessibleAdminMixin, LabelledTabularInline):
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
        fields = [
            "kicker",
            "headline",
            "teaser",
            "dateline",
            "body",
            "section",
            "language",
            "date",
            "slug",
            "expire_at",
            "embargoed_until",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        optional_language(self)
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

    public_note = forms.CharField(
        label=_("Note to readers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Shown to readers at the piece's address; the comment stays internal."),
    )

    def __init__(self, *args, needs_comment: bool, needs_time: bool, public_note: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not public_note:
            del self.fields["public_note"]
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


# Admin actions that put a revision live: the confirmation page names each piece's revision.
REVISION_BOUND = frozenset({"publish", "schedule"})


def _seen_revision(request: HttpRequest, article: Article) -> int:
    """The revision number the confirmation page showed for this piece (0, refused, when missing)."""
    try:
        return int(request.POST.get(f"revision_{article.pk}", "0"))
    except ValueError:
        return 0


def _transition_action(name: str, permission: str):
    from articles.workflow.transitions import TRANSITIONS

    @admin.action(description=TRANSITIONS[name].label, permissions=[permission])
    def action(modeladmin: ArticleAdmin, request: HttpRequest, queryset: QuerySet):
        return modeladmin.run_transition(request, queryset, name)

    action.__name__ = f"transition_{name}"
    return action


class LiveFilter(admin.SimpleListFilter):
    """Live means "readers can see it", whatever the workflow state; pending: they see an older revision."""

    title = _("on the site")
    parameter_name = "live"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("live", _("Live")), ("pending", _("Live · changes pending")), ("not_live", _("Not live"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "pending":
            return queryset.filter(pending_filter())
        if self.value() in {"live", "not_live"}:
            return queryset.filter(has_live=self.value() == "live")
        return queryset


class ArticleListFilterByAuthor(admin.RelatedOnlyFieldListFilter):
    """Only authors who have a byline somewhere, not every author ever created."""


@admin.register(Article)
class ArticleAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "__str__",
        "section",
        "status",
        # "Readers see" answers "is it on the site?" too (nothing, or the headline): no column of its own,
        # so the list fits a 1280-px screen; the "on the site" filter stays.
        "publication_display",
        "bylines_display",
        "date",
        "updated_at",
    ]
    list_filter = ["status", LiveFilter, "section", ("authors", ArticleListFilterByAuthor), "date"]
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
        "template",
    ]
    fieldsets = [
        # base_version is rendered hidden by the change form template: listed here it would get a <label>.
        (None, {"fields": ["kicker", "headline", "teaser", "dateline", "body"]}),
        (_("Placement on the site"), {"fields": ["section", "language", "date", "slug"]}),
        (_("Workflow"), {"fields": ["status", "publish_at", "published_at", "expire_at", "embargoed_until"]}),
        (_("Editorial findings"), {"fields": ["findings"]}),
        (
            _("Record"),
            {
                "fields": ["version", "template", "created_by", "created_at", "updated_at", "import_key"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        live = PublishedVersion.objects.live().filter(article=OuterRef("pk"))
        public = PublishedVersion.objects.public().filter(article=OuterRef("pk"))
        return (
            with_publication_state(Article.objects.visible_to(request.user))
            .annotate(has_live_version=Exists(live), public_headline=Subquery(public.values("headline")[:1]))
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    @admin.display(description=_("bylines"))
    def bylines_display(self, obj: Article) -> str:
        return ", ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description=_("on the site"), boolean=True, ordering="has_live_version")
    def is_live_display(self, obj: Article) -> bool:
        return getattr(obj, "has_live_version", False)

    @admin.display(description=_("readers see"), ordering="public_headline", empty_value=_("nothing"))
    def publication_display(self, obj: Article) -> str | None:
        """The headline readers see now (not under embargo), marked when the working copy is ahead; else nothing."""
        headline = getattr(obj, "public_headline", None)
        if headline is None:
            return None
        if has_pending_changes(obj):
            return gettext("%(headline)s (changes pending)") % {"headline": headline}
        return headline

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
        comment, publish_at, public_note = "", None, ""
        # What goes live is the revision shown on the confirmation page, never a later one.
        binds = name in REVISION_BOUND
        if spec.needs_comment or spec.needs_time or binds:
            form = TransitionForm(
                request.POST if "apply" in request.POST else None,
                needs_comment=spec.needs_comment,
                needs_time=spec.needs_time,
                public_note=name == "withdraw",
            )
            if not form.is_valid() or "apply" not in request.POST:
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
                        "articles": with_publication_state(queryset),
                        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                        "select_across": request.POST.get("select_across", "0"),
                    },
                )
            comment = form.cleaned_data.get("comment", "")
            publish_at = form.cleaned_data.get("publish_at")
            public_note = form.cleaned_data.get("public_note", "")

        for article in queryset.order_by("pk"):
            try:
                with transaction.atomic():
                    seen = _seen_revision(request, article) if binds else None
                    done = workflow.perform(
                        name,
                        article,
                        by=request.user,
                        comment=comment,
                        publish_at=publish_at,
                        revision=seen,
                        public_note=public_note,
                    )
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
