"""The editor page stays cheap as a piece grows, and what it keeps between requests follows every change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def piece_with(writer, size: int):
    """A piece with `size` bylines and `size` placed pictures."""
    authors = [writer.author, *factories.AuthorFactory.create_batch(size - 1)]
    article = factories.ArticleFactory(authors=authors, created_by=writer)
    for position in range(size):
        factories.PlacementFactory(article=article, role="lead" if position == 0 else "inline", position=position)
    return article


def editor_queries(client, article) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("desk:article-edit", kwargs={"pk": article.pk}))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["writer", "editor"])
def test_editor_queries_do_not_grow_with_bylines_and_pictures(client, writer, editor, who):
    client.force_login(writer if who == "writer" else editor)
    few, many = piece_with(writer, 2), piece_with(writer, 20)
    response = client.get(reverse("desk:article-edit", kwargs={"pk": many.pk}))
    assert len(response.context["bylines"].forms) == 20 and len(response.context["placements"].forms) == 20
    # Second openings: the first one creates the edit lock and builds the library's choices.
    editor_queries(client, few)
    assert editor_queries(client, many) == editor_queries(client, few)


def test_the_editor_page_does_not_grow_with_the_library(client, writer):
    """No picture list in the page: each row shows its own picture and a search box."""
    client.force_login(writer)
    article = piece_with(writer, 2)
    client.get(reverse("desk:article-edit", kwargs={"pk": article.pk}))
    small_page, small_queries = len(editor_page(client, article)), editor_queries(client, article)
    factories.ImageFactory.create_batch(30)
    assert len(editor_page(client, article)) == small_page
    assert editor_queries(client, article) == small_queries


def editor_page(client, article) -> str:
    return client.get(reverse("desk:article-edit", kwargs={"pk": article.pk})).content.decode()


def test_each_picture_row_shows_its_picture_in_a_picker(client, writer):
    client.force_login(writer)
    article = piece_with(writer, 2)
    page = editor_page(client, article)
    assert "<option" not in page.split('data-formset="placements"')[1].split("</section>")[0].replace(
        '<option value="lead"', ""
    ).replace('<option value="inline"', "")
    for index, placement in enumerate(article.placements.order_by("position", "pk")):
        label = f"#{placement.image_id} · {placement.image} · {placement.image.credit_line}"
        assert f'name="placements-{index}-image" value="{label}"' in page
    assert 'data-search-url="/desk/editor/pictures/"' in page
    assert 'type="module" src="/static/js/picture_picker.js"' in page


def test_the_checks_run_for_a_page_that_shows_them_not_for_a_save_that_redirects(client, writer, monkeypatch):
    from articles.desk import editing
    from tests.desk.test_desk_editing import editor_post

    runs = []
    run_checks = editing.checks.run_checks
    monkeypatch.setattr(editing.checks, "run_checks", lambda article: runs.append(article.pk) or run_checks(article))
    client.force_login(writer)
    article = piece_with(writer, 1)
    url = reverse("desk:article-edit", kwargs={"pk": article.pk})
    client.get(url)
    assert runs == [article.pk]
    response = client.post(url, editor_post(article, headline="Saved without checks"))
    assert response.status_code == 302 and runs == [article.pk]
    # A refused save shows the editor again, with the stored version's findings.
    response = client.post(url, editor_post(article, headline="x" * 500))
    assert response.status_code == 400 and runs == [article.pk, article.pk]
