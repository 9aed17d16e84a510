"""Demo people: the sign-in accounts (users, groups, one-time passwords) and the byline authors."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from articles.models import Author
from articles.roles import EDITOR, PHOTOGRAPHER, WRITER


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    group: str | None = None
    superuser: bool = False
    staff: bool = False
    author_sign_off: str | None = None  # the Author record this account writes as


ACCOUNTS = [
    DemoAccount("writer", "Wiebke", "Schreiber", group=WRITER, author_sign_off="wsc"),
    DemoAccount("editor", "Eda", "Redakteur", group=EDITOR, staff=True),
    DemoAccount("admin", "Ada", "Admin", superuser=True, staff=True),
    DemoAccount("photographer", "Pia", "Fotografin", group=PHOTOGRAPHER),
]

# (name, slug, sign-off, bio)
AUTHORS = [
    ("Wiebke Schreiber", "wiebke-schreiber", "wsc", "Covers the town hall and the harbour for the newsroom."),
    ("Jonas Keller", "jonas-keller", "jke", "Business reporter; shops, shipyards and the port."),
    ("Mira Okafor", "mira-okafor", "mok", "Sport and everything that happens on a Saturday afternoon."),
    ("Paul Brandt", "paul-brandt", "pbr", "Culture desk: stages, books and the people behind them."),
]


@dataclass
class AccountReport:
    username: str
    password: str | None  # None: the account existed, its password was kept
    role: str


def ensure_account(account: DemoAccount, authors: dict[str, Author]) -> AccountReport:
    User = get_user_model()
    user = User.objects.filter(username=account.username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User(
            username=account.username,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@newsroom.localhost",
            is_staff=account.staff,
            is_superuser=account.superuser,
        )
        user.set_password(password)
        user.save()
    if account.group:
        user.groups.add(Group.objects.get(name=account.group))
    if account.author_sign_off:
        author = authors[account.author_sign_off]
        if author.user_id is None and not Author.objects.filter(user=user).exists():
            author.user = user
            author.save(update_fields=["user"])
    role = _("administrator") if account.superuser else (account.group or "")
    return AccountReport(account.username, password, str(role))


def missing_accounts() -> list[DemoAccount]:
    existing = set(
        get_user_model().objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list("username", flat=True)
    )
    return [account for account in ACCOUNTS if account.username not in existing]
