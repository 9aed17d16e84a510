"""Loading the demo: sections, authors, accounts, pictures, then each piece walked through the workflow.

States are reached only through `articles.workflow.transitions`, exactly as the desk would
reach them, so the demo also shows events, snapshots and a live piece with an
update in progress. Loading is idempotent: sections, authors, images and pieces
are found by their slug, sign-off or source marker, and nothing is created twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.demo.accounts import ACCOUNTS, AUTHORS, AccountReport, ensure_account
from articles.demo.pictures import IMAGE_SOURCE_PREFIX, IMAGES, ensure_image
from articles.demo.planning import ensure_desks, ensure_planned_day
from articles.demo.stories import PIECES, SECTIONS, DemoPiece
from articles.models import Article, Author, Byline, Image, Placement, Section, State


class DemoRefused(Exception):
    """Demo content is for development only."""


# --------------------------------------------------------------------------- loading


@dataclass
class DemoReport:
    accounts: list[AccountReport] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # headlines
    skipped: list[str] = field(default_factory=list)
    images_created: int = 0
    assignments_created: int = 0


def _bring_to_state(article: Article, piece: DemoPiece, *, writer, editor, now: datetime.datetime) -> None:
    """Walk the piece through the workflow, as the desk would, to the state the demo shows."""
    from articles import workflow

    if piece.state == State.DRAFT:
        return
    # The writer submits their own pieces; the editor submits the others'.
    submitter = writer if workflow.is_writer_of(writer, article) else editor
    workflow.submit(article, by=submitter)
    if piece.state == State.IN_REVIEW:
        if piece.comment:
            from articles.review.comments import add_comment

            add_comment(article, by=editor, body=piece.comment)
        return
    if piece.state == "changes_requested":
        workflow.request_changes(article, by=editor, comment=piece.comment)
        return
    if piece.state == State.SCHEDULED:
        publish_at = (now + datetime.timedelta(days=2)).replace(hour=6, minute=0, second=0, microsecond=0)
        workflow.schedule(article, by=editor, publish_at=publish_at)
        return
    workflow.publish(article, by=editor)
    if piece.state == State.UNPUBLISHED:
        workflow.withdraw(article, by=editor, comment=piece.comment)
    elif piece.state == "update":
        updater = writer if workflow.is_writer_of(writer, article) else editor
        workflow.start_update(article, by=updater)
        workflow.save_article(
            article,
            by=updater,
            base_version=article.version,
            fields={"body": article.body + "\n\n" + piece.update},
        )


def create_piece(
    piece: DemoPiece,
    *,
    sections: dict[str, Section],
    authors: dict[str, Author],
    images: dict[str, Image],
    writer,
    editor,
    today: datetime.date,
    now: datetime.datetime,
) -> Article:
    bylined = [authors[sign_off] for sign_off in piece.sign_offs]
    creator = writer if any(author.user_id == writer.pk for author in bylined) else editor
    article = Article.objects.create(
        kicker=piece.kicker,
        headline=piece.headline,
        teaser=piece.teaser,
        dateline=piece.dateline,
        body=piece.body,
        date=today - datetime.timedelta(days=piece.days_ago) if piece.state != State.SCHEDULED else None,
        section=sections[piece.section],
        slug=piece.slug,
        created_by=creator,
    )
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position) for position, author in enumerate(bylined)
    )
    if piece.lead_image:
        Placement.objects.create(article=article, image=images[piece.lead_image], role=Placement.Role.LEAD)
    if piece.inline_image:
        key, position = piece.inline_image
        Placement.objects.create(article=article, image=images[key], role=Placement.Role.INLINE, position=position)
    _bring_to_state(article, piece, writer=writer, editor=editor, now=now)
    return article


def missing_pieces() -> list[DemoPiece]:
    existing = set(Article.objects.filter(slug__in=[piece.slug for piece in PIECES]).values_list("slug", flat=True))
    return [piece for piece in PIECES if piece.slug not in existing]


def load_demo(*, now: datetime.datetime | None = None) -> DemoReport:
    """Create whatever demo content is missing; refuses unless DEBUG is on."""
    if not settings.DEBUG:
        raise DemoRefused(_("Demo content and demo accounts are for development only: DEBUG is off."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DemoReport()
    # Demo transitions mail nobody: the console would fill with a dozen notifications.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        sections = {
            slug: Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})[0]
            for position, (name, slug) in enumerate(SECTIONS)
        }
        authors = {}
        for name, slug, sign_off, bio in AUTHORS:
            author = Author.objects.filter(sign_off__iexact=sign_off).first()
            if author is None:
                author = Author.objects.create(name=name, slug=slug, sign_off=sign_off, bio=bio)
            authors[sign_off] = author
        report.accounts = [ensure_account(account, authors) for account in ACCOUNTS]
        User = get_user_model()
        writer = User.objects.get(username="writer")
        editor = User.objects.get(username="editor")
        for account in (writer, editor):
            # Group membership changed above: forget the permissions Django cached on the object.
            for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
                account.__dict__.pop(cache, None)

        todo = missing_pieces()
        report.skipped = [piece.headline for piece in PIECES if piece not in todo]
        needed = {piece.lead_image for piece in todo} | {piece.inline_image[0] for piece in todo if piece.inline_image}
        images = {}
        for picture in IMAGES:
            if picture.key in needed or not Image.objects.filter(source=IMAGE_SOURCE_PREFIX + picture.key).exists():
                images[picture.key], created = ensure_image(picture, by=editor, today=today)
                report.images_created += created
        for piece in todo:
            create_piece(
                piece,
                sections=sections,
                authors=authors,
                images=images,
                writer=writer,
                editor=editor,
                today=today,
                now=now,
            )
            report.created.append(piece.headline)
        ensure_desks(sections=sections, members=[editor])
        report.assignments_created = ensure_planned_day(sections=sections, writer=writer, editor=editor, now=now)
    return report
