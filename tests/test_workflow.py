"""The workflow service: transitions, snapshots, events, double requests, conflict-safe editing."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, PublishedVersion, State, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_article(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer)


def test_submit_review_publish_round_trip(own_article, writer, editor):
    workflow.submit(own_article, by=writer)
    assert own_article.status == State.IN_REVIEW
    workflow.publish(own_article, by=editor)
    article = Article.objects.get(pk=own_article.pk)
    assert article.status == State.PUBLISHED
    assert article.published_at is not None
    live = PublishedVersion.objects.live().get(article=article)
    assert live.headline == article.headline
    assert "<h2>What happens next</h2>" in live.body_html
    assert [e.transition for e in WorkflowEvent.objects.filter(article=article)] == ["submit", "publish"]


def test_double_publish_is_a_clear_error_and_one_event(own_article, writer, editor):
    workflow.submit(own_article, by=writer)
    workflow.publish(own_article, by=editor)
    with pytest.raises(workflow.WrongState, match="already"):
        workflow.publish(own_article, by=editor)
    assert WorkflowEvent.objects.filter(article=own_article, transition="publish").count() == 1
    assert PublishedVersion.objects.filter(article=own_article).count() == 1


def test_schedule_needs_future_time(own_article, writer, editor):
    workflow.submit(own_article, by=writer)
    with pytest.raises(workflow.PublishTimeNotInFuture):
        workflow.schedule(own_article, by=editor, publish_at=timezone.now() - datetime.timedelta(minutes=1))
    assert Article.objects.get(pk=own_article.pk).status == State.IN_REVIEW
