"""The history marks which revisions were published, scheduled, corrected and withdrawn, and which is live."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.desk.revision_marks import marks_by_number
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def codes(article) -> dict[int, list[str]]:
    return {number: [mark.code for mark in marks] for number, marks in marks_by_number(article).items()}


def fresh(article) -> Article:
    return Article.objects.get(pk=article.pk)


def test_each_revision_carries_what_happened_to_it(client, editor):
    piece = factories.ArticleFactory(headline="Harbour wall")
    workflow.schedule(
        workflow.submit(piece, by=editor), by=editor, publish_at=timezone.now() + datetime.timedelta(hours=2)
    )
    workflow.unschedule(fresh(piece), by=editor)
    workflow.publish(fresh(piece), by=editor)
    first = fresh(piece).version
    piece = workflow.save_article(fresh(piece), by=editor, base_version=first, fields={"headline": "Harbour wall, v2"})
    workflow.correct(fresh(piece), by=editor, correction_note="The wall is 3 m high.")
    corrected = fresh(piece).version

    marks = codes(piece)
    assert marks[first] == ["published", "scheduled"]
    assert marks[corrected] == ["live", "published", "corrected"]

    client.force_login(editor)
    page = client.get(reverse("desk:article-history", kwargs={"pk": piece.pk})).content.decode()
    assert 'revision-mark-live">live now<' in page
    assert 'revision-mark-corrected">corrected<' in page
    assert 'revision-mark-scheduled">scheduled<' in page
    review = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert "· live now · published · corrected" in review

    workflow.withdraw(fresh(piece), by=editor, comment="Legal asked us to.")
    assert "withdrawn" in codes(piece)[corrected]
    assert "live" not in codes(piece)[corrected]


def test_marks_cost_the_same_queries_for_a_long_history(editor, django_assert_max_num_queries):
    piece = factories.ArticleFactory()
    with django_assert_max_num_queries(2):
        marks_by_number(piece)


def test_a_restore_reads_in_the_language_of_whoever_looks(client, editor):
    from articles.models import DeskProfile
    from articles.workflow.restoring import restore

    piece = factories.ArticleFactory(headline="Harbour wall")
    piece = workflow.save_article(piece, by=editor, base_version=piece.version, fields={"headline": "Changed"})
    DeskProfile.objects.create(user=editor, language="de")
    restore(fresh(piece), by=editor, number=1, base_version=fresh(piece).version)  # done on the German desk
    client.force_login(editor)
    german = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert "Fassung 1 wiederhergestellt" in german
    DeskProfile.objects.filter(user=editor).update(language="en")
    english = client.get(reverse("desk:article-history", kwargs={"pk": piece.pk})).content.decode()
    assert "restored revision 1" in english and "wiederhergestellt" not in english
