"""Images: picture file, alt text, credit, caption and usage rights of each placement."""

import datetime

import pytest
from django.utils import timezone

from articles.review.checks import run_checks
from tests import factories
from tests.review.checking import factories_image_file

# --- images -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_image_without_file_alt_text_and_credit_is_blocked():
    article = factories.ArticleFactory()
    placement = factories.PlacementFactory(
        article=article, image__alt_text="", image__creator="", image__agencies="", image__caption=""
    )
    found = {(finding.code, finding.severity, finding.placement_id) for finding in run_checks(article)}
    assert found == {
        ("image-file", "blocking", placement.pk),
        ("image-alt-text", "blocking", placement.pk),
        ("image-credit", "blocking", placement.pk),
        ("image-caption", "warning", placement.pk),
    }


@pytest.mark.django_db
def test_image_credit_from_the_organisation_alone_and_caption_from_the_placement_are_enough():
    article = factories.ArticleFactory()
    factories.PlacementFactory(
        article=article,
        image__file=factories_image_file(),
        image__creator="",
        image__organisation="US Army",
        image__agencies="",
        image__caption="",
        caption="Soldiers load a launcher.",
    )
    assert run_checks(article) == []


@pytest.mark.django_db
def test_image_rights_expired_blocks_and_rights_ending_before_withdrawal_warn():
    today = timezone.localdate()
    article = factories.ArticleFactory()
    article.expire_at = timezone.now() + datetime.timedelta(days=60)
    article.save()
    expired = factories.PlacementFactory(
        article=article, image__file=factories_image_file(), image__rights_expire_on=today - datetime.timedelta(days=1)
    )
    ending = factories.PlacementFactory(
        article=article,
        role="inline",
        image__file=factories_image_file(),
        image__rights_expire_on=today + datetime.timedelta(days=10),
    )
    factories.PlacementFactory(  # runs out after the piece is withdrawn: fine
        article=article,
        role="inline",
        image__file=factories_image_file(),
        image__rights_expire_on=today + datetime.timedelta(days=90),
    )
    factories.PlacementFactory(  # expires today: still usable today
        article=article,
        role="inline",
        image__file=factories_image_file(),
        image__rights_expire_on=today + datetime.timedelta(days=61),
    )
    found = {(finding.code, finding.severity, finding.placement_id) for finding in run_checks(article)}
    assert found == {("image-rights-expired", "blocking", expired.pk), ("image-rights-expiring", "warning", ending.pk)}


@pytest.mark.django_db
def test_image_rights_with_an_end_date_warn_when_the_piece_stays_online_for_good():
    article = factories.ArticleFactory()
    placement = factories.PlacementFactory(
        article=article,
        image__file=factories_image_file(),
        image__rights_expire_on=timezone.localdate() + datetime.timedelta(days=400),
    )
    assert [(finding.code, finding.placement_id) for finding in run_checks(article)] == [
        ("image-rights-expiring", placement.pk)
    ]
