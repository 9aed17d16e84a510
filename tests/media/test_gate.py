"""The gate (articles/media/gate.py, serving.py): who gets which picture address, in every state.

An anonymous reader, a second writer, a partner and an editor try every address of the pictures
of a draft, an embargoed piece, a withdrawn piece, a live piece whose picture's rights ran out, and
a live piece: only the live piece's renditions answer 200 at the public addresses; originals never
(desk users get them through `desk:image-original`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.media import gate, rendition_sets, renditions
from articles.models import Image, PartnerToken, PublishedPicture, Rendition
from tests import factories
from tests.support.pictures import image_with_photo
from tests.support.site import go_live

pytestmark = pytest.mark.django_db


@dataclass
class Shown:
    image: Image
    names: list[str]  # storage names of the renditions readers would be shown

    @property
    def addresses(self) -> list[str]:
        return [gate.public_path(name) for name in self.names]


def _shown(image: Image) -> Shown:
    key = PublishedPicture.objects.filter(image=image).values_list(
        "source_key", flat=True
    ).first() or renditions.source_key(image)
    renditions.ensure(image)
    names = list(Rendition.objects.filter(image=image, source_key=key).values_list("file", flat=True))
    assert names
    return Shown(image, names)


def _piece_with_picture(**fields):
    image = image_with_photo(800, 600)
    article = factories.ArticleFactory(**fields)
    factories.PlacementFactory(article=article, image=image, role="lead")
    return article, image


@pytest.fixture
def pictures(editor) -> dict[str, Shown]:
    _draft, draft_image = _piece_with_picture()
    renditions.ensure(draft_image)  # as the desk makes them when it first shows the picture

    embargoed, embargoed_image = _piece_with_picture(embargoed_until=timezone.now() + datetime.timedelta(hours=5))
    go_live(embargoed)

    withdrawn, withdrawn_image = _piece_with_picture()
    workflow.submit(withdrawn, by=editor)
    workflow.publish(withdrawn, by=editor)
    workflow.withdraw(withdrawn, by=editor, comment="Legal asked us to.")

    expired, expired_image = _piece_with_picture()
    go_live(expired)
    expired_image.rights_expire_on = timezone.localdate() - datetime.timedelta(days=1)
    expired_image.save()

    live, live_image = _piece_with_picture()
    go_live(live)
    cache.clear()
    return {
        "draft": _shown(draft_image),
        "embargoed": _shown(embargoed_image),
        "withdrawn": _shown(withdrawn_image),
        "expired": _shown(expired_image),
        "live": _shown(live_image),
    }


def _clients(writer, other_writer, editor) -> dict[str, Client]:
    token = PartnerToken(partner="Partner")
    key = token.issue_key()
    token.save()
    second_writer, desk_editor = Client(), Client()
    second_writer.force_login(other_writer)
    desk_editor.force_login(editor)
    return {
        "reader": Client(),
        "second writer": second_writer,
        "partner": Client(headers={"Authorization": f"Token {key}"}),
        "editor": desk_editor,
    }


PUBLIC_STATUS = {"draft": 404, "embargoed": 404, "withdrawn": 410, "expired": 410, "live": 200}


def test_only_a_live_piece_s_renditions_reach_anyone_at_public_addresses(pictures, writer, other_writer, editor):
    for who, client in _clients(writer, other_writer, editor).items():
        for state, shown in pictures.items():
            # The address originals had before they were made private answers nothing.
            assert client.get(f"/media/{shown.image.file.name}").status_code == 404, (who, state)
            for address in shown.addresses:
                response = client.get(address)
                assert response.status_code == PUBLIC_STATUS[state], (who, state, address)
                cache_control = response["Cache-Control"]
                if state == "live":
                    assert (
                        "immutable" in cache_control
                        and "max-age=31536000" in cache_control
                        and "public" in (cache_control)
                    )
                    assert response["Content-Type"].startswith("image/")
                else:
                    assert "no-store" in cache_control and "private" in cache_control, (who, state)


def test_originals_only_through_the_desk_view_with_view_image(pictures, client, editor):
    for shown in pictures.values():
        url = reverse("desk:image-original", args=[shown.image.pk])
        assert client.get(url).status_code == 302  # sign in first
        client.force_login(editor)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # the JPEG original
        assert "private" in response["Cache-Control"]
        client.logout()
    reader = factories.UserFactory()  # signed in, no desk role
    client.force_login(reader)
    assert client.get(reverse("desk:image-original", args=[pictures["live"].image.pk])).status_code == 403


def test_the_desk_sees_unpublished_renditions_on_its_own_route(pictures, client, editor):
    name = pictures["draft"].names[0]
    url = rendition_sets.address(name, rendition_sets.DESK)
    assert client.get(url).status_code == 302
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_a_guessed_or_tampered_address_is_refused(pictures, client):
    address = pictures["live"].addresses[0]
    image_id, token, rest = address.removeprefix("/media/renditions/").split("/", 2)
    assert client.get(f"/media/renditions/{image_id}/{'0' * len(token)}/{rest}").status_code == 404
    other = pictures["draft"].image.pk
    assert client.get(f"/media/renditions/{other}/{token}/{rest}").status_code == 404


def test_partners_get_an_embargoed_piece_s_pictures_through_signed_expiring_addresses(pictures, client, settings):
    embargoed = pictures["embargoed"].names[0]
    signed = gate.partner_url(embargoed)
    response = client.get(signed)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert "immutable" not in response["Cache-Control"]
    assert client.get(gate.public_path(embargoed)).status_code == 404  # readers: not before the embargo
    assert client.get(signed.replace("signature=", "signature=x")).status_code == 404
    # A signature does not open a withdrawn piece's picture.
    assert client.get(gate.partner_url(pictures["withdrawn"].names[0])).status_code == 410
    settings.NEWSROOM_PARTNER_URL_SECONDS = -1  # expired
    assert client.get(signed).status_code == 404


def test_a_rendition_request_costs_one_query_then_none(pictures, client, django_assert_max_num_queries):
    address = pictures["live"].addresses[0]
    cache.clear()
    with django_assert_max_num_queries(1):
        assert client.get(address).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(address).status_code == 200
    refused = pictures["withdrawn"].addresses[0]
    with django_assert_max_num_queries(1):
        assert client.get(refused).status_code == 410
    with django_assert_max_num_queries(0):
        assert client.get(refused).status_code == 410


def test_a_withdrawal_closes_the_gate_at_once(pictures, client, editor):
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=pictures["live"].image, role="lead")
    workflow.submit(article, by=editor)
    workflow.publish(article, by=editor)
    address = _shown(pictures["live"].image).addresses[0]
    assert client.get(address).status_code == 200
    workflow.withdraw(article, by=editor, comment="Gone.")
    # The other live piece still shows the same crop: still public.
    assert client.get(address).status_code == 200


def test_an_embargo_ending_opens_the_gate_without_a_change(pictures, client):
    address = pictures["embargoed"].addresses[0]
    assert client.get(address).status_code == 404
    later = timezone.now() + datetime.timedelta(hours=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        cache.clear()
        assert client.get(address).status_code == 200


@pytest.mark.parametrize("mode", ["x-accel-redirect", "x-sendfile"])
def test_a_proxy_sends_the_file_when_told_by_a_header(pictures, client, editor, settings, mode):
    settings.NEWSROOM_SENDFILE = mode
    name = pictures["live"].names[0]
    response = client.get(gate.public_path(name))
    assert response.status_code == 200 and response.content == b""
    assert "immutable" in response["Cache-Control"]
    client.force_login(editor)
    original = client.get(reverse("desk:image-original", args=[pictures["live"].image.pk]))
    assert original.status_code == 200 and original.content == b"" and "private" in original["Cache-Control"]
    if mode == "x-accel-redirect":
        assert response["X-Accel-Redirect"] == f"/_protected/media/{name}"
        assert original["X-Accel-Redirect"] == f"/_protected/private/{pictures['live'].image.file.name}"
    else:
        assert response["X-Sendfile"].endswith(name) and response["X-Sendfile"].startswith(str(settings.MEDIA_ROOT))
        assert original["X-Sendfile"].endswith(pictures["live"].image.file.name)
        assert "/private/" in original["X-Sendfile"]
    # A refused picture sends no header at all.
    refused = client.get(pictures["withdrawn"].addresses[0])
    assert refused.status_code == 410 and "X-Accel-Redirect" not in refused and "X-Sendfile" not in refused


def test_the_picture_page_links_the_original_through_the_desk_view(pictures, client, editor):
    client.force_login(editor)
    image = pictures["live"].image
    page = client.get(reverse("desk:image-detail", args=[image.pk])).content.decode()
    assert reverse("desk:image-original", args=[image.pk]) in page
    assert f"/media/{image.file.name}" not in page
