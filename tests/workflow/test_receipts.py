"""A stored save is reported as saved: resending the same form never conflicts with itself or saves twice."""

from __future__ import annotations

import re
import uuid

import psycopg
import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SaveReceipt
from articles.workflow.receipts import KEEP_FOR
from tests import factories
from tests.desk.test_desk_editing import editor_post

pytestmark = pytest.mark.django_db


def form_token(client: Client, url: str) -> str:
    """The save token the rendered editor form carries."""
    html = client.get(url).content.decode()
    match = re.search(r'name="save_token" value="([0-9a-f-]{36})"', html)
    assert match, "the editor form carries no save token"
    return match.group(1)


@pytest.fixture
def own_draft(writer):
    return factories.ArticleFactory(authors=[writer.author], created_by=writer)


def test_resending_a_stored_edit_answers_saved_not_a_conflict(client, writer, own_draft):
    client.force_login(writer)
    url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    data = editor_post(own_draft, headline="Harbour wall: council agrees", save_token=form_token(client, url))
    first = client.post(url, data)
    assert first.status_code == 302
    history_after_first = own_draft.history.count()

    again = client.post(url, data, follow=True)  # the browser resends: the first answer never arrived

    assert again.status_code == 200
    assert again.redirect_chain[0][0] == url
    assert "had already been stored" in again.content.decode()
    assert "Someone else saved" not in again.content.decode()
    stored = Article.objects.get(pk=own_draft.pk)
    assert (stored.version, stored.headline) == (own_draft.version + 1, "Harbour wall: council agrees")
    assert own_draft.history.count() == history_after_first  # nothing saved twice
    assert SaveReceipt.objects.get().version == stored.version


def test_a_fresh_form_after_a_save_still_conflicts_with_someone_elses_save(client, writer, editor, own_draft):
    """Receipts only recognise the same submission: a real conflict is still a conflict."""
    client.force_login(writer)
    url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    mine = editor_post(own_draft, headline="Mine", save_token=form_token(client, url))
    other = Client()
    other.force_login(editor)
    theirs = editor_post(own_draft, headline="Theirs", save_token=form_token(other, url))
    assert other.post(url, theirs).status_code == 302
    assert client.post(url, mine).status_code == 409
    assert Article.objects.get(pk=own_draft.pk).headline == "Theirs"


def test_resending_a_new_draft_creates_it_once(client, writer):
    client.force_login(writer)
    url = reverse("desk:article-create")
    section = factories.SectionFactory()
    data = {
        **{name: "" for name in ("base_version", "kicker", "date", "slug", "expire_at", "dateline")},
        "headline": "Harbour wall to be rebuilt",
        "teaser": "The council has agreed to pay for a new harbour wall after years of dispute over costs.",
        "body": "First paragraph.",
        "section": section.pk,
        "save_token": form_token(client, url),
        **{f"bylines-{key}": value for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
        **{f"placements-{key}": value for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
    }
    first = client.post(url, data)
    second = client.post(url, data)
    article = Article.objects.get(headline="Harbour wall to be rebuilt")  # exactly one
    assert first["Location"] == second["Location"] == reverse("desk:article-edit", kwargs={"pk": article.pk})
    assert [str(message) for message in get_messages(second.wsgi_request)][-1].startswith("Saved.")


def test_a_token_used_for_another_piece_is_refused(client, writer, own_draft):
    client.force_login(writer)
    other_piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    token = str(uuid.uuid4())
    url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    assert client.post(url, editor_post(own_draft, save_token=token)).status_code == 302
    other_url = reverse("desk:article-edit", kwargs={"pk": other_piece.pk})
    response = client.post(other_url, editor_post(other_piece, headline="Changed", save_token=token))
    assert response.status_code == 400
    assert "This form was already used" in response.content.decode()
    assert Article.objects.get(pk=other_piece.pk).headline == other_piece.headline


def test_a_new_draft_with_someone_elses_token_is_refused_with_a_message(client, writer, other_writer, own_draft):
    token = uuid.uuid4()
    SaveReceipt.objects.create(token=token, article=own_draft, user=other_writer, version=1)
    client.force_login(writer)
    data = {
        "headline": "Harbour wall to be rebuilt",
        "teaser": "The council has agreed to pay for a new harbour wall after years of dispute over costs.",
        "body": "First paragraph.",
        "section": own_draft.section_id,
        "save_token": str(token),
        **{f"bylines-{key}": value for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
        **{f"placements-{key}": value for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
    }
    response = client.post(reverse("desk:article-create"), data)
    assert response.status_code == 400
    assert "This form was already used" in response.content.decode()
    assert not Article.objects.filter(headline="Harbour wall to be rebuilt").exists()


def test_receipts_older_than_a_week_are_pruned_when_the_piece_is_saved_again(client, writer, own_draft):
    old = SaveReceipt.objects.create(
        token=uuid.uuid4(), article=own_draft, user=writer, version=1, created_at=timezone.now() - KEEP_FOR * 2
    )
    client.force_login(writer)
    url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    assert client.post(url, editor_post(own_draft, save_token=str(uuid.uuid4()))).status_code == 302
    assert not SaveReceipt.objects.filter(pk=old.pk).exists()
    assert SaveReceipt.objects.filter(article=own_draft).count() == 1


@pytest.fixture
def postgres_only(transactional_db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL to terminate a real connection")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_lost_after_the_commit_still_answers_saved(postgres_only, writer, own_draft):
    """The database connection really dies right after the save commits (PostgreSQL terminates it)."""
    client = Client(raise_request_exception=False)
    client.force_login(writer)
    url = reverse("desk:article-edit", kwargs={"pk": own_draft.pk})
    data = {**editor_post(own_draft, headline="Stored before the line went dead"), "_review": "1"}
    data["save_token"] = form_token(client, url)

    def cut_the_line_after_commit(sender, instance, **kwargs) -> None:
        pid = connection.connection.info.backend_pid
        settings_dict = connection.settings_dict

        def terminate() -> None:
            with psycopg.connect(
                host=settings_dict["HOST"] or "127.0.0.1",
                port=settings_dict["PORT"] or 5432,
                user=settings_dict["USER"] or "postgres",
                password=settings_dict["PASSWORD"] or None,
                dbname=settings_dict["NAME"],
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])

        transaction.on_commit(terminate)

    post_save.connect(cut_the_line_after_commit, sender=Article)
    try:
        response = client.post(url, data)
    finally:
        post_save.disconnect(cut_the_line_after_commit, sender=Article)
        connection.close()  # whatever state the request left it in: the test reconnects
    assert response.status_code == 302, response.content[:300]
    assert response["Location"] == reverse("desk:article-review", kwargs={"pk": own_draft.pk})
    assert Article.objects.get(pk=own_draft.pk).headline == "Stored before the line went dead"
    # And the browser's resend of the same form is answered "saved", not a conflict.
    resend = client.post(url, data)
    assert resend.status_code == 302
    assert Article.objects.get(pk=own_draft.pk).version == own_draft.version + 1
