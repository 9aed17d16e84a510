"""A placed picture's caption, credit, alt text and archive flag, fixed from inside the editor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Image
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    image = factories.ImageFactory(caption="Harbour at dusk", creator="", organisation="", agencies="", alt_text="")
    factories.PlacementFactory(article=article, image=image, role="lead")
    return article, image


def test_the_editor_shows_a_details_form_for_each_placed_picture(client, writer, placed):
    article, image = placed
    client.force_login(writer)
    html = client.get(reverse("desk:article-edit", kwargs={"pk": article.pk})).content.decode()
    assert f'id="picture-{image.pk}-form"' in html
    assert f'form="picture-{image.pk}-form"' in html
    assert "Fix caption, credit and alt text" in html


def test_saving_the_details_updates_the_image_and_its_history(client, writer, placed):
    _article, image = placed
    client.force_login(writer)
    prefix = f"picture-{image.pk}"
    response = client.post(
        reverse("desk:editor-picture-details", kwargs={"pk": image.pk}),
        {
            f"{prefix}-caption": "The harbour wall at dusk",
            f"{prefix}-alt_text": "A stone wall by dark water",
            f"{prefix}-creator": "Ana Ruiz",
            f"{prefix}-organisation": "",
            f"{prefix}-agencies": "dpa",
            f"{prefix}-is_archive": "on",
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json() == {"credit_line": "© Ana Ruiz/dpa", "is_archive": True}  # no piece named: no checks
    image = Image.objects.get(pk=image.pk)
    assert (image.caption, image.alt_text, image.is_archive) == (
        "The harbour wall at dusk",
        "A stone wall by dark water",
        True,
    )
    last = image.history.order_by("-history_date").first()
    assert last.history_user == writer and last.creator == "Ana Ruiz"


def test_without_javascript_the_form_redirects_back_to_the_editor(client, writer, placed):
    article, image = placed
    client.force_login(writer)
    back = reverse("desk:article-edit", kwargs={"pk": article.pk})
    prefix = f"picture-{image.pk}"
    response = client.post(
        reverse("desk:editor-picture-details", kwargs={"pk": image.pk}),
        {f"{prefix}-caption": "New caption", f"{prefix}-alt_text": "Alt", "next": back},
    )
    assert response.status_code == 302 and response.url == back


def test_users_who_may_not_change_pictures_are_refused(client, placed, django_user_model):
    _article, image = placed
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    response = client.post(reverse("desk:editor-picture-details", kwargs={"pk": image.pk}), {})
    assert response.status_code == 403


def test_saving_the_details_answers_the_pieces_checks_anew(client, writer, placed):
    article, image = placed
    client.force_login(writer)
    editor = client.get(reverse("desk:article-edit", kwargs={"pk": article.pk})).content.decode()
    assert "alt text" in editor.split('id="editor-findings"')[1].split("</section>")[0].lower()
    prefix = f"picture-{image.pk}"

    answer = client.post(
        reverse("desk:editor-picture-details", kwargs={"pk": image.pk}),
        {
            f"{prefix}-caption": "The harbour wall at dusk",
            f"{prefix}-alt_text": "A stone wall by dark water",
            f"{prefix}-creator": "Ana Ruiz",
            f"{prefix}-agencies": "dpa",
            "article": article.pk,
        },
        headers={"Accept": "application/json"},
    ).json()

    assert "Checks on the saved version" in answer["findings_html"]
    assert "alt text" not in answer["findings_html"].lower()


@pytest.mark.parametrize("posted", ["abc", "²", "99999999999999999999"])
def test_a_garbled_article_number_only_leaves_the_checks_out(client, writer, placed, posted):
    _article, image = placed
    client.force_login(writer)
    prefix = f"picture-{image.pk}"

    response = client.post(
        reverse("desk:editor-picture-details", kwargs={"pk": image.pk}),
        {f"{prefix}-caption": "New", f"{prefix}-alt_text": "Alt", "article": posted},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200 and "findings_html" not in response.json()


def test_the_library_caption_is_a_hint_not_a_copy_and_fixes_reach_the_piece(client, writer, placed):
    article, image = placed
    client.force_login(writer)
    response = client.get(reverse("desk:article-edit", kwargs={"pk": article.pk}))
    row = response.context["placements"].forms[0]
    assert row["caption"].value() in ("", None)
    assert 'placeholder="Harbour at dusk"' in str(row["caption"])

    from tests.desk.test_desk_editing import editor_post

    assert client.post(reverse("desk:article-edit", kwargs={"pk": article.pk}), editor_post(article)).status_code == 302
    placement = article.placements.get()
    assert placement.caption == ""
    Image.objects.filter(pk=image.pk).update(caption="The harbour at dusk, 1962")  # fixed in the library
    placement.refresh_from_db()
    assert placement.effective_caption == "The harbour at dusk, 1962"
