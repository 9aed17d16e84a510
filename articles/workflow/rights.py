"""Usage rights after publication: pictures whose rights have run out come off the live site.

The rights check before publishing stops a piece going live with an expired picture; this module
handles the pictures whose rights run out while a piece is already live. `publish_scheduled` calls
`remove_expired_pictures()` every run:

- every live version that shows such a picture is replaced by a copy without it (the live snapshot
  is copied, not the working copy, so unreviewed edits never go live this way);
- the piece gets a workflow event "Picture removed: rights expired";
- editors and the piece's bylined writers get a mail after the commit.

Each version is its own transaction with its row locked (`SKIP LOCKED` on PostgreSQL), so copies of
the command on several hosts never replace a version twice. `expiring_soon()` is the dashboard's list.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles import generation
from articles.media.focal import live_versions_showing
from articles.models import Article, Image, OutboxMessage, PublishedVersion, WorkflowEvent
from articles.workflow import going_live, notifications

logger = logging.getLogger(__name__)

EVENT = "picture_removed"
WATCH_DAYS = 7


@dataclass
class Removal:
    """One live version replaced: the piece, the new live version and the pictures taken off."""

    version: PublishedVersion
    images: list[Image]


def _strip(version: PublishedVersion, image_ids: set[int], now: datetime.datetime) -> PublishedVersion:
    """Replaces the live `version` by a copy of it without these pictures (the one publishing step)."""
    placements = [p for p in version.placements if p.get("image_id") not in image_ids]
    copy = going_live.copy_of_live(version, placements, by=None, now=now)
    # The pictures left keep the crop the version was approved with.
    going_live.put_live([copy], now=now, crops=going_live.frozen_crops([version]))
    return copy


def _mail(version: PublishedVersion, images: list[Image]) -> None:
    """Tells editors and the bylined writers through the outbox: written in this transaction, sent after commit."""
    article = version.article
    recipients = {user.pk: user for user in notifications.editors() + notifications.bylined_writers(article)}
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "headline": version.headline,
            "pictures": [str(image) for image in images],
            "link": settings.SITE_URL + version.get_absolute_url(),
        }
        subject = " ".join(render_to_string("emails/picture_removed_subject.txt", context).split())
        body = render_to_string("emails/picture_removed.txt", context)
    notifications.store(
        [
            OutboxMessage(
                message_id=notifications.message_id("picture_removed"),
                kind="picture_removed",
                article_id=article.pk,
                recipient=user.email,
                subject=subject,
                body=body,
                language=language,
            )
            for user in recipients.values()
            if user.email
        ]
    )


def remove_expired_pictures(*, today: datetime.date | None = None, dry_run: bool = False) -> list[Removal]:
    """Takes every picture whose rights have expired off every live version; returns what was (or would be) done."""
    today = today or timezone.localdate()
    expired = {image.pk: image for image in Image.objects.rights_expired(today)}
    if not expired:
        return []
    done: list[Removal] = []
    skip_locked = connection.features.has_select_for_update_skip_locked
    for candidate in live_versions_showing(set(expired)):
        shown = [expired[p["image_id"]] for p in candidate.placements if p.get("image_id") in expired]
        if dry_run:
            done.append(Removal(candidate, shown))
            continue
        with transaction.atomic():
            version = (
                PublishedVersion.objects.select_for_update(skip_locked=skip_locked)
                .select_related("article", "section")
                .filter(pk=candidate.pk, is_live=True)
                .first()
            )
            if version is None:  # replaced meanwhile, or another host holds it
                continue
            shown = [expired[p["image_id"]] for p in version.placements if p.get("image_id") in expired]
            if not shown:
                continue
            replacement = _strip(version, {image.pk for image in shown}, timezone.now())
            article = version.article
            WorkflowEvent.objects.create(
                article=article,
                transition=EVENT,
                from_state=article.status,
                to_state=article.status,
                actor=None,
                comment=_("Picture removed: rights expired (%(pictures)s).")
                % {"pictures": "; ".join(f"#{image.pk} {image}" for image in shown)},
            )
            _mail(replacement, shown)
            generation.bump()  # what readers see changed; the last write, so the shared row is held briefly
            done.append(Removal(replacement, shown))
    return done


@dataclass
class Watched:
    """A picture whose rights run out soon and the live pieces showing it."""

    image: Image
    versions: list[PublishedVersion]


def expiring_soon(*, days: int = WATCH_DAYS, today: datetime.date | None = None, user=None) -> list[Watched]:
    """Pictures whose rights expire within `days` and that live pieces show, soonest first.

    With a `user`: only the live pieces that user may open (`Article.objects.visible_to`), and only
    the pictures one of those shows; a writer never learns another's headline or address here.
    """
    images = list(Image.objects.rights_expiring(days=days, today=today).order_by("rights_expire_on", "pk"))
    if not images:
        return []
    versions = live_versions_showing({image.pk for image in images})
    if user is not None:
        visible = set(
            Article.objects.visible_to(user)
            .filter(pk__in={version.article_id for version in versions})
            .values_list("pk", flat=True)
        )
        versions = [version for version in versions if version.article_id in visible]
    return [
        Watched(image, shown)
        for image in images
        if (shown := [v for v in versions if any(p.get("image_id") == image.pk for p in v.placements)])
    ]
