"""The desk's picture tools: the focal point on the picture page, thumbnails instead of originals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.media import rendition_sets, renditions
from articles.models import Rendition
from tests import factories
from tests.support.pictures import image_with_photo
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


def test_picture_page_shows_the_focal_point_panel_with_crops_and_no_original(client, editor):
    image = image_with_photo(1200, 900, focal_x=0.3, focal_y=0.6)
    client.force_login(editor)
    page = client.get(reverse("desk:image-detail", args=[image.pk])).content.decode()
    assert "data-focal-stage" in page and 'tabindex="0"' in page
    assert 'name="x"' in page and 'value="30"' in page and 'value="60"' in page
    for crop in ("lead", "teaser", "square", "social"):
        assert f'data-crop="{crop}"' in page
    assert "js/focal-point.js" in page
    assert image.file.url not in page


def test_saving_the_focal_point_makes_new_crops_but_live_pages_keep_the_approved_one(
    client, editor, django_capture_on_commit_callbacks
):
    image = image_with_photo(1200, 900)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    version = go_live(article)
    clear_site_caches()
    before_page = client.get(version.get_absolute_url()).content.decode()
    old_files = set(Rendition.objects.filter(image=image).values_list("file", flat=True))
    assert any(rendition_sets.address(name) in before_page for name in old_files)

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("desk:image-focal-point", args=[image.pk]), {"x": "80", "y": "25"})
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.8, 0.25)
    files = set(Rendition.objects.filter(image=image).values_list("file", flat=True))
    new_files = files - old_files
    assert new_files and old_files <= files  # the live piece's frozen crop is kept
    storage = renditions.renditions_storage()
    assert all(storage.exists(name) for name in old_files)
    client.logout()
    after_page = client.get(version.get_absolute_url()).content.decode()
    assert any(rendition_sets.address(name) in after_page for name in old_files)
    assert not any(rendition_sets.address(name) in after_page for name in new_files)

    republished = go_live(article)  # the next approved publication takes the new crop
    page = client.get(republished.get_absolute_url()).content.decode()
    assert any(rendition_sets.address(name) in page for name in new_files)


@pytest.mark.parametrize("data", [{"x": "120", "y": "5"}, {"x": "", "y": "5"}, {"x": "abc", "y": "nan"}])
def test_bad_focal_point_is_refused_with_a_message_and_changes_nothing(client, editor, data):
    image = image_with_photo(640, 480)
    client.force_login(editor)
    response = client.post(reverse("desk:image-focal-point", args=[image.pk]), data, follow=True)
    assert response.status_code == 200
    assert "The focal point was not saved" in response.content.decode()
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.5, 0.5)


def test_focal_point_needs_post_and_the_change_permission(client, writer):
    image = image_with_photo(640, 480)
    image.uploaded_by = writer  # a writer may change the pictures they uploaded (workflow.can_change_picture)
    image.save(update_fields=["uploaded_by"])
    url = reverse("desk:image-focal-point", args=[image.pk])
    client.force_login(writer)
    assert client.get(url).status_code in {403, 405}
    can_change = writer.has_perm("articles.change_image")
    response = client.post(url, {"x": "10", "y": "10"})
    image.refresh_from_db()
    if can_change:
        assert response.status_code == 302 and image.focal_x == 0.1
    else:
        assert response.status_code == 403 and image.focal_x == 0.5


def test_library_and_editor_show_thumbnails_never_originals(client, editor):
    image = image_with_photo(1200, 900)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    client.force_login(editor)
    library = client.get(reverse("desk:image-list")).content.decode()
    desk_renditions = f"/desk/images/{image.pk}/renditions/"
    assert desk_renditions in library and image.file.url not in library
    editor_page = client.get(reverse("desk:article-edit", args=[article.pk])).content.decode()
    assert desk_renditions in editor_page and image.file.url not in editor_page


def test_editor_panel_saves_the_focal_point_in_place_as_json(client, editor):
    image = image_with_photo(800, 600)
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead")
    client.force_login(editor)
    page = client.get(reverse("desk:article-edit", args=[article.pk])).content.decode()
    assert f'data-focal-url="{reverse("desk:image-focal-point", args=[image.pk])}"' in page
    url = reverse("desk:image-focal-point", args=[image.pk])
    response = client.post(url, {"x": "20", "y": "70"}, headers={"accept": "application/json"})
    assert response.status_code == 200 and response.json()["ok"] is True
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.2, 0.7)
    refused = client.post(url, {"x": "200", "y": "70"}, headers={"accept": "application/json"})
    assert refused.status_code == 400 and "not saved" in refused.json()["message"]
