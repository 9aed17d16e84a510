"""`facts_for`: the board's moves from one set of facts are exactly the moves asked piece by piece."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def pieces(writer, other_writer, editor) -> list[Article]:
    own = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    others = factories.ArticleFactory(authors=[other_writer.author], created_by=other_writer)
    # Bylined but created by someone else: a writer through the byline alone.
    bylined = factories.ArticleFactory(authors=[writer.author], created_by=editor)
    in_review = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(in_review, by=writer)
    scheduled = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(scheduled, by=writer)
    workflow.schedule(
        Article.objects.get(pk=scheduled.pk), by=editor, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    live = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(live, by=writer)
    workflow.publish(Article.objects.get(pk=live.pk), by=editor)
    update = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(update, by=writer)
    workflow.publish(Article.objects.get(pk=update.pk), by=editor)
    workflow.start_update(Article.objects.get(pk=update.pk), by=writer)
    return list(
        Article.objects.filter(pk__in=[p.pk for p in (own, others, bylined, in_review, scheduled, live, update)])
    )


def test_facts_give_the_same_moves_as_asking_each_piece(writer, other_writer, editor):
    articles = pieces(writer, other_writer, editor)
    for user in (writer, other_writer, editor):
        facts = workflow.facts_for(articles, user)
        for article in articles:
            one_by_one = [spec.name for spec in workflow.available_transitions(article, user)]
            from_facts = [spec.name for spec in workflow.available_transitions(article, user, facts=facts[article.pk])]
            assert from_facts == one_by_one, (user.username, article.status)


def test_facts_take_three_queries_however_many_pieces(writer, other_writer, editor):
    articles = pieces(writer, other_writer, editor)
    writer.has_perm("articles.change_article")  # the permission cache, as on any desk page
    with CaptureQueriesContext(connection) as queries:
        workflow.facts_for(articles, writer)
    assert len(queries) <= 3
