"""Images: each placement's picture file, alt text, credit line, caption and usage rights."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.media.naming import picture_name
from articles.models import Placement
from articles.review.findings import PLACEMENTS, Run


def _image_check(test: Callable[[Placement, Run], str | None]) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        for number, placement in enumerate(run.placements, start=1):
            message = test(placement, run)
            if message:
                run.report(
                    PLACEMENTS,
                    _("%(picture)s: %(problem)s")
                    % {"picture": picture_name(number, placement.role), "problem": message},
                    placement_id=placement.pk,
                )

    return check


@_image_check
def check_image_file(placement: Placement, run: Run) -> str | None:
    return None if placement.image.file else _("no picture file has been uploaded.")


@_image_check
def check_image_alt_text(placement: Placement, run: Run) -> str | None:
    return None if placement.image.alt_text.strip() else _("no alt text for readers who cannot see it.")


@_image_check
def check_image_credit(placement: Placement, run: Run) -> str | None:
    return None if placement.image.has_credit else _("no credit line (creator, organisation or agency).")


@_image_check
def check_image_caption(placement: Placement, run: Run) -> str | None:
    return None if (placement.effective_caption or "").strip() else _("no caption.")


@_image_check
def check_image_rights_expired(placement: Placement, run: Run) -> str | None:
    expires = placement.image.rights_expire_on
    if expires and expires < run.today:
        return _("the usage rights expired on %(date)s.") % {"date": expires.isoformat()}
    return None


@_image_check
def check_image_rights_expiring(placement: Placement, run: Run) -> str | None:
    expires = placement.image.rights_expire_on
    if not expires or expires < run.today:
        return None
    if run.article.expire_at is None:
        return _("the usage rights run out on %(date)s, but the piece has no withdrawal time.") % {
            "date": expires.isoformat()
        }
    withdrawn = timezone.localdate(run.article.expire_at)
    if expires < withdrawn:
        return _("the usage rights run out on %(date)s, before the piece is withdrawn on %(withdrawn)s.") % {
            "date": expires.isoformat(),
            "withdrawn": withdrawn.isoformat(),
        }
    return None
