"""Review comments: the discussion on a piece, with @username mentions that notify colleagues."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ReviewComment
from articles.workflow import notifications

# "@anna" or "@anna.berg" — not an e-mail address ("anna@example.org"); a sentence's
# closing full stop is not part of the name.
MENTION_RE = re.compile(r"(?<![\w@.+-])@([\w.+-]*\w)")


def mentioned_usernames(body: str) -> list[str]:
    """Usernames mentioned in the text, in order, each once."""
    seen: dict[str, None] = {}
    for match in MENTION_RE.finditer(body):
        seen.setdefault(match.group(1), None)
    return list(seen)


def mentioned_users(article: Article, body: str, *, exclude=None) -> list:
    """Active users mentioned in the text who may open the piece (others are not told about it)."""
    names = mentioned_usernames(body)
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    users = get_user_model().objects.filter(query, is_active=True)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return [user for user in users if Article.objects.visible_to(user).filter(pk=article.pk).exists()]


def unreachable_mentions(article: Article, body: str, *, by) -> list[tuple[str, str]]:
    """Each @name in the text that will not be notified, with why — so the commenter is told, not left guessing.

    Reasons: no such active colleague, they may not open this piece, or they have no
    e-mail address. Mentioning yourself is not reported. Only someone who may review the piece (and so
    sees every colleague) learns which of the first two it is: to anyone else both read the same, so a
    comment cannot be used to find out which user names exist.
    """
    names = mentioned_usernames(body)
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    users = {user.username.lower(): user for user in get_user_model().objects.filter(query, is_active=True)}
    reachable = {user.pk for user in mentioned_users(article, body)}
    sees_accounts = by.has_perm("articles.review_article")
    unreachable = []
    for name in names:
        user = users.get(name.lower())
        if user is not None and user.pk == by.pk:
            continue
        if (user is None or user.pk not in reachable) and not sees_accounts:
            unreachable.append((name, _("no colleague by that name can open this piece")))
        elif user is None:
            unreachable.append((name, _("no such colleague")))
        elif user.pk not in reachable:
            unreachable.append((name, _("may not open this piece")))
        elif not user.email:
            unreachable.append((name, _("has no e-mail address")))
    return unreachable


def can_comment(user, article: Article) -> bool:
    return (
        user.is_active
        and user.has_perm("articles.add_reviewcomment")
        and Article.objects.visible_to(user).filter(pk=article.pk).exists()
    )


@transaction.atomic
def add_comment(article: Article, *, by, body: str, anchor: tuple[str, str, str] = ("", "", "")) -> ReviewComment:
    """Add a comment to the piece's thread and e-mail the colleagues it mentions, after commit.

    `anchor` is (words, text before, text after) when the comment is about words of the body.
    """
    body = body.strip()
    if not body:
        raise ValueError(_("A comment needs some text."))
    if not can_comment(by, article):
        raise PermissionDenied(_("You may not comment on this piece."))
    words, before, after = anchor
    comment = ReviewComment.objects.create(
        article=article,
        author=by,
        body=body,
        anchor_text=(words or "").strip()[:500],
        anchor_prefix=(before or "")[-80:],
        anchor_suffix=(after or "")[:80],
    )
    # One mail per person, in their own language (nobody sees who else was mentioned), written to the
    # outbox in this transaction and sent once it commits: a mail server that is down delays it, never
    # loses it, and never turns the comment into an error (the next outbox run sends it).
    recipients = mentioned_users(article, body, exclude=by)
    notifications.store(
        notifications.render("mentioned", article, recipients, by=by, comment=body, extra={"words": words or ""})
    )
    return comment


def set_resolved(comment: ReviewComment, *, by, resolved: bool) -> ReviewComment:
    """Resolve a comment (or reopen it); whoever may comment on the piece may do either."""
    if not can_comment(by, comment.article):
        raise PermissionDenied(_("You may not change comments on this piece."))
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def mentionable(article: Article) -> list:
    """The active people who can open the piece (editors, superusers, its writers), for @-completion."""
    users = get_user_model().objects.filter(is_active=True)
    may_review = Q(groups__permissions__codename="review_article") | Q(user_permissions__codename="review_article")
    writers = Q(pk=article.created_by_id) | Q(author__bylines__article=article)
    return list(
        users.filter(Q(is_superuser=True) | may_review | writers)
        .distinct()
        .order_by("username")
        .only("username", "first_name", "last_name")
    )
