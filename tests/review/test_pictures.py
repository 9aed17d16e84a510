"""The review page shows every picture's caption, archive flag and credit line as readers will see them,
and names each picture the same way on every desk page ("Picture 1 · lead")."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles.media.naming import picture_name
from articles.models import Placement
from tests import factories
from tests.support.pictures import image_with_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece_with_pictures(writer):
    """An imported lead picture (no file yet, archive, agency credit) and an uploaded inline one."""
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    imported = factories.ImageFactory(
        caption="Kiev would like more air defence",
        creator="Sgt. 1st Class Andrew Dickson",
        organisation="US Army",
        agencies="AP/dpa",
        is_archive=True,
    )
    factories.PlacementFactory(article=article, image=imported, role=Placement.Role.LEAD, position=0)
    uploaded = image_with_file(caption="The harbour at dawn.", creator="Jana Beispiel", agencies="")
    factories.PlacementFactory(
        article=article, image=uploaded, role=Placement.Role.INLINE, position=2, caption="Dawn over the wall."
    )
    return article


def test_picture_names():
    assert picture_name(1, "lead") == "Picture 1 · lead"
    assert picture_name(2, "inline") == "Picture 2 · inline"


def test_review_page_shows_each_pictures_caption_archive_flag_and_credit(client, editor, piece_with_pictures):
    client.force_login(editor)
    html = client.get(reverse("desk:article-review", kwargs={"pk": piece_with_pictures.pk})).content.decode()
    pictures = html[html.index('id="pictures"') :]
    first, second = pictures.index("Picture 1 · lead"), pictures.index("Picture 2 · inline")
    lead, inline = pictures[first:second], pictures[second:]
    # The imported picture has no file: the preview cannot show it, this list does.
    assert "No picture file yet" in lead
    assert '<span class="caption">Kiev would like more air defence</span>' in lead
    assert '<span class="archive">(Archive image)</span>' in lead
    assert '<span class="credit">© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa</span>' in lead
    # The placement's own caption is what readers get, not the library's default.
    assert '<span class="caption">Dawn over the wall.</span>' in inline
    assert '<span class="credit">© Jana Beispiel</span>' in inline
    assert "(Archive image)" not in inline


def test_findings_and_marked_captions_use_the_same_names(client, editor, piece_with_pictures):
    client.force_login(editor)
    html = client.get(reverse("desk:article-review", kwargs={"pk": piece_with_pictures.pk})).content.decode()
    assert escape("Picture 1 · lead: no picture file has been uploaded.") in html
    assert escape("Caption of Picture 1 · lead") in html  # the style guide marks "Kiev" in that caption
    assert "Image 1:" not in html
    assert "image #" not in html


def test_the_editor_names_the_placed_pictures_alike(client, editor, piece_with_pictures):
    client.force_login(editor)
    html = client.get(reverse("desk:article-edit", kwargs={"pk": piece_with_pictures.pk})).content.decode()
    assert html.index("Picture 1 · lead") < html.index("Picture 2 · inline")
