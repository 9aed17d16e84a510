"""Library pictures and the pieces that show them: who may change one, and applying a correction to live pieces.

A published version freezes what prints of its pictures (`snapshots.picture_metadata`), so a change
in the library reaches readers and partners only through a publication: the next approved one of
each piece — the change is recorded as a new revision of every piece placing the picture
(`follow_library`), so it is pending, shown in the review diff and published with the next approval —
or an editor's correction applied to every live piece showing the picture at once
(`apply_picture_change`): one new version per piece through the one publishing path, an event per
piece naming what changed, one generation bump.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from articles.models import Article, Image, Placement, PublishedPicture, PublishedVersion, Revision, State
from articles.workflow import going_live
from articles.workflow.errors import NotPermitted
from articles.workflow.permissions import can_change_picture, is_active_user, is_editor
from articles.workflow.revisions import record
from articles.workflow.snapshots import picture_metadata, related_prefetches, revision_of

EVENT = "picture_corrected"

# What a correction may change, with the label its event names (caption handled apart: it may be the piece's own).
CHANGED_LABELS = {
    "credit_line": gettext_noop("credit"),
    "creator": gettext_noop("creator"),
    "organisation": gettext_noop("organisation"),
    "agencies": gettext_noop("agencies"),
    "copyright_notice": gettext_noop("copyright notice"),
    "usage_terms": gettext_noop("usage terms"),
    "rights_expire_on": gettext_noop("rights date"),
    "source": gettext_noop("source"),
    "alt_text": gettext_noop("alt text"),
    "is_archive": gettext_noop("archive flag"),
    "caption": gettext_noop("caption"),
}


def pieces_using(image: Image) -> set[int]:
    """Ids of the pieces whose working copy places the picture or whose live version shows it (two queries)."""
    placed = set(Placement.objects.filter(image=image).values_list("article_id", flat=True))
    shown = PublishedPicture.objects.filter(image=image, version__is_live=True).values_list(
        "version__article_id", flat=True
    )
    return placed | set(shown)


def refusal(user, image: Image) -> str:
    """Why this user may not change the picture, and what to do instead (empty when they may)."""
    if can_change_picture(user, image):
        return ""
    if not user.has_perm("articles.change_image"):
        return _("You may not change pictures. Ask an editor.")
    others = pieces_using(image)
    own_drafts = Article.objects.by_author_user(user).filter(pk__in=others, status=State.DRAFT)
    others -= set(own_drafts.values_list("pk", flat=True))
    # Headlines only of the pieces this user may open; the others are counted, never named.
    visible = Article.objects.visible_to(user).filter(pk__in=others).order_by("headline")
    named = [f"“{headline}”" for headline in visible.values_list("headline", flat=True)]
    if hidden := len(others) - len(named):
        named.append(
            ngettext("%(count)d piece you cannot open", "%(count)d pieces you cannot open", hidden) % {"count": hidden}
        )
    live = PublishedVersion.objects.filter(is_live=True, article_id__in=others).count()
    return _(
        "This picture is also used in pieces you may not edit: %(pieces)s (%(live)d of them live). "
        "A change would reach their readers, so an editor must make it: ask an editor, "
        "or upload your own copy of the picture."
    ) % {"pieces": ", ".join(named), "live": live}


def live_pieces(image: Image) -> list[PublishedVersion]:
    """The live versions showing the picture, with their piece and section: the pieces a correction reaches."""
    showing = PublishedPicture.objects.filter(image=image).values("version_id")
    return list(
        PublishedVersion.objects.filter(is_live=True, pk__in=showing)
        .select_related("article", "section")
        .order_by("headline", "pk")
    )


@dataclass
class Applied:
    """One live piece given a new version with the picture as the library has it now."""

    version: PublishedVersion
    changed: list[str]


def _own_captions(version: PublishedVersion) -> dict[tuple, str]:
    """The piece's own caption of each placement, as the approved revision kept it (empty: the picture's)."""
    placements = version.revision.placements if version.revision_id and version.revision else []
    return {(p.get("image_id"), p.get("role"), p.get("position")): p.get("own_caption") for p in placements}


def _corrected(version: PublishedVersion, image: Image) -> tuple[list[dict], list[str]]:
    """The version's placements with this picture's metadata as the library has it now, and what changed."""
    fresh = picture_metadata(image)
    own = _own_captions(version)
    placements, changed = [], []
    for placement in version.placements:
        if placement.get("image_id") != image.pk:
            placements.append(placement)
            continue
        updated = {**placement, **fresh}
        key = (placement.get("image_id"), placement.get("role"), placement.get("position"))
        if own.get(key) == "":  # the piece printed the picture's default caption: it follows the library
            updated["caption"] = image.caption
        changed += [name for name in CHANGED_LABELS if placement.get(name) != updated.get(name)]
        placements.append(updated)
    return placements, list(dict.fromkeys(changed))


def behind_the_library(image: Image) -> list[Applied]:
    """The live pieces whose version shows older metadata of the picture than the library's, and what differs.

    What `apply_picture_change` would do (nothing is written): the confirmation page lists them.
    """
    versions = live_pieces(image)
    if any(version.revision_id for version in versions):
        revisions = Revision.objects.in_bulk([version.revision_id for version in versions if version.revision_id])
        for version in versions:
            if version.revision_id:
                version.revision = revisions.get(version.revision_id)
    found = []
    for version in versions:
        _placements, changed = _corrected(version, image)
        if changed:
            found.append(Applied(version, changed))
    return found


def changed_labels(changed: list[str]) -> str:
    """“credit, usage terms”: what a correction changes, for the event and the confirmation page."""
    return ", ".join(_(CHANGED_LABELS[name]) for name in changed)


def apply_picture_change(image: Image, *, by) -> list[Applied]:
    """Editors: every live piece showing the picture gets a new version with its current metadata, at once.

    The live snapshot is copied (unreviewed edits of the working copies never go live this way);
    only the picture's metadata changes. One event per piece names what changed; readers and
    partners see it after the commit (one generation bump).
    """
    if not is_editor(by):
        raise NotPermitted()
    now = timezone.now()
    with transaction.atomic():
        image = Image.objects.select_for_update().get(pk=image.pk)
        pks = [version.article_id for version in live_pieces(image)]
        going_live.claim(pks, skip_locked=False, fields=("status",))  # the pieces, locked against other publishers
        showing = PublishedPicture.objects.filter(image=image).values("version_id")
        versions = list(
            PublishedVersion.objects.select_for_update(of=("self",))
            .filter(is_live=True, pk__in=showing)
            .select_related("article", "section", "revision")
            .order_by("pk")
        )
        done: list[Applied] = []
        for version in versions:
            placements, changed = _corrected(version, image)
            if changed:
                done.append(Applied(going_live.copy_of_live(version, placements, by=by, now=now), changed))
        if not done:
            return []
        # Only the credit changes: every picture keeps the crop its version was approved with.
        going_live.put_live([applied.version for applied in done], now=now, crops=going_live.frozen_crops(versions))
        # Pieces with the same changes share one event text: a few statements whatever the number of pieces.
        groups: dict[tuple[str, ...], list[Article]] = {}
        for applied in done:
            groups.setdefault(tuple(applied.changed), []).append(applied.version.article)
        for number, (changed, articles) in enumerate(groups.items(), start=1):
            going_live.record(
                articles,
                transition=EVENT,
                from_states={article.pk: article.status for article in articles},
                fields=[],
                by=by,
                now=now,
                comment=_("Picture #%(id)s corrected on the live version: %(changed)s.")
                % {"id": image.pk, "changed": changed_labels(list(changed))},
                public=number == len(groups),  # one bump, the transaction's last write
            )
    return done


def _printed_of(placements: list[dict], image_id: int) -> list[dict]:
    """What prints of one picture in a revision's placements (its metadata and caption, by place)."""
    keys = ("caption", "alt_text", "credit_line", "is_archive", "rights_expire_on", *CHANGED_LABELS)
    return [
        {key: placement.get(key) for key in keys} for placement in placements if placement.get("image_id") == image_id
    ]


def follow_library(image: Image, *, by) -> list[Revision]:
    """After a change to the picture in the library: a new revision of each piece that places it and froze it otherwise.

    The change becomes pending in those pieces like an edit: their history and review diff show it, and
    the next approved publication publishes it (a scheduled piece keeps the revision it was approved with).
    A piece whose current revision already has the picture as it is now gets nothing. Whoever has the
    piece open merges on their next save (the version moved on), losing nothing.
    """
    revisions = []
    with transaction.atomic():
        pks = list(Placement.objects.filter(image=image).values_list("article_id", flat=True).distinct())
        locked = (
            Article.objects.select_for_update(of=("self",)).select_related("section").filter(pk__in=pks).order_by("pk")
        )
        for article in locked:
            current = Revision.objects.filter(article=article, number=article.version).first()
            if current is None:  # nothing frozen yet: the piece's first revision will read the library as it is
                continue
            prefetch_related_objects([article], *related_prefetches())
            fresh = revision_of(article).placements  # unsaved: what a revision would freeze now
            if _printed_of(fresh, image.pk) == _printed_of(current.placements, image.pk):
                continue
            article.version += 1
            if is_active_user(by):
                article._history_user = by
            article.save(update_fields=["version", "updated_at"])
            revisions.append(record(article, by=by, note=("picture_changed", {"id": image.pk})))
    return revisions
