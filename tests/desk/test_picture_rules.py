"""The desk's picture pages and the workflow: refusals that explain, the editor's correction, scoping."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Image, PublishedVersion
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import clear_site_caches, publish_with_picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site():
    clear_site_caches()


def test_a_second_writer_is_refused_with_a_message_and_keeps_the_text(client, writer, other_writer):
    image = image_with_file(uploaded_by=other_writer, creator="Jana Beispiel")
    publish_with_picture(image, writer=other_writer, headline="Harbour wall gives way")
    client.force_login(writer)

    page = client.get(reverse("desk:image-detail", args=[image.pk])).content.decode()
    assert "data-picture-refusal" in page  # said before anything is typed

    response = client.post(
        reverse("desk:image-detail", args=[image.pk]),
        {"caption": "My typed caption", "alt_text": "My typed alt", "creator": "Wrong Name"},
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "Nothing was saved." in html and "ask an editor" in html
    assert "My typed caption" in html and "Wrong Name" in html  # nothing typed is lost
    assert "Harbour wall gives way" not in html
    assert Image.objects.get(pk=image.pk).creator == "Jana Beispiel"


def test_the_editors_in_place_form_is_refused_in_json(client, writer, other_writer):
    image = image_with_file(uploaded_by=other_writer)
    publish_with_picture(image, writer=other_writer, headline="Harbour wall gives way")
    client.force_login(writer)

    response = client.post(
        reverse("desk:editor-picture-details", args=[image.pk]),
        {f"picture-{image.pk}-caption": "Typed"},
        headers={"accept": "application/json"},
    )

    assert response.status_code == 403
    assert "ask an editor" in " ".join(response.json()["errors"]["__all__"])


def test_the_focal_point_is_refused_with_a_message(client, writer, other_writer):
    image = image_with_file(uploaded_by=other_writer)
    publish_with_picture(image, writer=other_writer, headline="Harbour wall gives way")
    client.force_login(writer)

    response = client.post(reverse("desk:image-focal-point", args=[image.pk]), {"x": "10", "y": "10"}, follow=True)

    assert "ask an editor" in response.content.decode()
    assert Image.objects.get(pk=image.pk).focal_x == 0.5


def test_the_editor_applies_a_correction_after_seeing_the_pieces(client, editor, writer):
    image = image_with_file(creator="Jana Beispeil", agencies="")
    article = publish_with_picture(image, writer=writer, headline="Harbour wall gives way")
    image.creator = "Jana Beispiel"
    image.save()
    client.force_login(editor)

    detail = client.get(reverse("desk:image-detail", args=[image.pk])).content.decode()
    assert reverse("desk:image-apply", args=[image.pk]) in detail
    confirmation = client.get(reverse("desk:image-apply", args=[image.pk])).content.decode()
    assert "Harbour wall gives way" in confirmation and "credit" in confirmation

    response = client.post(reverse("desk:image-apply", args=[image.pk]))

    assert response.status_code == 302
    live = PublishedVersion.objects.get(article=article, is_live=True)
    assert live.placements[0]["credit_line"] == "© Jana Beispiel"
    public = client.get(live.get_absolute_url()).content.decode()
    assert "© Jana Beispiel" in public and "Beispeil" not in public


def test_a_writer_sees_only_their_own_pieces_in_the_rights_watch_and_the_library(client, writer, other_writer):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    image = image_with_file(rights_expire_on=soon, uploaded_by=writer)
    publish_with_picture(image, writer=other_writer, headline="Someone else's scoop")
    publish_with_picture(image, writer=writer, headline="My own piece")
    client.force_login(writer)

    dashboard = client.get(reverse("desk:dashboard")).content.decode()
    assert "My own piece" in dashboard and "Someone else" not in dashboard
    detail = client.get(reverse("desk:image-detail", args=[image.pk])).content.decode()
    assert "Someone else" not in detail
    library = client.get(reverse("desk:image-list"), {"q": image.creator.split()[0]}).content.decode()
    assert "used in 1 piece" in library  # not 2: the other piece is not the writer's to see


def test_the_rights_watch_costs_the_same_queries_for_many_pieces(client, writer, other_writer):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    client.force_login(writer)

    def queries(count: int) -> int:
        image = image_with_file(rights_expire_on=soon)
        for number in range(count):
            publish_with_picture(image, writer=writer if number % 2 else other_writer, headline=f"Piece {number}")
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("desk:dashboard"))
        return len(captured)

    queries(1)
    assert queries(5) == queries(1)


def test_a_staff_writer_gets_a_read_only_admin_page_that_says_why(client, other_writer):
    staff = factories.WriterFactory(is_staff=True)
    image = image_with_file(uploaded_by=other_writer, creator="Jana Beispiel")
    publish_with_picture(image, writer=other_writer, headline="Harbour wall gives way")
    client.force_login(staff)
    url = reverse("admin:articles_image_change", args=[image.pk])

    page = client.get(url).content.decode()
    assert "ask an editor" in page
    assert "Harbour wall gives way" not in page
    client.post(url, {"creator": "Wrong Name", "alt_text": "x"})
    assert Image.objects.get(pk=image.pk).creator == "Jana Beispiel"
