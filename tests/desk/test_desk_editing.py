"""The desk's editor, review page, transitions, history and soft locks (Django test client)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import (
    Article,
    CheckDismissal,
    EditLock,
    Image,
    PublishedVersion,
    ReviewComment,
    State,
    WorkflowEvent,
)
from articles.workflow import locks
from tests import factories

pytestmark = pytest.mark.django_db


def editor_post(article: Article, **changes) -> dict:
    """The editor form's data for the article as stored, with `changes` applied."""
    data = {
        "base_version": article.version,
        "kicker": article.kicker,
        "headline": article.headline,
        "teaser": article.teaser,
        "dateline": article.dateline,
        "date": article.date.isoformat() if article.date else "",
        "body": article.body,
        "section": article.section_id or "",
        "slug": article.slug,
        "expire_at": "",
    }
    bylines = list(article.bylines.order_by("position"))
    data.update(
        {
            "bylines-TOTAL_FORMS": len(bylines),
            "bylines-INITIAL_FORMS": len(bylines),
            "bylines-MIN_NUM_FORMS": 0,
            "bylines-MAX_NUM_FORMS": 1000,
        }
    )
    for index, byline in enumerate(bylines):
        data[f"bylines-{index}-id"] = byline.pk
        data[f"bylines-{index}-article"] = article.pk
        data[f"bylines-{index}-author"] = byline.author_id
        data[f"bylines-{index}-position"] = byline.position
    placements = list(article.placements.order_by("position"))
    data.update(
        {
            "placements-TOTAL_FORMS": len(placements),
            "placements-INITIAL_FORMS": len(placements),
            "placements-MIN_NUM_FORMS": 0,
            "placements-MAX_NUM_FORMS": 1000,
        }
    )
    for index, placement in enumerate(placements):
        data[f"placements-{index}-id"] = placement.pk
        data[f"placements-{index}-article"] = article.pk
        data[f"placements-{index}-image"] = placement.image_id
        data[f"placements-{index}-role"] = placement.role
        data[f"placements-{index}-position"] = placement.position
        data[f"placements-{index}-caption"] = placement.caption
    data.update(changes)
    return data


def reload(article: Article) -> Article:
    """A fresh copy (the protected state field refuses refresh_from_db)."""
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def own_draft(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer)


# --- the editor ------------------------------------------------------------------------------


def test_create_page_prefills_the_writers_byline(client, writer):
    client.force_login(writer)
    response = client.get(reverse("desk:article-create"))
    assert response.status_code == 200
    assert response.context["bylines"].forms[0].initial["author"] == writer.author.pk
    html = response.content.decode()
    assert 'data-count="true"' in html  # live counters hooked up
    assert "js/editor.js" in html
    assert "<script>" not in html  # no inline JavaScript (CSP)


def test_create_saves_a_draft_with_ordered_bylines(client, writer):
    section = factories.SectionFactory()
    second = factories.AuthorFactory()
    client.force_login(writer)
    data = {
        "base_version": "",
        "kicker": "",
        "headline": "Harbour wall to be rebuilt",
        "teaser": "The council has agreed to pay for a new harbour wall after years of dispute over costs.",
        "dateline": "Hamburg",
        "date": "",
        "body": "First paragraph.\n\nSecond paragraph.",
        "section": section.pk,
        "slug": "",
        "expire_at": "2026-12-24T18:30",
        "bylines-TOTAL_FORMS": 2,
        "bylines-INITIAL_FORMS": 0,
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        "bylines-0-author": second.pk,
        "bylines-0-position": 1,
        "bylines-1-author": writer.author.pk,
        "bylines-1-position": 0,
        "placements-TOTAL_FORMS": 0,
        "placements-INITIAL_FORMS": 0,
        "placements-MIN_NUM_FORMS": 0,
        "placements-MAX_NUM_FORMS": 1000,
    }
    response = client.post(reverse("desk:article-create"), data)
    article = Article.objects.get(headline="Harbour wall to be rebuilt")
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:article-edit", kwargs={"pk": article.pk})
    assert article.status == State.DRAFT
    assert article.created_by == writer
    assert article.ordered_authors() == [writer.author, second]
    # The date-time picker's value is newsroom time.
    berlin = datetime.datetime(2026, 12, 24, 18, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert article.expire_at == berlin


def test_editor_shows_expire_at_in_newsroom_time(client, editor):
    article = factories.ArticleFactory(expire_at=datetime.datetime(2026, 12, 24, 17, 30, tzinfo=datetime.UTC))
    client.force_login(editor)
    response = client.get(reverse("desk:article-edit", kwargs={"pk": article.pk}))
    assert 'value="2026-12-24T18:30"' in response.content.decode()


def test_writer_saves_own_draft_and_version_rises(client, writer, own_draft):
    client.force_login(writer)
    url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    response = client.post(url, editor_post(own_draft, headline="A sharper headline"))
    assert response.status_code == 302
    own_draft = reload(own_draft)
    assert own_draft.headline == "A sharper headline"
    assert own_draft.version == 2
    assert own_draft.history.first().history_user == writer


def test_writer_cannot_open_anothers_piece(client, writer, other_writer):
    article = factories.ArticleFactory(authors=[other_writer.author], created_by=other_writer)
    client.force_login(writer)
    assert client.get(reverse("desk:article-edit", kwargs={"pk": article.pk})).status_code == 404
    assert client.get(reverse("desk:article-review", kwargs={"pk": article.pk})).status_code == 404


def test_a_writer_proposes_a_change_to_their_piece_in_review(client, writer, own_draft):
    workflow.submit(own_draft, by=writer)
    client.force_login(writer)
    url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    assert client.get(url).status_code == 200
    own_draft = reload(own_draft)
    response = client.post(url, editor_post(own_draft, headline="A better headline"))
    assert response.status_code == 302
    own_draft = reload(own_draft)
    assert own_draft.headline == "A better headline"
    assert own_draft.status == "in_review"  # still the editors' to approve: a newer revision to review


# Stale saves (merge, conflict page, choices) are tested in tests/desk/test_conflicts.py.


def test_invalid_form_keeps_text_and_saves_nothing(client, writer, own_draft):
    client.force_login(writer)
    data = editor_post(own_draft, body="Changed body", section="999999")
    response = client.post(reverse("desk:article-edit", kwargs={"pk": own_draft.pk}), data)
    assert response.status_code == 400
    assert "Changed body" in response.content.decode()
    own_draft = reload(own_draft)
    assert own_draft.body != "Changed body"


def test_two_lead_images_are_refused(client, editor):
    article = factories.ArticleFactory()
    first = factories.PlacementFactory(article=article, role="lead")
    second = factories.PlacementFactory(article=article, role="inline", position=1)
    client.force_login(editor)
    data = editor_post(article, **{"placements-1-role": "lead"})
    response = client.post(reverse("desk:article-edit", kwargs={"pk": article.pk}), data)
    assert response.status_code == 400
    assert "at most one lead image" in response.content.decode()
    second.refresh_from_db()
    assert second.role == "inline"
    # Swapping lead and inline in one save works (inline rows are saved first).
    data = editor_post(article, **{"placements-0-role": "inline", "placements-1-role": "lead"})
    response = client.post(reverse("desk:article-edit", kwargs={"pk": article.pk}), data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.role, second.role) == ("inline", "lead")


def test_placement_caption_and_order_are_saved(client, editor):
    article = factories.ArticleFactory()
    image = factories.ImageFactory()
    client.force_login(editor)
    data = editor_post(
        article,
        **{
            "placements-TOTAL_FORMS": 1,
            "placements-0-image": image.pk,
            "placements-0-role": "inline",
            "placements-0-position": 2,
            "placements-0-caption": "The wall in 1962.",
        },
    )
    response = client.post(reverse("desk:article-edit", kwargs={"pk": article.pk}), data)
    assert response.status_code == 302
    placement = article.placements.get()
    assert (placement.image, placement.position, placement.caption) == (image, 2, "The wall in 1962.")


# --- soft lock -------------------------------------------------------------------------------


def test_opening_the_editor_takes_no_lock_the_page_takes_it_with_a_post(client, writer, own_draft):
    client.force_login(writer)
    html = client.get(reverse("desk:article-edit", kwargs={"pk": own_draft.pk})).content.decode()
    assert not EditLock.objects.exists()  # a GET (say, a link on another site) changes nothing
    assert "Start editing" in html  # the no-JS way to take it

    response = client.post(reverse("desk:article-lock", kwargs={"pk": own_draft.pk}), {"action": "start"})

    assert response.status_code == 302
    assert EditLock.objects.get(article=own_draft).user == writer
    assert "Start editing" not in client.get(response.url).content.decode()


def test_the_lock_cannot_be_taken_without_the_csrf_token(writer, own_draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)

    response = client.post(
        reverse("desk:article-lock", kwargs={"pk": own_draft.pk}),
        {"action": "start"},
        headers={"Origin": "https://elsewhere.example", "Accept": "application/json"},
    )

    assert response.status_code == 403
    assert not EditLock.objects.exists()


def test_taking_the_lock_and_others_see_who(client, editor, writer, own_draft):
    client.force_login(writer)
    client.post(reverse("desk:article-lock", kwargs={"pk": own_draft.pk}), {"action": "start"})
    lock = EditLock.objects.get(article=own_draft)
    assert lock.user == writer
    client.force_login(editor)
    response = client.get(reverse("desk:article-edit", kwargs={"pk": own_draft.pk}))
    html = response.content.decode()
    name = writer.get_full_name()
    assert f"Being edited by {name} since {timezone.localtime(lock.since):%H:%M}" in html
    assert "Take over" in html
    assert EditLock.objects.get(article=own_draft).user == writer  # looking does not take it


def test_editor_takes_over_and_heartbeat_tells_the_writer(client, editor, writer, own_draft):
    locks.acquire(own_draft, user=writer)
    client.force_login(editor)
    url = reverse("desk:article-lock", kwargs={"pk": own_draft.pk})
    response = client.post(url, {"action": "take-over"})
    assert response.status_code == 302
    assert EditLock.objects.get(article=own_draft).user == editor
    client.force_login(writer)
    response = client.post(url, {"action": "heartbeat"}, headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.json()["held"] is False
    assert EditLock.objects.get(article=own_draft).user == editor


def test_writer_cannot_take_over(client, editor, writer, own_draft):
    locks.acquire(own_draft, user=editor)
    client.force_login(writer)
    response = client.post(reverse("desk:article-lock", kwargs={"pk": own_draft.pk}), {"action": "take-over"})
    assert response.status_code == 403
    assert EditLock.objects.get(article=own_draft).user == editor


def test_stale_lock_is_free_again(writer, editor, own_draft):
    past = timezone.now() - locks.STALE_AFTER - datetime.timedelta(seconds=1)
    locks.acquire(own_draft, user=editor, now=past)
    assert locks.current_lock(own_draft) is None
    assert locks.acquire(own_draft, user=writer).held_by_me


def test_lock_endpoint_is_post_only(client, writer, own_draft):
    client.force_login(writer)
    assert client.get(reverse("desk:article-lock", kwargs={"pk": own_draft.pk})).status_code == 405


# --- review page and transitions ----------------------------------------------------------


def test_review_page_renders_the_preview_with_the_public_partial(client, editor):
    article = factories.ArticleFactory(headline="Preview headline", body="Para one.\n\n## Sub\n\nPara two.")
    client.force_login(editor)
    response = client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))
    assert response.status_code == 200
    assert "site/_article.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert "<h2>Sub</h2>" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_writer_sees_submit_but_no_publish_button(client, writer, own_draft):
    client.force_login(writer)
    html = client.get(reverse("desk:article-review", kwargs={"pk": own_draft.pk})).content.decode()
    assert 'value="submit"' in html
    assert 'value="publish"' not in html
    assert 'value="schedule"' not in html


def test_forged_publish_by_writer_is_refused_and_nothing_changes(client, writer, own_draft):
    workflow.submit(own_draft, by=writer)
    events = WorkflowEvent.objects.count()
    client.force_login(writer)
    html = client.get(reverse("desk:article-review", kwargs={"pk": own_draft.pk})).content.decode()
    assert "Publish now" not in html
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": own_draft.pk}), {"transition": "publish"}, follow=True
    )
    assert "Nothing changed" in response.content.decode()
    own_draft = reload(own_draft)
    assert own_draft.status == State.IN_REVIEW
    assert WorkflowEvent.objects.count() == events
    assert not PublishedVersion.objects.filter(article=own_draft).exists()


def test_system_transitions_cannot_be_posted(client, editor):
    article = factories.ArticleFactory()
    client.force_login(editor)
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": article.pk}), {"transition": "publish_due"}, follow=True
    )
    assert "Nothing changed" in response.content.decode()
    response = client.post(reverse("desk:article-transition", kwargs={"pk": article.pk}), {"transition": "nonsense"})
    assert response.status_code == 400


def test_request_changes_needs_a_comment(client, editor, writer, own_draft):
    workflow.submit(own_draft, by=writer)
    client.force_login(editor)
    url = reverse("desk:article-transition", kwargs={"pk": own_draft.pk})
    response = client.post(url, {"transition": "request_changes", "request_changes-comment": ""}, follow=True)
    assert "Nothing changed" in response.content.decode()
    own_draft = reload(own_draft)
    assert own_draft.status == State.IN_REVIEW
    response = client.post(
        url, {"transition": "request_changes", "request_changes-comment": "Cut the second paragraph."}, follow=True
    )
    own_draft = reload(own_draft)
    assert own_draft.status == State.DRAFT
    assert own_draft.events.last().comment == "Cut the second paragraph."
    assert "Done" in response.content.decode()


def test_schedule_reads_the_picker_in_newsroom_time(client, editor, writer, own_draft):
    workflow.submit(own_draft, by=writer)
    client.force_login(editor)
    when = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": own_draft.pk}),
        {
            "transition": "schedule",
            "schedule-publish_at": when.strftime("%Y-%m-%dT%H:%M"),
            "schedule-revision": own_draft.version,
        },
    )
    assert response.status_code == 302
    own_draft = reload(own_draft)
    assert own_draft.status == State.SCHEDULED
    assert own_draft.publish_at == when.replace(second=0, microsecond=0)


def test_schedule_in_the_past_is_refused_with_a_message(client, editor, writer, own_draft):
    workflow.submit(own_draft, by=writer)
    client.force_login(editor)
    when = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": own_draft.pk}),
        {
            "transition": "schedule",
            "schedule-publish_at": when.strftime("%Y-%m-%dT%H:%M"),
            "schedule-revision": own_draft.version,
        },
        follow=True,
    )
    assert "Nothing changed" in response.content.decode()
    own_draft = reload(own_draft)
    assert own_draft.status == State.IN_REVIEW


def test_a_refused_action_keeps_what_was_typed(client, editor, writer, own_draft):
    """The piece moved on before the editor's request: the comment comes back to copy, nothing is stored."""
    client.force_login(editor)
    comment = "Please rewrite the second paragraph; the figures are from last year."
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": own_draft.pk}),
        {"transition": "request_changes", "request_changes-comment": comment},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing changed" in html
    assert comment in html
    assert reload(own_draft).status == State.DRAFT
    assert not WorkflowEvent.objects.filter(comment=comment).exists()
    # Shown once: the next visit is clean again.
    assert comment not in client.get(reverse("desk:article-review", kwargs={"pk": own_draft.pk})).content.decode()


def test_a_refused_schedule_keeps_the_chosen_time_in_the_picker(client, editor, writer, own_draft):
    workflow.submit(own_draft, by=writer)
    client.force_login(editor)
    when = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": own_draft.pk}),
        {"transition": "schedule", "schedule-publish_at": when, "schedule-revision": own_draft.version},
        follow=True,
    )
    assert f'value="{when}"' in response.content.decode()


def test_a_refused_comment_keeps_its_text(client, editor, own_draft):
    client.force_login(editor)
    body = "A long note. " * 400  # over the 5,000-character limit
    response = client.post(reverse("desk:article-comment", kwargs={"pk": own_draft.pk}), {"body": body}, follow=True)
    html = response.content.decode()
    assert "The comment was not added" in html
    assert body.strip() in html
    assert not ReviewComment.objects.exists()


def test_transition_is_post_only(client, editor):
    article = factories.ArticleFactory()
    client.force_login(editor)
    assert client.get(reverse("desk:article-transition", kwargs={"pk": article.pk})).status_code == 405


def test_findings_are_marked_in_the_text(client, editor):
    article = factories.ArticleFactory(headline="")
    client.force_login(editor)
    response = client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))
    findings = response.context["findings"]
    assert any(finding.field == "headline" and finding.is_blocking for _number, finding in findings)
    assert 'id="finding-1"' in response.content.decode()


# --- history ---------------------------------------------------------------------------------


def test_diff_between_two_revisions(client, writer, own_draft):
    workflow.save_article(
        own_draft, by=writer, base_version=own_draft.version, fields={"body": "The council met until dawn."}
    )
    client.force_login(writer)
    response = client.get(reverse("desk:article-diff", kwargs={"pk": own_draft.pk}), {"old": 1, "new": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ins class="diff-ins">dawn.</ins>' in html


def test_history_is_refused_to_those_who_may_not_edit(client, writer, other_writer):
    article = factories.ArticleFactory(authors=[other_writer.author], created_by=other_writer)
    client.force_login(writer)
    assert client.get(reverse("desk:article-history", kwargs={"pk": article.pk})).status_code == 404


def test_diff_with_a_revision_the_piece_does_not_have_is_404(client, editor):
    one = factories.ArticleFactory()
    other = factories.ArticleFactory()
    other = workflow.save_article(other, by=editor, base_version=other.version, fields={"kicker": "Other"})
    client.force_login(editor)
    # Revision numbers are per piece: the other piece's revision 2 is not one of this piece's.
    response = client.get(reverse("desk:article-diff", kwargs={"pk": one.pk}), {"old": 1, "new": other.version})
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    article = factories.ArticleFactory()
    response = client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_create_keeps_the_prefilled_byline_when_posted_unchanged(client, writer):
    client.force_login(writer)
    data = {
        "headline": "Only my byline",
        "bylines-TOTAL_FORMS": 1,
        "bylines-INITIAL_FORMS": 0,
        "bylines-0-author": writer.author.pk,
        "bylines-0-position": 0,
        "placements-TOTAL_FORMS": 0,
        "placements-INITIAL_FORMS": 0,
    }
    assert client.post(reverse("desk:article-create"), data).status_code == 302
    assert Article.objects.get(headline="Only my byline").ordered_authors() == [writer.author]


# --- findings: marked and dismissed ------------------------------------------------------


def test_house_style_finding_is_marked_at_every_place_in_the_text(client, editor):
    article = factories.ArticleFactory(body="Kiev is the capital.\n\nOfficials in Kiev said so.")
    client.force_login(editor)
    response = client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))
    body = next(field for field in response.context["marked_fields"] if field.name == "body")
    marked = [segment.text for segment in body.segments if segment.finding]
    assert marked == ["Kiev", "Kiev"]
    assert response.content.decode().count('class="finding-mark finding-mark-warning"') >= 2


def test_editor_dismisses_a_warning_with_a_reason(client, editor):
    article = factories.ArticleFactory(body="Officials in Kiev said so.")
    client.force_login(editor)
    review = client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))
    finding = next(f for _n, f in review.context["findings"] if f.code.startswith("style") and f.text == "Kiev")
    response = client.post(
        reverse("desk:finding-dismiss", kwargs={"pk": article.pk}),
        {"code": finding.code, "target": finding.target, "reason": "Historical quote, spelling kept."},
        follow=True,
    )
    assert "Warning dismissed" in response.content.decode()
    dismissal = CheckDismissal.objects.get(article=article)
    assert (dismissal.dismissed_by, dismissal.reason) == (editor, "Historical quote, spelling kept.")
    assert all(f.code != finding.code or f.text != "Kiev" for _n, f in response.context["findings"])


def test_dismissal_needs_a_reason_and_an_editor(client, writer, editor, own_draft):
    own_draft = reload(own_draft)
    client.force_login(writer)
    url = reverse("desk:finding-dismiss", kwargs={"pk": own_draft.pk})
    assert client.post(url, {"code": "repeated_word", "target": "", "reason": "why not"}).status_code == 403
    client.force_login(editor)
    response = client.post(url, {"code": "repeated_word", "target": "", "reason": ""}, follow=True)
    assert "not dismissed" in response.content.decode()
    assert not CheckDismissal.objects.exists()


def test_blocking_finding_cannot_be_dismissed(client, editor):
    article = factories.ArticleFactory(headline="")
    client.force_login(editor)
    review = client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))
    blocking = next(f for _n, f in review.context["findings"] if f.is_blocking)
    assert f'value="{blocking.code}"' not in review.content.decode().split('id="findings"')[1].split("</section>")[0]
    response = client.post(
        reverse("desk:finding-dismiss", kwargs={"pk": article.pk}),
        {"code": blocking.code, "target": blocking.target, "reason": "Trust me"},
        follow=True,
    )
    assert "cannot be dismissed" in response.content.decode()
    assert not CheckDismissal.objects.exists()


# --- upload in place ---------------------------------------------------------------------


def jpeg_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), "#336699").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_upload_in_place_returns_the_new_image(client, writer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(writer)
    upload = SimpleUploadedFile("Harbour Wall.JPG", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("desk:editor-image-upload"),
        {"upload-file": upload, "upload-caption": "The wall", "upload-creator": "Jana", "upload-agencies": "dpa"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    data = response.json()
    image = Image.objects.get(pk=data["id"])
    assert image.uploaded_by == writer
    assert (data["caption"], data["credit_line"]) == ("The wall", "© Jana/dpa")


def test_upload_in_place_refuses_a_non_image(client, writer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(writer)
    fake = SimpleUploadedFile("evil.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    response = client.post(
        reverse("desk:editor-image-upload"), {"upload-file": fake}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not Image.objects.exists()


def test_metadata_endpoint_reads_iptc(client, writer, tmp_path):
    import shutil
    import subprocess

    exiftool = shutil.which("exiftool")
    if not exiftool:
        pytest.skip("exiftool is not installed")
    path = tmp_path / "iptc.jpg"
    path.write_bytes(jpeg_bytes())
    subprocess.run(
        [exiftool, "-q", "-overwrite_original", "-IPTC:Caption-Abstract=Low tide", "-IPTC:Credit=AP/dpa", str(path)],
        check=True,
    )
    client.force_login(writer)
    with path.open("rb") as file:
        response = client.post(reverse("desk:editor-image-metadata"), {"file": file})
    assert response.json()["fields"] == {"caption": "Low tide", "agencies": "AP/dpa"}


def test_upload_needs_the_permission(client, db):
    reader = factories.UserFactory()
    client.force_login(reader)
    assert client.post(reverse("desk:editor-image-upload"), {}).status_code == 403
    assert client.get(reverse("desk:article-create")).status_code == 403


def test_submit_reports_remaining_warnings(client, writer, own_draft):
    Article.objects.filter(pk=own_draft.pk).update(body="Officials in Kiev said so.")
    client.force_login(writer)
    response = client.post(
        reverse("desk:article-transition", kwargs={"pk": own_draft.pk}), {"transition": "submit"}, follow=True
    )
    html = response.content.decode()
    assert "Done: Submit for review" in html
    assert "check warning" in html
    assert reload(own_draft).status == State.IN_REVIEW


def test_review_page_ids_are_unique(client, editor):
    import re

    article = factories.ArticleFactory(body="Kiev is the capital.\n\nOfficials in Kiev said so. Kiev again.")
    client.force_login(editor)
    html = client.get(reverse("desk:article-review", kwargs={"pk": article.pk})).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'id="mark-1"' in html


def test_editor_page_ids_are_unique_and_every_input_is_labelled(client, editor):
    import re

    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article)
    client.force_login(editor)
    html = client.get(reverse("desk:article-edit", kwargs={"pk": article.pk})).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    for tag in fields:
        if 'type="hidden"' in tag:
            continue
        field_id = re.search(r'\sid="([^"]+)"', tag)
        assert field_id and field_id.group(1) in labelled, tag


def test_upload_without_javascript_returns_to_the_editor(client, writer, own_draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(writer)
    edit_url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    upload = SimpleUploadedFile("wall.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("desk:editor-image-upload"), {"upload-file": upload, "upload-caption": "Wall", "next": edit_url}
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url
    assert Image.objects.get().caption == "Wall"
    # Somewhere else is not a place to go back to.
    upload = SimpleUploadedFile("wall.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("desk:editor-image-upload"), {"upload-file": upload, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("desk:article-create")


def test_history_page_lists_revisions_with_who(client, writer, own_draft):
    workflow.save_article(own_draft, by=writer, base_version=own_draft.version, fields={"kicker": "New"})
    client.force_login(writer)
    response = client.get(reverse("desk:article-history", kwargs={"pk": own_draft.pk}))
    assert response.status_code == 200
    assert len(response.context["revisions"]) == 2
    assert writer.get_full_name() in response.content.decode()


def test_review_page_of_an_empty_draft(client, writer):
    article = Article.objects.create(created_by=writer)
    client.force_login(writer)
    response = client.get(reverse("desk:article-review", kwargs={"pk": article.pk}))
    assert response.status_code == 200
    blocking = [finding for _number, finding in response.context["findings"] if finding.is_blocking]
    assert {finding.field for finding in blocking} >= {"headline", "body", "section"}


def test_review_page_shows_who_is_editing(client, writer, editor, own_draft):
    locks.acquire(own_draft, user=writer)
    client.force_login(editor)
    html = client.get(reverse("desk:article-review", kwargs={"pk": own_draft.pk})).content.decode()
    assert f"Being edited by {writer.get_full_name()}" in html


def test_a_refusal_says_why_and_what_to_do_instead(client, django_user_model):
    someone = django_user_model.objects.create_user("guest-reader", "guest@example.org", "x")
    client.force_login(someone)
    response = client.get(reverse("desk:article-create"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ask an editor to give you the Writer role." in page and "Nothing was changed." in page
