"""What an approved picture freezes: a library change never reaches partners or readers of a live piece."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client

from articles import workflow
from articles.exchange.ninjs import ninjs_item
from articles.models import Article, Image, Placement, PublishedVersion
from articles.models.partners import PartnerToken
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    clear_site_caches()


def _live_with_picture(editor) -> tuple[Article, Image]:
    article = factories.ArticleFactory(section=factories.SectionFactory(slug="politics"), slug="pipes")
    image = image_with_file(
        caption="Pipes on the quay.",
        alt_text="Rusty pipes on a quay",
        creator="Andrew Dickson",
        organisation="US Army",
        agencies="AP/dpa",
        copyright_notice="© AP",
        usage_terms="Editorial use only.",
        source="AP Images",
    )
    Placement.objects.create(article=article, image=image, role=Placement.Role.LEAD)
    workflow.publish(workflow.submit(article, by=editor), by=editor)
    return Article.objects.get(pk=article.pk), image


def _change_library(image: Image) -> None:
    image.creator = "Someone Else"
    image.organisation = "Other Org"
    image.copyright_notice = "© Nobody"
    image.usage_terms = "Any use."
    image.alt_text = "Changed alt"
    image.caption = "Changed caption."
    image.save()


def _ninjs_picture(article: Article) -> dict:
    piece = PublishedVersion.objects.select_related("section").get(article=article, is_live=True)
    (picture,) = ninjs_item(piece)["associations"]
    return picture


def test_the_version_freezes_what_prints(editor):
    article, _image = _live_with_picture(editor)

    (placement,) = PublishedVersion.objects.get(article=article, is_live=True).placements

    assert placement["creator"] == "Andrew Dickson"
    assert placement["copyright_notice"] == "© AP"
    assert placement["usage_terms"] == "Editorial use only."
    assert placement["source"] == "AP Images"
    assert placement["alt_text"] == "Rusty pipes on a quay"
    assert placement["caption"] == "Pipes on the quay."
    assert placement["rights_expire_on"] == ""


def test_library_changes_do_not_reach_ninjs(editor):
    article, image = _live_with_picture(editor)
    before = _ninjs_picture(article)

    _change_library(image)

    after = _ninjs_picture(article)
    assert after == before
    assert after["by"] == "Andrew Dickson"
    assert after["copyrightNotice"] == "© AP"
    assert after["usageTerms"] == "Editorial use only."


def test_library_changes_do_not_reach_the_api_nor_json_ld(editor):
    article, image = _live_with_picture(editor)
    token = PartnerToken(partner="Agency")
    key = token.issue_key()
    token.save()
    partner = Client(headers={"Authorization": f"Token {key}"})
    api_before = partner.get(f"/api/v1/articles/{article.pk}/").json()
    ninjs_before = partner.get(f"/api/v1/articles/{article.pk}/ninjs").json()

    _change_library(image)
    cache.clear()
    clear_site_caches()

    assert partner.get(f"/api/v1/articles/{article.pk}/").json() == api_before
    assert partner.get(f"/api/v1/articles/{article.pk}/ninjs").json() == ninjs_before
    html = Client().get("/politics/pipes/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert {image["creditText"] for image in data["image"]} == {"© Andrew Dickson/US Army/AP/dpa"}
    assert {image["caption"] for image in data["image"]} == {"Pipes on the quay."}
    assert "Changed alt" not in html and "Someone Else" not in html
