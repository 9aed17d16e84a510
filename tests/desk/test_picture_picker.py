"""The picture picker: the placement row takes a picture's number, the search answers a page of matches."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.desk.forms import PlacementForm
from articles.desk.widgets import picture_label
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

SEARCH = reverse("desk:picture-search")


def placement_form(image_value) -> PlacementForm:
    return PlacementForm({"image": image_value, "role": "inline", "position": 0, "caption": ""})


@pytest.mark.parametrize("typed", ["{pk}", "#{pk}", " #{pk} · Lighthouse at dawn · © Ann"])
def test_the_picture_box_takes_a_number_or_the_pickers_label(typed):
    image = factories.ImageFactory(caption="Lighthouse at dawn")
    form = placement_form(typed.format(pk=image.pk))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["image"] == image


@pytest.mark.parametrize("typed", ["lighthouse", "#999999"])
def test_words_or_an_unknown_number_ask_for_a_picture(typed):
    factories.ImageFactory(caption="Lighthouse at dawn")
    form = placement_form(typed)
    assert not form.is_valid()
    assert "type the number of a picture" in str(form.errors["image"])


def search(client, query: str, *, json: bool = True, **params):
    headers = {"Accept": "application/json"} if json else {}
    return client.get(SEARCH, {"q": query, **params}, headers=headers)


def test_the_search_answers_matching_pictures_with_their_labels(client, writer):
    client.force_login(writer)
    lighthouse = factories.ImageFactory(caption="Lighthouse at dawn")
    factories.ImageFactory(caption="Council meeting")
    answer = search(client, "lighthouse").json()
    assert answer["results"] == [
        {"id": lighthouse.pk, "label": picture_label(lighthouse), "thumbnail": "", "caption": "Lighthouse at dawn"}
    ]
    assert answer["has_next"] is False
    # A number finds that picture.
    assert [found["id"] for found in search(client, f"#{lighthouse.pk}").json()["results"]] == [lighthouse.pk]


def test_the_search_is_paginated_and_its_queries_do_not_grow_with_the_library(client, writer):
    client.force_login(writer)
    factories.ImageFactory.create_batch(3, caption="Lighthouse at dawn")
    with CaptureQueriesContext(connection) as few:
        search(client, "lighthouse")
    factories.ImageFactory.create_batch(20, caption="Lighthouse at dusk")
    with CaptureQueriesContext(connection) as many:
        first = search(client, "lighthouse").json()
    assert len(many) == len(few)
    assert len(first["results"]) == 8 and first["has_next"]
    last = search(client, "lighthouse", page=3).json()
    assert len(last["results"]) == 7 and not last["has_next"]


def test_without_javascript_the_search_page_lists_numbers_to_type(client, writer):
    client.force_login(writer)
    lighthouse = factories.ImageFactory(caption="Lighthouse at dawn")
    response = search(client, "lighthouse", json=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<strong>{lighthouse.pk}</strong>" in page and "Lighthouse at dawn" in page
    assert 'name="q"' in page


def test_the_search_needs_a_desk_login(client):
    assert search(client, "lighthouse").status_code == 302


def test_the_search_needs_the_permission_to_see_pictures(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert search(client, "lighthouse").status_code == 403


def test_labels_are_translated():
    uncredited = factories.ImageFactory(caption="Unknown source", creator="", agencies="")
    with translation.override("de"):
        assert "kein Bildnachweis" in picture_label(uncredited)


def test_words_typed_without_choosing_come_back_with_the_error_and_nothing_is_saved(client, writer):
    from tests.desk.test_desk_editing import editor_post

    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    placed = factories.PlacementFactory(article=article, role="lead")
    client.force_login(writer)
    data = editor_post(article, headline="Changed", **{"placements-0-image": "lighthouse"})
    response = client.post(reverse("desk:article-edit", kwargs={"pk": article.pk}), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="lighthouse"' in page and "type the number of a picture" in page
    assert 'aria-describedby="id_placements-0-image_error id_placements-0-image_pickerhelp"' in page
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline != "Changed" and stored.placements.get().image_id == placed.image_id
