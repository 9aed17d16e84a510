"""Revisions are the unit of review: what was approved is exactly what goes live, and pending edits show."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, PublishedVersion, Revision, State
from articles.workflow import history, revisions
from tests import factories
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db

APPROVED = "Council agrees on the harbour budget"
UNREVIEWED = "UNREVIEWED line nobody approved"


def reload(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


def edit(article: Article, user, **fields) -> Article:
    article = reload(article)
    return workflow.save_article(article, by=user, base_version=article.version, fields=fields)


@pytest.fixture
def piece(writer):
    return factories.ArticleFactory(headline=APPROVED, authors=[writer.author], created_by=writer)


@pytest.fixture(autouse=True)
def _fresh_site():
    clear_site_caches()
    yield
    clear_site_caches()


def public_html(client, article: Article) -> str:
    version = PublishedVersion.objects.live().get(article=article)
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_edits_after_scheduling_are_not_published_by_publish_scheduled(client, piece, writer, editor):
    """The bug: schedule, edit the body as editor, run publish_scheduled — the unreviewed line went live."""
    workflow.submit(piece, by=writer)
    due = timezone.now() + datetime.timedelta(hours=1)
    scheduled = workflow.schedule(piece, by=editor, publish_at=due)
    approved_number = scheduled.version
    edit(piece, editor, headline=UNREVIEWED, body="Unreviewed body text.")
    assert reload(piece).status == State.SCHEDULED
    assert reload(piece).scheduled_revision.number == approved_number

    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)

    live = PublishedVersion.objects.live().get(article=piece)
    assert live.headline == APPROVED
    assert live.revision.number == approved_number
    html = public_html(client, piece)
    assert APPROVED in html
    assert UNREVIEWED not in html and "Unreviewed body text." not in html
    # The newer edits are still there, pending their own review — and the desk says so.
    piece = reload(piece)
    assert piece.headline == UNREVIEWED
    assert revisions.has_pending_changes(piece)
    assert revisions.publication_state(piece)[1] == "Live · changes pending"
    event = piece.events.get(transition="publish_due")
    assert event.revision.number == approved_number


def test_schedule_this_revision_instead_replaces_the_scheduled_revision(client, piece, writer, editor):
    workflow.submit(piece, by=writer)
    due = timezone.now() + datetime.timedelta(hours=1)
    workflow.schedule(piece, by=editor, publish_at=due)
    edited = edit(piece, editor, headline="Council agrees on the harbour budget at last")
    assert revisions.scheduled_behind(reload(piece))
    assert "schedule_revision" in {t.name for t in workflow.available_transitions(reload(piece), editor)}
    assert "schedule_revision" not in {t.name for t in workflow.available_transitions(reload(piece), writer)}

    workflow.schedule_revision(reload(piece), by=editor, revision=edited.version)

    piece = reload(piece)
    assert piece.status == State.SCHEDULED and piece.publish_at == due
    assert piece.scheduled_revision.number == edited.version
    assert not revisions.scheduled_behind(piece)
    assert piece.events.get(transition="schedule_revision").revision.number == edited.version
    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", verbosity=0)
    assert "at last" in public_html(client, piece)


def test_publish_refuses_a_revision_older_than_the_stored_one(piece, writer, editor):
    workflow.submit(piece, by=writer)
    seen = reload(piece).version
    edit(piece, editor, headline=UNREVIEWED)
    with pytest.raises(workflow.RevisionChanged) as refused:
        workflow.publish(reload(piece), by=editor, revision=seen)
    assert f"revision {seen}" in str(refused.value)
    piece = reload(piece)
    assert piece.status == State.IN_REVIEW
    assert not PublishedVersion.objects.filter(article=piece).exists()
    assert not piece.events.filter(transition="publish").exists()


def test_every_binding_transition_names_its_revision(piece, writer, editor):
    workflow.submit(piece, by=writer)
    workflow.publish(reload(piece), by=editor, revision=reload(piece).version)
    piece = reload(piece)
    submitted, published = piece.events.get(transition="submit"), piece.events.get(transition="publish")
    assert submitted.revision.number == published.revision.number == piece.version
    live = PublishedVersion.objects.live().get(article=piece)
    assert live.revision == published.revision
    # Everything that prints is frozen with it.
    assert live.revision.bylines == live.bylines
    assert live.revision.headline == live.headline == APPROVED


def test_a_piece_made_outside_the_editor_gets_its_revision_frozen_by_the_transition(piece, writer):
    assert not Revision.objects.filter(article=piece).exists()
    workflow.submit(piece, by=writer)
    revision = Revision.objects.get(article=piece)
    assert revision.number == reload(piece).version and revision.created_by is None
    assert revision.headline == APPROVED


def test_edits_to_a_live_piece_stay_pending_until_a_confirmed_correction(client, piece, writer, editor):
    """The bug: a headline change on a live piece was invisible, then went live with a one-word correction."""
    workflow.submit(piece, by=writer)
    workflow.publish(reload(piece), by=editor)
    edit(piece, editor, headline="A new headline, not reviewed")
    piece = reload(piece)
    assert revisions.publication_state(piece) == ("state-live-pending", "Live · changes pending")
    comparison = history.compare_with_live(Article.objects.prefetch_related("bylines__author").get(pk=piece.pk))
    assert comparison.changes_pending
    (diff,) = [d for d in comparison.diffs if d.field == "headline"]
    assert ("insert", "A new headline, not reviewed") in diff.chunks
    assert APPROVED in public_html(client, piece)

    # A correction acts on the revision the editor saw, and only that one.
    with pytest.raises(workflow.RevisionChanged):
        workflow.correct(piece, by=editor, correction_note="Typo", revision=piece.version - 1)
    assert APPROVED in public_html(client, piece)
    workflow.correct(piece, by=editor, correction_note="Headline corrected", revision=piece.version)
    clear_site_caches()
    assert "A new headline, not reviewed" in public_html(client, piece)
    assert not revisions.has_pending_changes(reload(piece))


def test_a_live_piece_under_update_says_live_not_draft(piece, writer, editor):
    workflow.submit(piece, by=writer)
    workflow.publish(reload(piece), by=editor)
    workflow.start_update(reload(piece), by=writer)
    piece = reload(piece)
    assert piece.status == State.DRAFT
    assert revisions.publication_state(piece)[1] == "Live · update in draft"
    workflow.submit(piece, by=writer)
    assert revisions.publication_state(reload(piece))[1] == "Live · update in review"


def test_leaving_the_schedule_forgets_the_scheduled_revision(piece, writer, editor):
    workflow.submit(piece, by=writer)
    workflow.schedule(piece, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    workflow.unschedule(reload(piece), by=editor)
    assert reload(piece).scheduled_revision is None


def test_review_page_posts_the_revision_and_a_correction_needs_confirming(client, piece, writer, editor):
    workflow.submit(piece, by=writer)
    workflow.publish(reload(piece), by=editor)
    edit(piece, editor, headline="A quiet correction")
    piece = reload(piece)
    client.force_login(editor)
    page = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert "Live · changes pending" in page
    assert "Changes to the live version" in page
    assert f'name="correct-revision" value="{piece.version}"' in page
    url = reverse("desk:article-transition", kwargs={"pk": piece.pk})
    refused = client.post(url, {"transition": "correct", "correct-revision": piece.version}, follow=True)
    assert "I have checked the changes above" in refused.content.decode()
    assert PublishedVersion.objects.live().get(article=piece).headline == APPROVED
    client.post(url, {"transition": "correct", "correct-revision": piece.version, "correct-confirm": "on"})
    assert PublishedVersion.objects.live().get(article=piece).headline == "A quiet correction"


def test_review_page_of_a_scheduled_piece_edited_since_offers_to_schedule_the_new_revision(
    client, piece, writer, editor
):
    workflow.submit(piece, by=writer)
    workflow.schedule(piece, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    edited = edit(piece, editor, kicker="Later")
    client.force_login(editor)
    page = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert "are <strong>not</strong> scheduled" in page
    assert f"Schedule revision {edited.version} instead" in page
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": piece.pk}),
        {"transition": "schedule_revision", "schedule_revision-revision": edited.version},
    )
    assert response.status_code == 302
    assert reload(piece).scheduled_revision.number == edited.version


def test_the_review_page_shows_what_the_scheduled_revision_lacks_before_scheduling_the_new_one(
    client, piece, writer, editor
):
    """Scheduled ↔ this revision before "schedule this revision instead"; the preview says what readers get."""
    workflow.submit(piece, by=writer)
    workflow.schedule(piece, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    scheduled = reload(piece).scheduled_revision.number
    edited = edit(piece, editor, headline=UNREVIEWED)
    client.force_login(editor)
    page = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    diff = page[page.index('id="scheduled-diff"') : page.index("</section>", page.index('id="scheduled-diff"'))]
    assert f"Scheduled: revision {scheduled} → this revision {edited.version}" in diff
    assert "<ins" in diff and "UNREVIEWED" in diff and "<del" in diff and "harbour" in diff
    assert f"not scheduled: at the scheduled time readers get revision {scheduled}" in page
    assert "exactly as readers will see it" not in page
    # Once this revision is scheduled there is nothing pending: no diff, the preview is what goes live.
    workflow.schedule_revision(reload(piece), by=editor, revision=edited.version)
    page = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert 'id="scheduled-diff"' not in page
    assert "exactly as readers will see it" in page


def test_no_scheduled_diff_for_a_scheduled_piece_not_edited_since(client, piece, writer, editor):
    workflow.submit(piece, by=writer)
    workflow.schedule(piece, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert history.compare_with_scheduled(reload(piece), revisions_of_now(piece)) == []
    client.force_login(editor)
    page = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert 'id="scheduled-diff"' not in page


def revisions_of_now(article: Article) -> Revision:
    from articles.workflow.snapshots import revision_of, snapshot_queryset

    return revision_of(snapshot_queryset(Article.objects.filter(pk=article.pk)).get())


def test_the_editor_warns_before_and_after_editing_a_scheduled_piece(client, piece, writer, editor):
    workflow.submit(piece, by=writer)
    workflow.schedule(piece, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    client.force_login(editor)
    page = client.get(reverse("desk:article-edit", kwargs={"pk": piece.pk})).content.decode()
    assert "This piece is scheduled. What goes live at the scheduled time is the revision an editor scheduled" in page
    edit(piece, editor, kicker="Later")
    review = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert "Scheduled · newer edits not scheduled" in review


def test_the_review_page_names_events_that_keep_the_state(client, piece, writer, editor):
    workflow.submit(piece, by=writer)
    workflow.schedule(piece, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=1))
    edited = edit(piece, editor, kicker="Later")
    workflow.schedule_revision(reload(piece), by=editor, revision=edited.version)
    client.force_login(editor)
    page = client.get(reverse("desk:article-review", kwargs={"pk": piece.pk})).content.decode()
    assert "Draft → In review" in page
    assert "Schedule this revision instead" in page
    assert f"revision {edited.version}" in page


def test_a_revision_keeps_its_body_as_rendered_and_publishing_copies_that(piece, writer, editor):
    """Rendered once when saved: the HTML an editor previewed is the HTML that goes live, byte for byte."""
    from articles.rendering import RENDERING, render_body

    edit(piece, writer, body="First *paragraph*.\n\n## Next\n\nSecond paragraph.")
    revision = Revision.objects.filter(article=piece).latest()
    assert revision.body_rendering == RENDERING
    assert revision.body_html == render_body(revision.body)
    assert "<em>paragraph</em>" in revision.body_html and "<h2>Next</h2>" in revision.body_html
    # Stand-in for "what was rendered at review time": publishing must copy it, not render the text again.
    Revision.objects.filter(pk=revision.pk).update(body_html="<p>As rendered when it was reviewed.</p>")
    workflow.submit(reload(piece), by=writer)
    workflow.publish(reload(piece), by=editor)
    live = PublishedVersion.objects.live().get(article=piece)
    assert live.revision_id == revision.pk
    assert live.body_html == "<p>As rendered when it was reviewed.</p>"


def test_a_revision_rendered_by_an_older_renderer_is_rendered_again_when_published(piece, writer, editor):
    edit(piece, writer, body="Text with *emphasis*.")
    revision = Revision.objects.filter(article=piece).latest()
    Revision.objects.filter(pk=revision.pk).update(body_html="<p>stale</p>", body_rendering=0)
    workflow.submit(reload(piece), by=writer)
    workflow.publish(reload(piece), by=editor)
    live = PublishedVersion.objects.live().get(article=piece)
    assert live.body_html == "<p>Text with <em>emphasis</em>.</p>"
