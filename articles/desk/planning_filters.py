"""The filters the budget and the board share: desk, section and person, read from a plain GET form.

A member of one desk opens the planning pages on that desk (members of several desks on all of them);
`?desk=all` shows every desk. The
filters travel in every link and form of the page (`PlanningFilters.query`), so a move, a reorder or
the next day keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from articles.models import Article, Assignment, Byline, Desk, Section

ALL_DESKS = "all"


def writer_accounts() -> QuerySet:
    """Whoever may write pieces: the Writer and Editor groups (through their permission), and superusers."""
    users = get_user_model().objects
    # The groups' members as one id list: joined in, a member of two such groups would come twice (DISTINCT).
    writers = users.filter(
        groups__permissions__codename="add_article", groups__permissions__content_type__app_label="articles"
    ).values("pk")
    return (
        users.filter(is_active=True).filter(Q(pk__in=writers) | Q(is_superuser=True)).order_by("first_name", "username")
    )


class Person(NamedTuple):
    """A choice of the person filter: an agency's desk lists hundreds, so a pair rather than a user object
    (measured: a board with 400 writers spent 20 ms loading and rendering them as users)."""

    pk: int
    name: str


def shown_name(first_name: str, last_name: str, username: str) -> str:
    """The name the desk shows for an account read as columns: as `User.get_full_name`, else the user name."""
    return f"{first_name} {last_name}".strip() or username


def writer_choices() -> list[Person]:
    """The writers to filter by, with the name the desk shows (full name, else the user name)."""
    rows = writer_accounts().values_list("pk", "first_name", "last_name", "username")
    return [Person(pk, shown_name(first, last, username)) for pk, first, last, username in rows]


@dataclass(frozen=True)
class PlanningFilters:
    desk: Desk | None = None
    section: Section | None = None
    person: Person | None = None
    # The user's own desk, for the "my desk" link; and the choices of the form.
    own_desk: Desk | None = None
    desks: list[Desk] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def person_options(self) -> SafeString:
        """The person filter's options, joined here: an agency's 400 writers cost 5 ms as a template loop."""
        chosen = self.person.pk if self.person else None
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((p.pk, " selected" if p.pk == chosen else "", p.name) for p in self.people),
        )

    @property
    def desk_value(self) -> str:
        return self.desk.slug if self.desk else ALL_DESKS

    def params(self) -> dict[str, str]:
        """The filters as GET parameters (the desk always, so "all desks" stays chosen)."""
        params = {"desk": self.desk_value}
        if self.section:
            params["section"] = self.section.slug
        if self.person:
            params["person"] = str(self.person.pk)
        return params

    def query(self, **extra) -> str:
        """`desk=…&section=…&person=…` plus `extra` (e.g. date), ready to follow a `?`."""
        return urlencode({**self.params(), **{key: value for key, value in extra.items() if value}})

    @property
    def desk_sections(self) -> list[int]:
        """The sections the chosen desk looks after (from the list already read: no join per query)."""
        return [section.pk for section in self.sections if self.desk and section.desk_id == self.desk.pk]

    def assignments(self, queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
        """An assignment belongs to its own desk, else (none named) to its section's."""
        if self.desk:
            queryset = queryset.filter(Q(desk=self.desk) | Q(desk__isnull=True, section__in=self.desk_sections))
        if self.section:
            queryset = queryset.filter(section=self.section)
        if self.person:
            queryset = queryset.filter(assignees=self.person.pk)
        return queryset

    def articles(self, queryset: QuerySet[Article]) -> QuerySet[Article]:
        """A piece belongs to the desk of its section (models/newsroom.py).

        Filtering by section ids keeps the live column on its (section, published_at) order without a join.
        """
        if self.desk:
            queryset = queryset.filter(section__in=self.desk_sections)
        if self.section:
            queryset = queryset.filter(section=self.section)
        if self.person:
            # Sub-selects rather than joins: a join would repeat a piece with two bylines or writers.
            bylined = Byline.objects.filter(author__user=self.person.pk).values("article_id")
            planned = Assignment.objects.filter(assignees=self.person.pk, article__isnull=False).values("article_id")
            queryset = queryset.filter(Q(pk__in=bylined) | Q(pk__in=planned))
        return queryset


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def planning_filters(request: HttpRequest, data: QueryDict | None = None) -> PlanningFilters:
    """The filters asked for in `data` (the request's GET by default); no desk asked: the user's own."""
    data = request.GET if data is None else data
    desks = list(Desk.objects.all())
    own_ids = set(request.user.desks.values_list("pk", flat=True)) if request.user.is_authenticated else set()
    # A member of one desk works on it; someone on several desks (a chief editor) starts with all of them.
    own = next((desk for desk in desks if desk.pk in own_ids), None) if len(own_ids) == 1 else None
    desk = next((d for d in desks if d.slug == data.get("desk")), None) if "desk" in data else own
    sections = list(Section.objects.all())
    section = next((s for s in sections if s.slug == data.get("section")), None)
    people = writer_choices()
    person_pk = _int(data.get("person"))
    person = next((p for p in people if p.pk == person_pk), None)
    return PlanningFilters(
        desk=desk, section=section, person=person, own_desk=own, desks=desks, sections=sections, people=people
    )


def filter_context(filters: PlanningFilters, **extra) -> dict[str, object]:
    """What the pages' filter form and links need: the filters, and the query strings that keep them."""
    return {
        "filters": filters,
        "query": filters.query(**extra),
        "all_desks_query": replace(filters, desk=None).query(**extra),
        "own_desk_query": replace(filters, desk=filters.own_desk).query(**extra),
    }
