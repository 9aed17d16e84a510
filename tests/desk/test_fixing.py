"""The review page offers each finding's correction ("apply", "apply all of this kind") and "add to dictionary"."""

import pytest
from django.urls import reverse

from articles.models import Article, DictionaryWord
from articles.review.checks import run_checks
from tests import factories

pytestmark = pytest.mark.django_db


def review(client, article):
    return client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))


def test_the_review_page_offers_apply_and_apply_all(client, editor):
    article = factories.ArticleFactory(body="Their was no vote. Their is no plan. We recieve it.")
    client.force_login(editor)
    page = review(client, article).content.decode()
    assert "Apply: “Their” → “There”" in page
    assert "Apply all 2 of this kind" in page
    assert "Add “recieve” to the newsroom dictionary" in page


def test_apply_all_through_the_page(client, editor):
    article = factories.ArticleFactory(body="Their was no vote. Their is no plan.")
    client.force_login(editor)
    response = client.post(
        reverse("desk:finding-apply", kwargs={"pk": article.pk}),
        {"code": "confused-words", "version": article.version, "every": "on"},
        follow=True,
    )
    assert "Applied 2 correction(s)." in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "There was no vote. There is no plan."


def test_apply_on_a_stale_page_changes_nothing_and_says_why(client, editor):
    article = factories.ArticleFactory(body="We recieve it.")
    client.force_login(editor)
    response = client.post(
        reverse("desk:finding-apply", kwargs={"pk": article.pk}),
        {"code": "spelling", "target": "recieve", "version": article.version - 1},
        follow=True,
    )
    assert "Nothing changed" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "We recieve it."


def test_apply_needs_post_and_a_visible_piece(client, writer, other_writer):
    article = factories.ArticleFactory(body="We recieve it.", created_by=other_writer)
    client.force_login(writer)
    url = reverse("desk:finding-apply", kwargs={"pk": article.pk})
    assert client.get(url).status_code == 405
    response = client.post(url, {"code": "spelling", "target": "recieve", "version": article.version})
    assert response.status_code in (302, 404)
    assert Article.objects.get(pk=article.pk).body == "We recieve it."


def test_bad_apply_form_is_a_message_not_an_error(client, editor):
    article = factories.ArticleFactory(body="We recieve it.")
    client.force_login(editor)
    response = client.post(reverse("desk:finding-apply", kwargs={"pk": article.pk}), {"code": ""}, follow=True)
    assert response.status_code == 200
    assert "Nothing changed" in response.content.decode()


def test_add_to_dictionary_is_shared_by_every_piece(client, editor):
    first = factories.ArticleFactory(body="The kitewinging season opened.")
    other = factories.ArticleFactory(body="More kitewinging today.")
    assert [f.text for f in run_checks(other) if f.code == "spelling"] == ["kitewinging"]
    client.force_login(editor)

    response = client.post(
        reverse("desk:dictionary-add", kwargs={"pk": first.pk}), {"word": "kitewinging"}, follow=True
    )

    assert "is in the newsroom dictionary now" in response.content.decode()
    assert DictionaryWord.objects.get().added_by == editor
    assert [f for f in run_checks(other) if f.code == "spelling"] == []
    again = client.post(reverse("desk:dictionary-add", kwargs={"pk": first.pk}), {"word": "Kitewinging"}, follow=True)
    assert "already in the newsroom dictionary" in again.content.decode()
    assert DictionaryWord.objects.count() == 1


def test_only_editors_add_words_and_only_words(client, writer, editor):
    article = factories.ArticleFactory(body="The kitewinging season opened.", created_by=writer)
    client.force_login(writer)
    response = client.post(reverse("desk:dictionary-add", kwargs={"pk": article.pk}), {"word": "kitewinging"})
    assert response.status_code == 403
    client.force_login(editor)
    response = client.post(
        reverse("desk:dictionary-add", kwargs={"pk": article.pk}), {"word": "two words"}, follow=True
    )
    assert "is not one word" in response.content.decode()
    assert not DictionaryWord.objects.exists()
