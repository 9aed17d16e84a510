"""django-filter filter sets for the desk's article list and image library."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.desk.selectors import RIGHTS_WARNING_DAYS, search_articles, search_images
from articles.models import Article, Author, Image, Section, State
from articles.workflow.revisions import pending_filter, with_publication_state

SORT_LABELS = {
    "updated_at": _("Last changed"),
    "headline": _("Headline"),
    "status": _("State"),
    "section__name": _("Section"),
    "publish_at": _("Publish time"),
    "published_at": _("First published"),
}


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Headline, teaser or body")}),
    )
    status = django_filters.ChoiceFilter(label=_("State"), choices=State.choices, empty_label=_("All states"))
    live = django_filters.ChoiceFilter(
        label=_("On the site"),
        choices=[
            ("live", _("Live (readers can see it)")),
            ("pending", _("Live · changes pending")),
            ("not_live", _("Not live")),
        ],
        method="filter_live",
        empty_label=_("Live or not"),
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=Section.objects.all(), empty_label=_("All sections")
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        field_name="bylines__author",
        queryset=Author.objects.all(),
        empty_label=_("All authors"),
        distinct=True,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Last changed"),
        fields=(
            ("updated_at", "updated"),
            ("headline", "headline"),
            ("status", "state"),
            ("section__name", "section"),
            ("publish_at", "publish_at"),
            ("published_at", "published_at"),
        ),
        field_labels=SORT_LABELS,
    )

    class Meta:
        model = Article  # declared filters only; the queryset comes from the view (scoped to the user)
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # django-filter turns the sort labels into plain strings once, at import, in whatever language
        # was active then; build them again in the request's language.
        sort = self.filters["sort"]
        fields = {field: param for param, field in sort.param_map.items()}
        sort.extra["choices"] = sort.build_choices(fields, SORT_LABELS)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_articles(queryset, value)

    def filter_live(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Live means "has a live version", whatever the workflow state; pending: readers see an older revision."""
        queryset = with_publication_state(queryset)
        if value == "pending":
            return queryset.filter(pending_filter())
        return queryset.filter(has_live=value == "live")

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("status")):
            # Spiked pieces stay out of the list unless their state is asked for.
            queryset = queryset.not_spiked()
        if not self.form.is_valid() or not self.form.cleaned_data.get("sort"):
            # Without an explicit order: best match first when searching, else latest change first.
            if "search_rank" in queryset.query.annotations:
                return queryset.order_by("-search_rank", "-updated_at", "-pk")
            return queryset.order_by("-updated_at", "-pk")
        # A unique last key, so pages never repeat or skip a piece when many share a state or section.
        return queryset.order_by(*queryset.query.order_by, "-pk")


class ImageFilter(django_filters.FilterSet):
    FLAGS = {
        "missing_credit": (_("Missing credit"), lambda qs: qs.missing_credit()),
        "missing_alt": (_("Missing alt text"), lambda qs: qs.missing_alt_text()),
        "archive": (_("Archive images"), lambda qs: qs.filter(is_archive=True)),
        "rights_expired": (_("Rights expired"), lambda qs: qs.rights_expired()),
        "rights_expiring": (
            format_lazy(_("Rights expiring within {days} days"), days=RIGHTS_WARNING_DAYS),
            lambda qs: qs.rights_expiring(days=RIGHTS_WARNING_DAYS),
        ),
        "unused": (_("Not used in any piece"), lambda qs: qs.filter(placements__isnull=True)),
    }

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Caption, credit, file name…")}),
    )
    flag = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[(key, label) for key, (label, _filter) in FLAGS.items()],
        method="filter_flag",
        empty_label=_("All images"),
    )

    class Meta:
        model = Image
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_images(queryset, value)

    def filter_flag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self.FLAGS[value][1](queryset)
