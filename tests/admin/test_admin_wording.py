"""The admin reads right: the token filter in words, "Readers see" is what readers see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import PartnerToken
from tests import factories

pytestmark = pytest.mark.django_db


def test_token_filter_reads_active_and_revoked(client, superuser):
    PartnerToken.objects.create(partner="Live partner", key_hash="a" * 64, key_prefix="aaaa")
    PartnerToken.objects.create(
        partner="Former partner", key_hash="b" * 64, key_prefix="bbbb", revoked_at=timezone.now()
    )
    client.force_login(superuser)
    url = reverse("admin:articles_partnertoken_changelist")
    text = client.get(url).content.decode()
    assert "Active" in text and "Revoked" in text
    assert "Not empty" not in text and "By revoked" not in text
    active = client.get(url, {"state": "active"}).content.decode()
    assert "Live partner" in active and "Former partner" not in active
    revoked = client.get(url, {"state": "revoked"}).content.decode()
    assert "Former partner" in revoked and "Live partner" not in revoked


def test_readers_see_column_shows_the_public_headline_or_nothing(client, superuser, editor):
    draft = factories.ArticleFactory(headline="Only a draft so far")
    live = factories.ArticleFactory(headline="Harbour wall opens")
    workflow.submit(live, by=editor)
    workflow.publish(live, by=editor)
    workflow.start_update(live, by=editor)
    workflow.save_article(live, by=editor, base_version=live.version, fields={"headline": "Harbour wall opens late"})
    embargoed = factories.ArticleFactory(
        headline="Under embargo", embargoed_until=timezone.now() + datetime.timedelta(hours=2)
    )
    workflow.submit(embargoed, by=editor)
    workflow.publish(embargoed, by=editor)
    client.force_login(superuser)
    response = client.get(reverse("admin:articles_article_changelist"))
    cl = response.context["cl"]
    admin = cl.model_admin
    shown = {obj.pk: admin.publication_display(obj) for obj in cl.result_list}
    assert shown[draft.pk] is None  # rendered as "nothing", never "Draft"
    assert shown[live.pk] == "Harbour wall opens (changes pending)"
    assert shown[embargoed.pk] is None  # readers do not see it yet
    text = response.content.decode()
    assert "Readers see" in text and ">nothing<" in text
