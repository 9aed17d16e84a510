"""The desk's overview pages: sign-in, dashboard, article list, calendar, authors, error pages."""

import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def set_state(article: Article, state: str, **fields) -> Article:
    """Put a piece into a state for a read-only test (the protected field refuses assignment)."""
    Article.objects.filter(pk=article.pk).update(status=state, **fields)
    article.refresh_from_db()
    return article


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- sign-in, sign-out, password change ---------------------------------------------------------


def test_desk_pages_send_anonymous_visitors_to_sign_in(client):
    for name in ["desk:dashboard", "desk:article-list", "desk:calendar", "desk:image-list", "desk:author-list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_sign_in_form_signs_in_and_lands_on_the_dashboard(client, writer):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Username" in content and "Password" in content and "Sign in" in content
    response = client.post(reverse("login"), {"username": writer.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:dashboard")
    assert client.get(reverse("desk:dashboard")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client, writer):
    response = client.post(reverse("login"), {"username": writer.username, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "correct username and password" in response.content.decode()


def test_sign_out_is_a_post_form_in_the_desk_menu(writer):
    client = signed_in(writer)
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}">' in page
    response = client.post(reverse("logout"))
    assert response.status_code in (200, 302)
    assert "_auth_user_id" not in client.session


def test_password_change_changes_the_password(writer):
    client = signed_in(writer)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    writer.refresh_from_db()
    assert writer.check_password("a-new-long-passphrase")


@pytest.mark.parametrize("name", ["desk:dashboard", "desk:article-list", "desk:calendar", "desk:image-list"])
def test_overview_pages_render_for_writers_and_editors(name, writer, editor):
    factories.ArticleFactory(created_by=writer)
    for user in (writer, editor):
        response = signed_in(user).get(reverse(name))
        assert response.status_code == 200, (name, user)
        assert b'<main id="main"' in response.content
