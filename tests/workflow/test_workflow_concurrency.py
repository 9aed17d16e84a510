"""Two people acting on one piece at the same moment, from two database connections (PostgreSQL).

The test holds the article's row lock itself, starts both actions in threads (each
thread has its own connection), waits until both are blocked on that lock, then lets
go: both really run at once, and the row lock decides who wins.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from articles import workflow
from articles.models import Article, PublishedVersion, State, WorkflowEvent
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers before they can race")


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        # Inside a transaction the activity view is a snapshot taken at first use: take a fresh one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(article: Article, *actions) -> list:
    """Run the actions at once in threads; returns each one's result or exception."""
    results: list = [None] * len(actions)

    def worker(index: int, action) -> None:
        try:
            results[index] = action(Article.objects.get(pk=article.pk))
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()  # this thread's own connection

    pause = threading.Event()
    with transaction.atomic():
        Article.objects.select_for_update().get(pk=article.pk)  # hold the row until both are waiting
        threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(actions)]
        for thread in threads:
            thread.start()
        for _ in range(2400):  # up to two minutes on a busy machine
            if _waiting_for_locks() >= len(actions):
                break
            pause.wait(0.05)
        else:
            raise AssertionError("the actions never waited for the row lock")
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def in_review(writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    return workflow.submit(article, by=writer)


def test_the_same_transition_twice_at_once(in_review, editor):
    second_editor = factories.EditorFactory()
    results = race(
        in_review,
        lambda article: workflow.publish(article, by=editor),
        lambda article: workflow.publish(article, by=second_editor),
    )
    successes = [result for result in results if isinstance(result, Article)]
    errors = [result for result in results if isinstance(result, Exception)]
    assert len(successes) == 1, results
    assert len(errors) == 1 and isinstance(errors[0], workflow.WrongState), results
    assert "already" in str(errors[0])
    assert WorkflowEvent.objects.filter(article=in_review, transition="publish").count() == 1
    assert PublishedVersion.objects.filter(article=in_review).count() == 1
    assert Article.objects.get(pk=in_review.pk).status == State.PUBLISHED


def test_two_different_transitions_at_once(in_review, editor):
    second_editor = factories.EditorFactory()
    results = race(
        in_review,
        lambda article: workflow.publish(article, by=editor),
        lambda article: workflow.request_changes(article, by=second_editor, comment="Not yet."),
    )
    assert sum(isinstance(result, Article) for result in results) == 1, results
    assert sum(isinstance(result, workflow.WrongState) for result in results) == 1, results
    assert WorkflowEvent.objects.filter(article=in_review).exclude(transition="submit").count() == 1
    stored = Article.objects.get(pk=in_review.pk)
    assert stored.status in {State.PUBLISHED, State.DRAFT}
    assert PublishedVersion.objects.filter(article=in_review).exists() == (stored.status == State.PUBLISHED)


def test_two_saves_from_the_same_version_at_once(in_review, editor):
    second_editor = factories.EditorFactory()
    base = in_review.version
    results = race(
        in_review,
        lambda article: workflow.save_article(article, by=editor, base_version=base, fields={"kicker": "One"}),
        lambda article: workflow.save_article(article, by=second_editor, base_version=base, fields={"kicker": "Two"}),
    )
    winners = [result for result in results if isinstance(result, Article)]
    losers = [result for result in results if isinstance(result, workflow.StaleVersion)]
    assert len(winners) == 1 and len(losers) == 1, results
    stored = Article.objects.get(pk=in_review.pk)
    assert (stored.kicker, stored.version) == (winners[0].kicker, base + 1)
    assert losers[0].current_version == base + 1
