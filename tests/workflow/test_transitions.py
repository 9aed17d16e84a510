"""The workflow service: transitions, snapshots, events, double requests, conflict-safe editing."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article, CheckSetting, PublishedVersion, State, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db


LATER = datetime.timedelta(hours=2)


@pytest.fixture
def own_article(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer)


@pytest.fixture
def in_review(own_article, writer):
    return workflow.submit(own_article, by=writer)


@pytest.fixture
def published(in_review, editor):
    return workflow.publish(in_review, by=editor)


def fresh(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


def events(article: Article) -> list[str]:
    return list(WorkflowEvent.objects.filter(article=article).values_list("transition", flat=True))


def live(article: Article) -> PublishedVersion | None:
    return PublishedVersion.objects.live().filter(article=article).first()


# --------------------------------------------------------------------------- the happy paths


def test_submit_review_publish_round_trip(own_article, writer, editor):
    workflow.submit(own_article, by=writer)
    assert own_article.status == State.IN_REVIEW  # the caller's instance follows
    workflow.publish(own_article, by=editor, comment="Fine.")
    article = fresh(own_article)
    assert article.status == State.PUBLISHED
    assert article.published_at is not None
    version = live(article)
    assert version.headline == article.headline
    assert version.published_by == editor
    assert "<h2>What happens next</h2>" in version.body_html
    assert [author.pk for author in version.authors.all()] == [writer.author.pk]
    assert version.bylines[0]["sign_off"] == writer.author.sign_off
    assert events(article) == ["submit", "publish"]
    event = WorkflowEvent.objects.get(article=article, transition="publish")
    assert (event.from_state, event.to_state, event.actor, event.comment) == (
        State.IN_REVIEW,
        State.PUBLISHED,
        editor,
        "Fine.",
    )


def test_request_changes_sends_the_piece_back_with_the_comment(in_review, editor):
    workflow.request_changes(in_review, by=editor, comment="  Check the figures.  ")
    assert fresh(in_review).status == State.DRAFT
    assert WorkflowEvent.objects.get(article=in_review, transition="request_changes").comment == "Check the figures."


def test_request_changes_needs_a_comment_and_changes_nothing(in_review, editor):
    with pytest.raises(workflow.CommentRequired):
        workflow.request_changes(in_review, by=editor, comment="   ")
    assert fresh(in_review).status == State.IN_REVIEW
    assert events(in_review) == ["submit"]


def test_submit_refuses_missing_required_fields(writer):
    article = factories.ArticleFactory(authors=[writer.author], headline="", section=None)
    with pytest.raises(workflow.MissingFields) as raised:
        workflow.submit(article, by=writer)
    assert {finding.field for finding in raised.value.findings} >= {"headline", "section"}
    assert "headline" in str(raised.value)
    assert fresh(article).status == State.DRAFT
    assert events(article) == []


def test_publish_refuses_blocking_findings(in_review, editor):
    workflow.save_article(in_review, by=editor, base_version=in_review.version, fields={"teaser": ""})
    with pytest.raises(workflow.BlockingFindings) as raised:
        workflow.publish(in_review, by=editor)
    assert any(finding.field == "teaser" for finding in raised.value.findings)
    assert fresh(in_review).status == State.IN_REVIEW
    assert not PublishedVersion.objects.filter(article=in_review).exists()


def test_schedule_needs_a_future_time(in_review, editor):
    for when in (None, timezone.now() - datetime.timedelta(minutes=1)):
        with pytest.raises(workflow.PublishTimeNotInFuture):
            workflow.schedule(in_review, by=editor, publish_at=when)
    article = fresh(in_review)
    assert (article.status, article.publish_at) == (State.IN_REVIEW, None)


def test_schedule_refuses_expiry_before_publication(in_review, editor):
    in_review.expire_at = timezone.now() + datetime.timedelta(hours=1)
    workflow.save_article(
        in_review, by=editor, base_version=in_review.version, fields={"expire_at": in_review.expire_at}
    )
    with pytest.raises(workflow.ExpiryBeforePublication):
        workflow.schedule(in_review, by=editor, publish_at=timezone.now() + LATER)
    assert fresh(in_review).status == State.IN_REVIEW


def test_schedule_then_unschedule_clears_the_time(in_review, editor):
    when = timezone.now() + LATER
    workflow.schedule(in_review, by=editor, publish_at=when)
    assert (fresh(in_review).status, fresh(in_review).publish_at) == (State.SCHEDULED, when)
    workflow.unschedule(in_review, by=editor)
    article = fresh(in_review)
    assert (article.status, article.publish_at) == (State.IN_REVIEW, None)
    with pytest.raises(workflow.WrongState), time_machine.travel(when + LATER, tick=False):
        workflow.publish_due(article, now=when + LATER)
    assert not PublishedVersion.objects.filter(article=article).exists()


def test_publish_due_only_when_the_time_has_come(in_review, editor):
    when = timezone.now() + LATER
    workflow.schedule(in_review, by=editor, publish_at=when)
    with pytest.raises(workflow.NotDue):
        workflow.publish_due(in_review, now=when - datetime.timedelta(seconds=1))
    assert fresh(in_review).status == State.SCHEDULED
    with time_machine.travel(when, tick=False):
        workflow.publish_due(in_review, now=when)
    article = fresh(in_review)
    assert (article.status, article.published_at) == (State.PUBLISHED, when)
    event = WorkflowEvent.objects.get(article=article, transition="publish_due")
    assert event.actor is None
    assert live(article).published_by is None


def test_readers_keep_the_live_version_while_an_update_is_in_review(published, writer, editor):
    old = live(published)
    workflow.start_update(published, by=writer)
    assert fresh(published).status == State.DRAFT
    workflow.save_article(
        published, by=writer, base_version=published.version, fields={"headline": "Harbour budget: the final figures"}
    )
    workflow.submit(published, by=writer)
    # In review: readers still get the approved version, unchanged.
    assert live(published).pk == old.pk
    assert live(published).headline == old.headline
    workflow.publish(published, by=editor)
    new = live(published)
    assert new.pk != old.pk
    assert new.headline == "Harbour budget: the final figures"
    old.refresh_from_db()
    assert old.is_live is False  # kept, so the old slug can still redirect
    # First publication stays the first publication.
    assert new.first_published_at == old.first_published_at == fresh(published).published_at


def test_withdraw_takes_the_piece_off_and_needs_a_comment(published, editor):
    with pytest.raises(workflow.CommentRequired):
        workflow.withdraw(published, by=editor, comment="")
    assert live(published) is not None
    workflow.withdraw(published, by=editor, comment="Legal asked us to.")
    assert fresh(published).status == State.UNPUBLISHED
    assert live(published) is None
    assert PublishedVersion.objects.filter(article=published).count() == 1


def test_withdraw_during_an_update_takes_the_live_version_off(published, writer, editor):
    workflow.start_update(published, by=writer)
    workflow.withdraw(published, by=editor, comment="Wrong facts in the live version.")
    assert fresh(published).status == State.UNPUBLISHED
    assert live(published) is None


def test_withdraw_a_draft_without_live_version_is_wrong_state(own_article, editor):
    with pytest.raises(workflow.WrongState):
        workflow.withdraw(own_article, by=editor, comment="Why?")
    assert fresh(own_article).status == State.DRAFT


def test_reopen_and_republish(published, editor, writer):
    first = fresh(published).published_at
    workflow.withdraw(published, by=editor, comment="Off for now.")
    workflow.reopen(published, by=editor)
    assert fresh(published).status == State.DRAFT
    workflow.submit(published, by=writer)
    workflow.publish(published, by=editor)
    assert fresh(published).published_at == first
    assert PublishedVersion.objects.filter(article=published, is_live=True).count() == 1


def test_correct_puts_the_working_copy_live_at_once_with_a_note(published, editor):
    old = live(published)
    workflow.save_article(published, by=editor, base_version=published.version, fields={"teaser": "Corrected: 12m."})
    workflow.correct(published, by=editor, correction_note="An earlier version gave the wrong sum.")
    new = live(published)
    assert new.pk != old.pk
    assert new.teaser == "Corrected: 12m."
    assert new.correction_note == "An earlier version gave the wrong sum."
    assert fresh(published).status == State.PUBLISHED
    event = WorkflowEvent.objects.get(article=published, transition="correct")
    assert (event.actor, event.comment) == (editor, "An earlier version gave the wrong sum.")


def test_correct_is_for_editors_only(published, writer):
    with pytest.raises(workflow.NotPermitted):
        workflow.correct(published, by=writer, correction_note="Mine.")
    assert events(published) == ["submit", "publish"]


def test_expire(published, editor):
    expires = timezone.now() + LATER
    workflow.save_article(published, by=editor, base_version=published.version, fields={"expire_at": expires})
    with pytest.raises(workflow.NotDue):
        workflow.expire(published, now=expires - datetime.timedelta(seconds=1))
    with time_machine.travel(expires, tick=False):
        workflow.expire(published, now=expires)
    assert fresh(published).status == State.UNPUBLISHED
    assert live(published) is None
    assert WorkflowEvent.objects.get(article=published, transition="expire").actor is None


# --------------------------------------------------------------------------- repeats and races (single connection)


def test_double_publish_is_a_clear_error_and_one_event(in_review, editor):
    stale_copy = fresh(in_review)  # the second POST works from what it loaded before the first finished
    workflow.publish(in_review, by=editor)
    with pytest.raises(workflow.WrongState, match="already"):
        workflow.publish(stale_copy, by=editor)
    assert events(in_review) == ["submit", "publish"]
    assert PublishedVersion.objects.filter(article=in_review).count() == 1
    assert fresh(in_review).status == State.PUBLISHED


def test_double_submit_is_a_clear_error(own_article, writer):
    workflow.submit(own_article, by=writer)
    with pytest.raises(workflow.WrongState):
        workflow.submit(own_article, by=writer)
    assert events(own_article) == ["submit"]


def test_live_slug_clash_is_refused_with_a_clear_error(editor):
    factories.ArticleFactory(slug="", headline="Same words")
    first = factories.ArticleFactory(slug="", headline="Same words")
    second = factories.ArticleFactory(slug="", headline="Same words")
    for article in (first, second):
        workflow.submit(article, by=editor)
    workflow.publish(first, by=editor)
    with pytest.raises(workflow.SlugTaken):
        workflow.publish(second, by=editor)
    assert fresh(second).status == State.IN_REVIEW


# --------------------------------------------------------------------------- dispatch and offers


def test_perform_dispatches_by_name(in_review, editor):
    when = timezone.now() + LATER
    workflow.perform("schedule", in_review, by=editor, publish_at=when)
    assert fresh(in_review).publish_at == when
    workflow.perform("unschedule", in_review, by=editor)
    workflow.perform("publish", in_review, by=editor)
    workflow.perform("correct", in_review, by=editor, comment="Typo fixed.")
    assert live(in_review).correction_note == "Typo fixed."


@pytest.mark.parametrize("name", ["publish_due", "expire"])
def test_perform_refuses_system_transitions(in_review, superuser, name):
    with pytest.raises(workflow.NotPermitted):
        workflow.perform(name, in_review, by=superuser)


def test_perform_refuses_unknown_names(in_review, editor):
    with pytest.raises(workflow.UnknownTransition):
        workflow.perform("delete_everything", in_review, by=editor)


def test_available_transitions(own_article, writer, other_writer, editor):
    assert [t.name for t in workflow.available_transitions(own_article, writer)] == ["submit", "spike"]
    assert workflow.available_transitions(own_article, other_writer) == []
    workflow.submit(own_article, by=writer)
    assert [t.name for t in workflow.available_transitions(own_article, writer)] == ["take_back"]
    names = [t.name for t in workflow.available_transitions(own_article, editor)]
    assert names == ["request_changes", "publish", "schedule"]
    assert workflow.TRANSITIONS["request_changes"].needs_comment
    assert workflow.TRANSITIONS["schedule"].needs_time
    workflow.publish(own_article, by=editor)
    assert [t.name for t in workflow.available_transitions(own_article, writer)] == ["start_update"]
    names = [t.name for t in workflow.available_transitions(own_article, editor)]
    assert names == ["start_update", "withdraw", "correct"]


def test_every_transition_of_the_design_table_is_described():
    expected = {
        "submit": ((State.DRAFT,), State.IN_REVIEW),
        "request_changes": ((State.IN_REVIEW,), State.DRAFT),
        "publish": ((State.IN_REVIEW,), State.PUBLISHED),
        "schedule": ((State.IN_REVIEW,), State.SCHEDULED),
        "unschedule": ((State.SCHEDULED,), State.IN_REVIEW),
        "publish_due": ((State.SCHEDULED,), State.PUBLISHED),
        "start_update": ((State.PUBLISHED,), State.DRAFT),
        "expire": ((State.PUBLISHED,), State.UNPUBLISHED),
        "reopen": ((State.UNPUBLISHED,), State.DRAFT),
        "take_back": ((State.IN_REVIEW,), State.DRAFT),
        "spike": ((State.DRAFT,), State.SPIKED),
        "unspike": ((State.SPIKED,), State.DRAFT),
    }
    for name, (source, target) in expected.items():
        assert (workflow.TRANSITIONS[name].source, workflow.TRANSITIONS[name].target) == (source, target)
    assert workflow.TRANSITIONS["withdraw"].target == State.UNPUBLISHED
    assert State.PUBLISHED in workflow.TRANSITIONS["withdraw"].source


def test_the_state_cannot_be_assigned_outside_the_workflow(own_article):
    with pytest.raises(AttributeError):
        own_article.status = State.PUBLISHED


# --------------------------------------------------------------------------- editing


def test_save_raises_the_version_and_records_who(own_article, writer):
    version = own_article.version
    workflow.save_article(own_article, by=writer, base_version=version, fields={"headline": "New headline"})
    article = fresh(own_article)
    assert (article.headline, article.version) == ("New headline", version + 1)
    assert article.history.first().history_user == writer


def test_stale_save_is_refused_and_nothing_is_overwritten(own_article, writer, editor):
    opened_at = own_article.version
    workflow.save_article(own_article, by=editor, base_version=opened_at, fields={"body": "The editor's text."})
    mine = fresh(own_article)
    mine.body = "The writer's text, typed from the old version."
    with pytest.raises(workflow.StaleVersion) as raised, workflow.editing(mine, by=writer, base_version=opened_at):
        pass
    assert raised.value.current_version == opened_at + 1
    assert str(opened_at + 1) in str(raised.value)
    assert mine.body == "The writer's text, typed from the old version."  # handed back intact
    article = fresh(own_article)
    assert (article.body, article.version) == ("The editor's text.", opened_at + 1)


def test_a_writer_proposes_a_change_to_a_piece_in_review_and_the_editor_approves_what_they_saw(
    in_review, writer, editor
):
    seen = in_review.version  # the revision the editor is reviewing
    workflow.save_article(in_review, by=writer, base_version=seen, fields={"headline": "Proposed headline"})
    assert fresh(in_review).status == State.IN_REVIEW and fresh(in_review).version == seen + 1
    with pytest.raises(workflow.RevisionChanged):  # approving what they read would publish what they did not
        workflow.publish(fresh(in_review), by=editor, revision=seen)
    workflow.publish(fresh(in_review), by=editor, revision=seen + 1)
    assert PublishedVersion.objects.get(article=in_review, is_live=True).headline == "Proposed headline"


def test_a_writers_change_to_their_live_piece_waits_for_an_editor(in_review, writer, editor):
    workflow.publish(in_review, by=editor)
    piece = fresh(in_review)
    workflow.save_article(
        piece,
        by=writer,
        base_version=piece.version,
        fields={"headline": "Unapproved", "expire_at": timezone.now() - datetime.timedelta(minutes=1)},
    )
    live = PublishedVersion.objects.get(article=piece, is_live=True)
    assert live.headline != "Unapproved" and live.expire_at is None
    assert not Article.objects.due_for_expiry().filter(pk=piece.pk).exists()  # the approved version decides
    assert fresh(piece).status == State.PUBLISHED


def test_a_writers_change_to_their_scheduled_piece_leaves_the_scheduled_revision(in_review, writer, editor):
    workflow.schedule(in_review, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    piece = fresh(in_review)
    workflow.save_article(piece, by=writer, base_version=piece.version, fields={"headline": "Unapproved"})
    piece = fresh(piece)
    assert piece.status == State.SCHEDULED and piece.scheduled_revision.headline != "Unapproved"


def test_writer_may_not_edit_another_writers_piece(own_article, other_writer):
    assert not workflow.can_edit(other_writer, own_article)
    with pytest.raises(workflow.NotPermitted):
        workflow.save_article(own_article, by=other_writer, base_version=own_article.version, fields={"body": "x"})


def test_edit_never_writes_back_a_stale_state(own_article, writer, editor):
    stale = fresh(own_article)  # loaded while still a draft
    workflow.submit(own_article, by=writer)
    workflow.save_article(stale, by=editor, base_version=stale.version, fields={"kicker": "Update"})
    article = fresh(own_article)
    assert (article.kicker, article.status) == ("Update", State.IN_REVIEW)


def test_save_article_sets_ordered_bylines(own_article, writer):
    second = factories.AuthorFactory()
    workflow.save_article(
        own_article, by=writer, base_version=own_article.version, fields={}, authors=[second, writer.author]
    )
    assert fresh(own_article).ordered_authors() == [second, writer.author]


def test_save_article_refuses_workflow_fields(own_article, writer):
    with pytest.raises(ValueError):
        workflow.save_article(
            own_article, by=writer, base_version=own_article.version, fields={"status": State.PUBLISHED}
        )


# --------------------------------------------------------------------------- queries


def _publish_due_queries(editor, bylines: int) -> int:
    article = factories.ArticleFactory(authors=[factories.AuthorFactory() for _ in range(bylines)])
    for position in range(bylines):
        factories.PlacementFactory(article=article, role="inline", position=position)
    workflow.submit(article, by=editor)
    when = timezone.now() + LATER
    workflow.schedule(article, by=editor, publish_at=when)
    loaded = Article.objects.select_related("section").prefetch_related(*workflow.related_prefetches())
    loaded = loaded.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries, time_machine.travel(when, tick=False):
        workflow.publish_due(loaded, now=when)
    assert fresh(article).status == State.PUBLISHED
    return len(queries)


def test_publish_due_queries_do_not_grow_with_bylines_and_images(editor):
    # The test images have no file; that blocking check is not what is measured here.
    CheckSetting.objects.create(code="image-file", severity=CheckSetting.Severity.OFF)
    assert _publish_due_queries(editor, 5) == _publish_due_queries(editor, 1)


def test_withdrawing_a_scheduled_update_clears_the_schedule(published, writer, editor):
    workflow.start_update(published, by=writer)
    workflow.submit(published, by=writer)
    workflow.schedule(published, by=editor, publish_at=timezone.now() + LATER)
    workflow.withdraw(published, by=editor, comment="Story is dead.")
    article = fresh(published)
    assert (article.status, article.publish_at) == (State.UNPUBLISHED, None)
    assert live(article) is None


def test_a_failed_system_publication_leaves_the_instance_as_stored(editor):
    factories.ArticleFactory(slug="", headline="Same words")
    taken = factories.ArticleFactory(slug="", headline="Same words")
    workflow.submit(taken, by=editor)
    workflow.publish(taken, by=editor)
    clash = factories.ArticleFactory(slug="same-words")
    workflow.submit(clash, by=editor)
    when = timezone.now() + LATER
    workflow.schedule(clash, by=editor, publish_at=when)
    with pytest.raises(IntegrityError), time_machine.travel(when, tick=False):
        workflow.publish_due(clash, now=when)
    assert (clash.status, clash.published_at) == (State.SCHEDULED, None)
    assert fresh(clash).status == State.SCHEDULED
    assert events(clash) == ["submit", "schedule"]


def test_publish_refuses_a_piece_whose_withdrawal_time_has_passed(in_review, editor):
    past = timezone.now() - datetime.timedelta(minutes=1)
    workflow.save_article(in_review, by=editor, base_version=in_review.version, fields={"expire_at": past})
    with pytest.raises(workflow.ExpiryBeforePublication):
        workflow.publish(in_review, by=editor)
    assert fresh(in_review).status == State.IN_REVIEW
    assert not PublishedVersion.objects.filter(article=in_review).exists()
