"""The editor page stays cheap as a piece grows, and what it keeps between requests follows every change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.desk.forms import PlacementFormSet
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


def library_labels() -> dict[str, str]:
    """The picture choices a placement row offers, by image id."""
    widget = PlacementFormSet(prefix="placements").empty_form.fields["image"].widget
    return {str(value): label for value, label in widget.shared_choices if value != ""}


def test_the_kept_library_choices_follow_every_change_to_the_library():
    first = factories.ImageFactory(caption="Harbour at night", creator="", agencies="")
    assert "no credit" in library_labels()[str(first.pk)]
    # A new picture, an edited credit and caption, a deleted picture: each shows at the next page.
    second = factories.ImageFactory(caption="Council meeting")
    assert str(second.pk) in library_labels()
    first.creator = "Ann Photographer"
    first.caption = "Harbour at dawn"
    first.save()
    label = library_labels()[str(first.pk)]
    assert "Ann Photographer" in label and "dawn" in label
    second.delete()
    assert str(second.pk) not in library_labels()
    # The labels are translated: each language has its own copy.
    uncredited = factories.ImageFactory(caption="Unknown source", creator="", agencies="")
    with translation.override("de"):
        assert "kein Bildnachweis" in library_labels()[str(uncredited.pk)]
    with translation.override("en"):
        assert "no credit" in library_labels()[str(uncredited.pk)]


def test_the_editor_shows_a_new_picture_in_the_library_at_once(client, writer):
    client.force_login(writer)
    article = piece_with(writer, 2)
    url = reverse("desk:article-edit", kwargs={"pk": article.pk})
    client.get(url)
    added = factories.ImageFactory(caption="Fresh from the photographer")
    page = client.get(url).content.decode()
    assert f'<option value="{added.pk}">#{added.pk}' in page
    # The placed pictures are still selected in their rows.
    for placement in article.placements.all():
        assert f'<option value="{placement.image_id}" selected>' in page
