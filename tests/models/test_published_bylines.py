"""An author named on a published version cannot be deleted (the live page would link to a 404)."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from articles import workflow
from articles.models import Author, Byline, PublishedVersion
from tests import factories
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest_only_on_the_live_version(writer, editor) -> Author:
    """A guest author bylined when the piece went live, then dropped from the working copy during an update."""
    guest = factories.AuthorFactory(name="Guest Writer")
    article = factories.ArticleFactory(authors=[writer.author, guest], created_by=writer)
    article = workflow.publish(workflow.submit(article, by=writer), by=editor)
    workflow.start_update(article, by=writer)
    Byline.objects.filter(article=article, author=guest).delete()
    assert not Byline.objects.filter(author=guest).exists()  # nothing but the live version names them
    return guest


def test_deleting_it_in_code_is_refused(guest_only_on_the_live_version):
    with pytest.raises(ProtectedError):
        guest_only_on_the_live_version.delete()
    assert Author.objects.filter(pk=guest_only_on_the_live_version.pk).exists()


def test_the_admin_says_why_and_deletes_nothing(client, superuser, guest_only_on_the_live_version):
    guest = guest_only_on_the_live_version
    live = PublishedVersion.objects.live().get(authors=guest)
    client.force_login(superuser)
    url = reverse("admin:articles_author_delete", args=[guest.pk])
    page = client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert "Untick “active” instead." in page
    assert live.headline in page
    client.post(url, {"post": "yes"})
    assert Author.objects.filter(pk=guest.pk).exists()


def test_the_bulk_delete_action_deletes_nothing_either(client, superuser, guest_only_on_the_live_version):
    spare = factories.AuthorFactory(name="Never Published")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_author_changelist"),
        {"action": "delete_selected", "_selected_action": [guest_only_on_the_live_version.pk, spare.pk], "post": "yes"},
    )
    assert "protected related objects" in response.content.decode()
    assert Author.objects.filter(pk__in=[guest_only_on_the_live_version.pk, spare.pk]).count() == 2


def test_the_live_page_keeps_linking_to_the_authors_page(client, guest_only_on_the_live_version):
    clear_site_caches()
    guest = guest_only_on_the_live_version
    piece = PublishedVersion.objects.live().get(authors=guest)
    assert guest.get_absolute_url() in client.get(piece.get_absolute_url()).content.decode()
    assert client.get(guest.get_absolute_url()).status_code == 200


def test_an_author_never_published_can_still_be_deleted():
    author = factories.AuthorFactory()
    author.delete()
    assert not Author.objects.filter(pk=author.pk).exists()
