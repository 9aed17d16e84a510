"""How the newsroom is organised: its desks, the sections pieces appear in and the authors who sign them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Desk(models.Model):
    """A team that plans and edits pieces (news desk, sport desk): it looks after some sections.

    A piece belongs to the desk of its section; an assignment names its desk (by default its section's).
    Desks are the desk's own organisation: readers never see them.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Desks are listed in this order.")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="desks",
        blank=True,
        help_text=_("Who works on this desk: planning pages open on a member's own desk."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")

    def __str__(self) -> str:
        return self.name


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
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("desk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sections",
        help_text=_("The desk that looks after this section's pieces."),
    )

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
