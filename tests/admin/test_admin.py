"""The admin: every page renders, list pages do not grow in queries, the workflow is respected."""

import datetime
import itertools
import re

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles import workflow
from articles.models import (
    Article,
    CheckDismissal,
    CheckSetting,
    DeskProfile,
    DictionaryWord,
    EditLock,
    Image,
    Notice,
    OutboxMessage,
    PieceTemplate,
    PublishedVersion,
    Rendition,
    ReviewComment,
    SchedulerRun,
    State,
    StyleRule,
    WorkflowEvent,
)
from articles.review.checks import run_checks
from articles.workflow import revisions
from articles.workflow.snapshots import build_version
from tests import factories

pytestmark = pytest.mark.django_db


_user_numbers = itertools.count()


def _user():
    # Not the factory: these users never sign in, and fifty password hashes would dominate the run.
    return get_user_model().objects.create(username=f"row-user-{next(_user_numbers)}")


def _article(i):
    return factories.ArticleFactory(authors=[factories.AuthorFactory(), factories.AuthorFactory()])


def _published_version(i):
    article = _article(i)
    version = build_version(article, by=_user())
    version.save()
    return version


# One object of each registered model, built with everything its list columns show.
def _preview_link(i: int):
    from articles.desk import guest_previews

    return guest_previews.make(
        _article(i), by=factories.EditorFactory(), label=f"legal {i}", hours=2, allow_comments=True
    )


def _suggestion(i: int):
    from articles.models import Suggestion

    return Suggestion.objects.create(
        article=_article(i),
        field="body",
        kind="replacement",
        original="Kiev",
        proposed="Kyiv",
        base_version=1,
        author=_user(),
    )


MAKERS = {
    "suggestion": _suggestion,
    "section": lambda i: factories.SectionFactory(parent=factories.SectionFactory(), desk=factories.DeskFactory()),
    "desk": lambda i: factories.DeskFactory(),
    "author": lambda i: factories.AuthorFactory(user=_user()),
    "article": _article,
    "assignment": lambda i: factories.AssignmentFactory(assignees=[_user()]),
    "piecetemplate": lambda i: PieceTemplate.objects.create(
        name=f"Match report {i}", section=factories.SectionFactory(), planned_words=350, checks=["time-format"]
    ),
    "image": lambda i: factories.ImageFactory(uploaded_by=_user()),
    "rendition": lambda i: Rendition.objects.create(
        image=factories.ImageFactory(),
        spec=f"lead-{i}.jpeg",
        crop="lead",
        fmt="jpeg",
        width=320,
        height=180,
        file=f"renditions/{i}/key/lead-320x180.jpg",
        size=1000,
        source_key="key",
    ),
    "publishedversion": _published_version,
    "workflowevent": lambda i: WorkflowEvent.objects.create(
        article=_article(i),
        transition="submit",
        from_state="draft",
        to_state="in_review",
        actor=_user(),
    ),
    "reviewcomment": lambda i: ReviewComment.objects.create(
        article=_article(i), author=_user(), body="Please check the second quote."
    ),
    "revision": lambda i: revisions.ensure_revision(_article(i)),
    "editlock": lambda i: EditLock.objects.create(article=_article(i), user=_user()),
    "checksetting": lambda i: CheckSetting.objects.create(code=f"check-{i}", severity="warning"),
    "outboxmessage": lambda i: OutboxMessage.objects.create(
        message_id=f"<{i}.published@newsroom.test>",
        kind="published",
        article=_article(i),
        recipient=f"writer{i}@newsroom.test",
        subject="Published: a piece",
        body="It is live.",
        language="en",
    ),
    "deskprofile": lambda i: DeskProfile.objects.create(user=_user(), language="de"),
    "previewlink": lambda i: _preview_link(i),
    "notice": lambda i: Notice.objects.create(
        recipient=_user(), kind="submitted", article=_article(i), headline="A piece", comment="Please look."
    ),
    "stylerule": lambda i: StyleRule.objects.create(wrong=f"Wrongly{i}", right=f"Rightly{i}"),
    "dictionaryword": lambda i: DictionaryWord.objects.create(word=f"zorbing{i}", added_by=_user()),
    "checkdismissal": lambda i: CheckDismissal.objects.create(
        article=_article(i),
        code="style",
        target=f"Kiev {i}",
        reason="Quoted name",
        dismissed_by=_user(),
    ),
    "partnertoken": lambda i: _partner_token(i),
    "schedulerrun": lambda i: SchedulerRun.objects.create(finished_at=timezone.now(), host=f"host{i}", published=i),
}


def _partner_token(i):
    from articles.models import PartnerToken

    token = PartnerToken(partner=f"Partner {i}")
    token.issue_key()
    token.save()
    return token


ARTICLES_MODELS = sorted(
    model._meta.model_name for model in admin.site._registry if model._meta.app_label == "articles"
)


def test_every_articles_model_has_an_admin():
    from django.apps import apps

    assert set(ARTICLES_MODELS) == {
        model._meta.model_name
        for model in apps.get_app_config("articles").get_models()
        if not model.__name__.startswith("Historical")
    } - {"byline", "placement", "autosave"} - {
        "publishedbyline",
        "publishedpicture",
        "savereceipt",
        "searchdocument",
        "publicationgeneration",
    }  # inlines, private unsaved work; through tables and bookkeeping (the search index's rows, a counter)
    assert set(MAKERS) == set(ARTICLES_MODELS)


@pytest.mark.parametrize("model_name", ARTICLES_MODELS)
def test_list_change_and_add_pages_render(client, superuser, model_name):
    obj = MAKERS[model_name](0)
    client.force_login(superuser)

    assert client.get(reverse(f"admin:articles_{model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:articles_{model_name}_change", args=[obj.pk])).status_code == 200
    add = client.get(reverse(f"admin:articles_{model_name}_add"))
    # Versions and events are records; dismissals and locks come from the desk; renditions from the original;
    # assignments are planned on the desk (articles/workflow/planning.py).
    assert add.status_code == (
        403
        if model_name
        in {
            "assignment",
            "publishedversion",
            "workflowevent",
            "checkdismissal",
            "editlock",
            "revision",
            "outboxmessage",
            "rendition",
            "schedulerrun",
            "previewlink",
            "notice",
            "suggestion",
        }
        else 200
    )


@pytest.mark.parametrize("model_name", ARTICLES_MODELS)
def test_list_page_queries_do_not_grow_with_rows(client, superuser, model_name):
    client.force_login(superuser)
    url = reverse(f"admin:articles_{model_name}_changelist")
    for i in range(5):
        MAKERS[model_name](i)
    client.get(url)  # warm caches (content types, session)

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5, 50):
        MAKERS[model_name](i)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 50
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_autocomplete_for_foreign_keys():
    article_admin = admin.site._registry[Article]
    assert "section" in article_admin.autocomplete_fields
    inline_fields = {inline.model._meta.model_name: inline.autocomplete_fields for inline in article_admin.inlines}
    assert inline_fields["byline"] == ["author"]
    assert inline_fields["placement"] == ["image"]


# --- The article form ----------------------------------------------------------------------------


def change_data(article, **overrides):
    """A complete POST for the article change page, as the browser would send it."""
    data = {
        "kicker": article.kicker,
        "headline": article.headline,
        "teaser": article.teaser,
        "dateline": article.dateline,
        "body": article.body,
        "section": article.section_id,
        "date": article.date.isoformat() if article.date else "",
        "slug": article.slug,
        "expire_at_0": "",
        "expire_at_1": "",
        "base_version": article.version,
    }
    bylines = list(article.bylines.all()) if article.pk else []
    data.update(
        {
            "bylines-TOTAL_FORMS": len(bylines),
            "bylines-INITIAL_FORMS": len(bylines),
            "bylines-MIN_NUM_FORMS": 0,
            "bylines-MAX_NUM_FORMS": 1000,
            "placements-TOTAL_FORMS": 0,
            "placements-INITIAL_FORMS": 0,
            "placements-MIN_NUM_FORMS": 0,
            "placements-MAX_NUM_FORMS": 1000,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
            "events-MIN_NUM_FORMS": 0,
            "events-MAX_NUM_FORMS": 0,
        }
    )
    for index, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{index}-id": byline.pk,
                f"bylines-{index}-article": article.pk,
                f"bylines-{index}-position": byline.position,
                f"bylines-{index}-author": byline.author_id,
            }
        )
    data.update(overrides)
    return data


def test_status_is_not_a_form_field_and_posting_it_changes_nothing(client, superuser):
    article = factories.ArticleFactory()
    client.force_login(superuser)
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = client.get(url)
    assert "status" not in page.context["adminform"].form.fields
    assert 'name="status"' not in page.content.decode()

    response = client.post(
        url,
        change_data(article, headline="A new headline", status=State.PUBLISHED, published_at="2026-01-01 10:00"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db(fields=["headline", "version", "published_at"])
    assert article.headline == "A new headline"
    assert Article.objects.get(pk=article.pk).status == State.DRAFT
    assert article.published_at is None
    # The save went through the conflict-safe path: the version went up, the history knows who.
    assert article.version == 2
    assert Article.history.filter(id=article.pk).first().history_user == superuser


def test_stale_save_is_refused_and_the_text_kept(client, superuser):
    article = factories.ArticleFactory(headline="Stored headline")
    workflow.save_article(
        article, by=superuser, base_version=1, fields={"teaser": "Someone else's teaser, long enough."}
    )
    client.force_login(superuser)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_data(article, headline="My unsaved headline", base_version=1),
    )

    assert response.status_code == 200
    assert "Someone saved this piece after you opened it" in response.content.decode()
    assert "My unsaved headline" in response.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version) == ("Stored headline", 2)


def test_add_page_creates_a_draft_by_the_user(client, superuser):
    section = factories.SectionFactory()
    client.force_login(superuser)
    data = change_data(factories.ArticleFactory.build(section=section, slug="new-piece"), base_version="")
    data.update({"bylines-TOTAL_FORMS": 0, "bylines-INITIAL_FORMS": 0, "section": section.pk})

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(slug="new-piece")
    assert article.status == State.DRAFT
    assert article.created_by == superuser


def test_change_page_shows_the_editorial_findings(client, superuser):
    article = factories.ArticleFactory(headline="")
    client.force_login(superuser)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    content = response.content.decode()
    findings = run_checks(article)
    assert any(finding.field == "headline" and finding.is_blocking for finding in findings)
    assert 'class="article-findings"' in content
    for finding in findings:
        assert str(escape(finding.message)) in content
    assert "<strong>Blocking</strong>" in content


def test_a_writer_on_staff_proposes_a_change_to_a_piece_in_review_and_it_stays_in_review(client, writer):
    """As on the desk: the change is a newer revision under review, never public by itself."""
    writer.is_staff = True
    writer.save()
    article = factories.ArticleFactory(authors=[writer.author])
    workflow.submit(article, by=writer)
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_data(article, headline="A better headline")
    )

    assert response.status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert saved.headline == "A better headline" and saved.status == "in_review"
    assert not PublishedVersion.objects.filter(article=article).exists()


def test_another_writer_on_staff_cannot_change_the_piece(client, writer, other_writer):
    other_writer.is_staff = True
    other_writer.save()
    article = factories.ArticleFactory(authors=[writer.author])
    client.force_login(other_writer)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_data(article, headline="Sneaky edit")
    )
    assert response.status_code in (302, 403, 404)
    assert Article.objects.get(pk=article.pk).headline != "Sneaky edit"


# --- Transitions as admin actions ----------------------------------------------------------------


def run_action(client, action, articles, **extra):
    data = {"action": f"transition_{action}", ACTION_CHECKBOX_NAME: [a.pk for a in articles], **extra}
    url = reverse("admin:articles_article_changelist")
    if action in {"publish", "schedule"}:
        # These put a revision live: the confirmation page names the revision of each piece; confirm it.
        page = client.post(url, {key: value for key, value in data.items() if key != "apply"})
        data.update(dict(re.findall(r'name="(revision_\d+)" value="(\d+)"', page.content.decode())))
        data["apply"] = "1"
    return client.post(url, data, follow=True)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_action_performs_each_piece_and_reports_refusals(client, editor):
    editor.is_staff = True
    editor.save()
    complete = factories.ArticleFactory(headline="Complete piece")
    incomplete = factories.ArticleFactory(headline="Incomplete piece", teaser="")
    client.force_login(editor)

    response = run_action(client, "submit", [complete, incomplete])

    assert Article.objects.get(pk=complete.pk).status == State.IN_REVIEW
    assert Article.objects.get(pk=incomplete.pk).status == State.DRAFT
    assert WorkflowEvent.objects.filter(article=complete, transition="submit", actor=editor).count() == 1
    assert not WorkflowEvent.objects.filter(article=incomplete).exists()
    texts = message_texts(response)
    assert any("Complete piece" in text and "now In review" in text for text in texts)
    assert any("Incomplete piece" in text and "not done" in text and "teaser" in text for text in texts)


def test_action_in_the_wrong_state_is_refused_with_a_reason(client, superuser):
    article = factories.ArticleFactory(headline="Still a draft")
    client.force_login(superuser)

    response = run_action(client, "publish", [article])

    assert Article.objects.get(pk=article.pk).status == State.DRAFT
    assert not PublishedVersion.objects.exists()
    (text,) = message_texts(response)
    assert "Still a draft" in text and "not done" in text


def test_action_needing_a_comment_asks_for_it_first(client, superuser):
    article = factories.ArticleFactory()
    workflow.submit(article, by=superuser)
    client.force_login(superuser)

    asked = run_action(client, "request_changes", [article])
    assert "admin/articles/article/transition.html" in [t.name for t in asked.templates]
    assert Article.objects.get(pk=article.pk).status == State.IN_REVIEW

    empty = run_action(client, "request_changes", [article], apply="1", comment="")
    assert empty.context["form"].errors["comment"]
    assert Article.objects.get(pk=article.pk).status == State.IN_REVIEW

    run_action(client, "request_changes", [article], apply="1", comment="Second source, please.")
    assert Article.objects.get(pk=article.pk).status == State.DRAFT
    assert WorkflowEvent.objects.get(transition="request_changes").comment == "Second source, please."


def test_schedule_action_asks_for_the_time(client, superuser):
    article = factories.ArticleFactory(authors=[factories.AuthorFactory()])
    workflow.submit(article, by=superuser)
    client.force_login(superuser)
    when = timezone.localtime() + datetime.timedelta(days=2)

    run_action(client, "schedule", [article], apply="1", publish_at=when.strftime("%Y-%m-%dT%H:%M"))

    stored = Article.objects.get(pk=article.pk)
    assert stored.status == State.SCHEDULED
    assert stored.publish_at.replace(second=0, microsecond=0) == when.replace(second=0, microsecond=0)


def test_publish_actions_need_the_publish_permission(client, writer, editor):
    writer.is_staff = True
    writer.save()
    editor.is_staff = True
    editor.save()
    url = reverse("admin:articles_article_changelist")
    factories.ArticleFactory(authors=[writer.author])

    client.force_login(writer)
    writer_actions = set(client.get(url).context["action_form"].fields["action"].choices)
    client.force_login(editor)
    editor_actions = set(client.get(url).context["action_form"].fields["action"].choices)

    writer_names = {name for name, _label in writer_actions}
    editor_names = {name for name, _label in editor_actions}
    assert "transition_submit" in writer_names
    assert not writer_names & {"transition_publish", "transition_schedule", "transition_withdraw"}
    assert {"transition_publish", "transition_schedule", "transition_withdraw", "transition_request_changes"} <= (
        editor_names
    )


def test_writer_sees_only_own_pieces_in_the_admin(client, writer, other_writer):
    writer.is_staff = True
    writer.save()
    mine = factories.ArticleFactory(authors=[writer.author])
    factories.ArticleFactory(authors=[other_writer.author])
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_changelist"))

    assert list(response.context["cl"].result_list) == [mine]


# --- Images --------------------------------------------------------------------------------------


def test_missing_credit_filter(client, superuser):
    credited = factories.ImageFactory(caption="Credited")
    uncredited = factories.ImageFactory(caption="Uncredited", creator="", organisation="", agencies="")
    client.force_login(superuser)
    url = reverse("admin:articles_image_changelist")

    missing = client.get(url, {"credit": "missing"})
    present = client.get(url, {"credit": "present"})

    assert list(missing.context["cl"].result_list) == [uncredited]
    assert list(present.context["cl"].result_list) == [credited]


def test_image_list_shows_the_credit_line(client, superuser):
    factories.ImageFactory(creator="Sgt. 1st Class Andrew Dickson", organisation="", agencies="US Army/AP/dpa")
    client.force_login(superuser)

    response = client.get(reverse("admin:articles_image_changelist"))

    assert "© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa" in response.content.decode()
    assert Image.objects.count() == 1


# --- Check settings and deletion -----------------------------------------------------------------


def test_check_setting_is_picked_from_the_known_checks(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:articles_checksetting_add")

    refused = client.post(url, {"code": "no-such-check", "severity": "blocking"})
    assert refused.status_code == 200
    assert not CheckSetting.objects.exists()

    client.post(url, {"code": "run-together", "severity": "blocking"})
    assert CheckSetting.objects.get().severity == "blocking"
    listing = client.get(reverse("admin:articles_checksetting_changelist")).content.decode()
    assert "Sentences run together" in listing


def test_only_never_published_drafts_can_be_deleted(client, superuser):
    draft = factories.ArticleFactory()
    in_review = factories.ArticleFactory()
    workflow.submit(in_review, by=superuser)
    client.force_login(superuser)

    assert client.get(reverse("admin:articles_article_delete", args=[draft.pk])).status_code == 200
    assert client.get(reverse("admin:articles_article_delete", args=[in_review.pk])).status_code == 403


def test_review_comment_added_in_the_admin_goes_through_the_comments_service(
    client, editor, writer, mailoutbox, django_capture_on_commit_callbacks
):
    editor.is_staff = True
    editor.save()
    article = factories.ArticleFactory(authors=[writer.author])
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_reviewcomment_add"),
            {"article": article.pk, "body": f"@{writer.username} please add a second source."},
        )

    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert comment.author == editor
    assert [message.to for message in mailoutbox] == [[writer.email]]


def test_check_settings_show_confidence_and_turn_off_the_low_confidence_checks(client, superuser):
    from articles.review.checks import CHECKS

    client.force_login(superuser)
    add_form = client.get(reverse("admin:articles_checksetting_add")).content.decode()
    assert "Agreement and case (low confidence)" in add_form
    changelist = reverse("admin:articles_checksetting_changelist")
    hide = reverse("admin:articles_checksetting_hide_low")
    assert client.get(hide).status_code == 302 and not CheckSetting.objects.exists()  # only a POST changes

    response = client.post(hide)

    assert response.status_code == 302 and response.url == changelist
    low = {check.code for check in CHECKS if check.confidence == "low"}
    assert low and set(CheckSetting.objects.filter(severity="off").values_list("code", flat=True)) == low
    listing = client.get(changelist + "?confidence=low").content.decode()
    assert "Turn off the low-confidence checks" in listing and "Agreement and case" in listing
    # A check the desk made blocking on purpose stays blocking.
    CheckSetting.objects.filter(code="agreement").update(severity="blocking")
    client.post(hide)
    assert CheckSetting.objects.get(code="agreement").severity == "blocking"
