"""The article list counts matches only up to a cap: past it, it says so and pages through the first ones."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.desk.view_helpers import CappedPaginator
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_past_the_cap_the_list_says_there_are_more(editor_client, writer, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for number in range(5):
        factories.ArticleFactory(authors=[writer.author], headline=f"Harbour wall {number}")

    response = editor_client.get(reverse("desk:article-list"), {"q": "Harbour"})
    assert response.context["page"].paginator.capped
    assert "More than 3 pieces" in response.content.decode()

    response = editor_client.get(reverse("desk:article-list"), {"q": "Harbour wall 4"})
    assert not response.context["page"].paginator.capped
    assert "1 piece" in response.content.decode()


def test_the_cap_is_said_in_german(editor_client, writer, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 1000)
    monkeypatch.setattr(CappedPaginator, "counted", 1001)
    factories.ArticleFactory(authors=[writer.author])
    response = editor_client.get(reverse("desk:article-list"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Mehr als 1.000 Beiträge" in response.content.decode()
