"""The withdrawn page (410): a headline only for a version readers saw, with the editors' note to readers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, PublishedVersion
from tests import factories
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site():
    clear_site_caches()


def _published(editor, **fields) -> Article:
    article = factories.ArticleFactory(section=factories.SectionFactory(slug="politics"), **fields)
    workflow.publish(workflow.submit(article, by=editor), by=editor)
    return Article.objects.get(pk=article.pk)


def test_withdrawn_public_piece_shows_its_headline_and_the_note_to_readers(client, editor):
    article = _published(editor, slug="harbour", headline="Harbour wall gives way")

    workflow.withdraw(article, by=editor, comment="Lawyer's call, internal.", public_note="We are checking the facts.")

    response = client.get("/politics/harbour/")
    html = response.content.decode()
    assert response.status_code == 410
    assert "Harbour wall gives way" in html
    assert "We are checking the facts." in html
    assert "Lawyer" not in html  # the reason stays internal
    assert PublishedVersion.objects.get(article=article).public_note == "We are checking the facts."


def test_withdrawn_before_its_embargo_passed_is_not_found(client, editor):
    until = timezone.now() + datetime.timedelta(hours=2)
    article = _published(editor, slug="budget", headline="Secret budget figures", embargoed_until=until)

    workflow.withdraw(article, by=editor, comment="Embargo broken elsewhere.", public_note="Gone.")

    response = client.get("/politics/budget/")
    assert response.status_code == 404
    assert "Secret budget figures" not in response.content.decode()
    assert PublishedVersion.objects.get(article=article).was_public is False


def test_withdrawn_after_its_embargo_passed_is_gone(client, editor):
    until = timezone.now() + datetime.timedelta(hours=2)
    article = _published(editor, slug="later", headline="Figures released", embargoed_until=until)
    PublishedVersion.objects.filter(article=article).update(embargoed_until=timezone.now() - datetime.timedelta(1))

    workflow.withdraw(article, by=editor, comment="Wrong.")

    response = client.get("/politics/later/")
    assert response.status_code == 410
    assert "Figures released" in response.content.decode()


def test_admin_withdraw_action_takes_the_note_to_readers(client, superuser):
    article = _published(superuser, slug="admin-note", headline="Quarry closes")
    client.force_login(superuser)

    response = client.post(
        "/admin/articles/article/",
        {
            "action": "transition_withdraw",
            "_selected_action": [article.pk],
            "apply": "1",
            "comment": "Internal reason.",
            "public_note": "The quarry did not close.",
        },
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == "unpublished"
    assert "The quarry did not close." in client.get("/politics/admin-note/").content.decode()


def test_desk_withdraw_form_takes_the_note_to_readers(client, editor):
    article = _published(editor, slug="desk-note", headline="Bridge reopens")
    client.force_login(editor)

    client.post(
        f"/desk/articles/{article.pk}/transition/",
        {"transition": "withdraw", "withdraw-comment": "Internal.", "withdraw-public_note": "Bridge still closed."},
    )

    assert Article.objects.get(pk=article.pk).status == "unpublished"
    assert "Bridge still closed." in client.get("/politics/desk-note/").content.decode()
