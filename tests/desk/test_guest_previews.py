"""Preview links for people without an account: signed, expiring, revocable, never cached or indexed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.desk import guest_previews
from articles.models import OutboxMessage, PreviewLink, ReviewComment
from tests import factories
from tests.support.pictures import image_with_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Harbour wall gives way")
    return workflow.submit(article, by=writer)


def make_link(client, editor, piece, **fields) -> str:
    client.force_login(editor)
    response = client.post(
        reverse("desk:preview-link-create", kwargs={"pk": piece.pk}),
        {"label": "legal desk", "hours": "48", **fields},
        follow=True,
    )
    page = response.content.decode()
    assert "Preview link for legal desk made" in page
    return re.search(r"https?://[^/\s]+(/preview/[^/\s<]+/)", page).group(1)


def test_a_guest_sees_the_revision_as_published_marked_and_never_cached(client, editor, writer, piece):
    address = make_link(client, editor, piece)
    # A later edit is not what the guest was sent.
    workflow.save_article(piece, by=writer, base_version=piece.version, fields={"headline": "Unreviewed headline"})

    response = Client().get(address)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Harbour wall gives way" in page and "Unreviewed headline" not in page
    assert "Not published." in page and "A preview for legal desk" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    (link,) = PreviewLink.objects.all()
    assert link.created_by == editor and link.history.count() == 1  # audited


def test_revoked_expired_or_tampered_links_are_not_found(client, editor, piece):
    address = make_link(client, editor, piece)
    link = PreviewLink.objects.get()
    assert Client().get(address[:-3] + "xx/").status_code == 404  # the signature no longer matches

    client.post(reverse("desk:preview-link-revoke", kwargs={"pk": piece.pk, "link_pk": link.pk}))
    assert Client().get(address).status_code == 404
    link.refresh_from_db()
    assert link.revoked_by == editor and link.history.first().history_user == editor

    second = make_link(client, editor, piece)
    PreviewLink.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert Client().get(second).status_code == 404


def test_only_editors_make_or_revoke_links_and_say_so(client, writer, other_writer, editor, piece):
    client.force_login(writer)
    response = client.post(reverse("desk:preview-link-create", kwargs={"pk": piece.pk}), {"label": "x", "hours": "1"})
    assert response.status_code == 403
    assert "Only editors make preview links" in response.content.decode()
    assert (
        "preview-links-heading"
        not in client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    )
    client.force_login(other_writer)
    response = client.post(reverse("desk:preview-link-create", kwargs={"pk": piece.pk}), {"label": "x", "hours": "1"})
    assert response.status_code == 404
    assert not PreviewLink.objects.exists()


def test_a_bad_form_keeps_nothing_and_says_why(client, editor, piece):
    client.force_login(editor)
    response = client.post(
        reverse("desk:preview-link-create", kwargs={"pk": piece.pk}), {"label": "", "hours": "0"}, follow=True
    )
    assert "No link was made" in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_a_guest_comment_lands_in_the_thread_escaped_without_mentions(client, editor, writer, piece):
    address = make_link(client, editor, piece, allow_comments="on")
    guest = Client()
    response = guest.post(address, {"name": "Dr. Vera Law", "body": f"<b>Cut</b> the second quote. @{writer.username}"})
    assert response.status_code == 302
    assert "Thank you" in guest.get(response["Location"]).content.decode()
    (comment,) = ReviewComment.objects.all()
    assert comment.author is None and comment.guest_name == "Dr. Vera Law" and comment.article_id == piece.pk
    assert not OutboxMessage.objects.filter(kind="mentioned").exists()  # a guest's @name notifies nobody
    client.force_login(editor)
    review = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert "Dr. Vera Law" in review and "guest, through the preview link for legal desk" in review
    assert "&lt;b&gt;Cut&lt;/b&gt;" in review

    for _ in range(guest_previews.COMMENTS_PER_WINDOW - 1):
        guest.post(address, {"name": "Dr. Vera Law", "body": "Again."})
    response = guest.post(address, {"name": "Dr. Vera Law", "body": "One too many."})
    assert response.status_code == 429 and "One too many." in response.content.decode()  # kept in the form
    assert ReviewComment.objects.count() == guest_previews.COMMENTS_PER_WINDOW


def test_a_link_without_comments_refuses_them(client, editor, piece):
    address = make_link(client, editor, piece)
    assert "guest-comment" not in Client().get(address).content.decode()
    assert Client().post(address, {"name": "A", "body": "B"}).status_code == 403
    assert not ReviewComment.objects.exists()


def test_the_guest_gets_the_revisions_pictures_through_the_link_only(client, editor, writer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = image_with_photo(800, 600, caption="The old wall.")
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    factories.PlacementFactory(article=article, image=image, role="lead")
    workflow.submit(article, by=writer)
    address = make_link(client, editor, article)

    page = Client().get(address).content.decode()
    pictures = re.findall(r'src="(/preview/[^"]+/pictures/[^"]+)"', page)
    assert pictures, page
    assert Client().get(pictures[0]).status_code == 200
    other = image_with_photo(400, 300)
    assert Client().get(re.sub(r"/pictures/\d+/", f"/pictures/{other.pk}/", pictures[0])).status_code == 404
    guest_previews.revoke(PreviewLink.objects.get(), by=editor)
    assert Client().get(pictures[0]).status_code == 404
