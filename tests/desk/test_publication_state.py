"""The desk tells the truth about what is live: badges, counts, the live filter, history pages, restoring."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.models import Article, PublishedVersion, State
from tests import factories

pytestmark = pytest.mark.django_db


def reload(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def live_piece(writer, editor, **fields) -> Article:
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, **fields)
    workflow.submit(article, by=writer)
    return workflow.publish(reload(article), by=editor)


def edit(article: Article, user, **fields) -> Article:
    article = reload(article)
    return workflow.save_article(article, by=user, base_version=article.version, fields=fields)


def test_dashboard_counts_a_live_piece_under_update_as_live(writer, editor):
    """The bug: after "Start an update" the dashboard counted 4 published while 5 were live."""
    pieces = [live_piece(writer, editor, headline=f"Live piece {n}") for n in range(5)]
    workflow.start_update(reload(pieces[0]), by=writer)
    response = signed_in(editor).get(reverse("desk:dashboard"))
    dash = response.context["dash"]
    assert dash.counts["published"] == 4  # the workflow state, still shown per state
    assert dash.reach["live"] == 5  # what readers can see
    assert {article.pk for article in dash.published} == {piece.pk for piece in pieces}
    html = response.content.decode()
    assert "Live · update in draft" in html
    assert re.search(r'desk-count-live[^>]*>\s*<span class="desk-count-number">5</span>', html)


def test_pending_changes_are_counted_and_filtered(writer, editor):
    calm = live_piece(writer, editor, headline="Nothing pending here")
    busy = live_piece(writer, editor, headline="Edited after publication")
    edit(busy, editor, teaser="A new teaser nobody reviewed yet, long enough to pass the checks easily.")
    draft = factories.ArticleFactory(headline="Never published", created_by=writer)
    client = signed_in(editor)
    assert client.get(reverse("desk:dashboard")).context["dash"].reach == {"live": 2, "pending": 1}

    def listed(**params) -> set[int]:
        page = client.get(reverse("desk:article-list"), params).context["page"]
        return {article.pk for article in page}

    assert listed(live="pending") == {busy.pk}
    assert listed(live="live") == {calm.pk, busy.pk}
    assert draft.pk in listed(live="not_live") and calm.pk not in listed(live="not_live")
    html = client.get(reverse("desk:article-list")).content.decode()
    assert html.count("Live · changes pending") >= 2  # the filter's choice and the busy piece's badge


@pytest.mark.parametrize("url_name", ["desk:dashboard", "desk:article-list"])
def test_badges_cost_no_query_per_row(writer, editor, url_name):
    client = signed_in(editor)
    edit(live_piece(writer, editor), editor, kicker="Pending")

    def count() -> int:
        cache.clear()  # the dashboard's counts of every piece are kept a while: count them each time here
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse(url_name)).status_code == 200
        return len(context.captured_queries)

    one = count()
    for n in range(6):
        piece = live_piece(writer, editor, headline=f"More live pieces {n}")
        if n % 2:
            edit(piece, editor, kicker="Pending")
        else:
            workflow.start_update(reload(piece), by=writer)
    assert count() == one


def test_admin_list_says_what_readers_see_and_filters_pending(client, superuser, writer, editor):
    busy = live_piece(writer, editor, headline="Busy live piece")
    edit(busy, editor, kicker="Pending")
    live_piece(writer, editor, headline="Calm live piece")
    client.force_login(superuser)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Live · changes pending" in html
    pending = client.get(reverse("admin:articles_article_changelist"), {"live": "pending"})
    assert [article.pk for article in pending.context["cl"].result_list] == [busy.pk]


def test_admin_publish_refuses_a_piece_saved_after_the_confirmation_page(client, superuser, writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="Approved headline")
    workflow.submit(article, by=writer)
    client.force_login(superuser)
    url = reverse("admin:articles_article_changelist")
    data = {"action": "transition_publish", "_selected_action": [article.pk]}
    page = client.post(url, data).content.decode()
    (seen,) = re.findall(rf'name="revision_{article.pk}" value="(\d+)"', page)
    edit(article, superuser, headline="Sneaked in after the page was shown")
    response = client.post(url, {**data, "apply": "1", f"revision_{article.pk}": seen}, follow=True)
    assert "changed since you looked at it" in response.content.decode()
    assert reload(article).status == State.IN_REVIEW
    assert not PublishedVersion.objects.filter(article=article).exists()


def test_history_diff_and_restore_over_http(client, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, headline="First headline")
    colleague = factories.AuthorFactory(name="Fabian Müller", sign_off="fmu")
    article = reload(article)
    workflow.save_article(
        article, by=writer, base_version=article.version, fields={}, authors=[writer.author, colleague]
    )
    client.force_login(writer)
    history = client.get(reverse("desk:article-history", kwargs={"pk": article.pk}))
    assert [revision.number for revision in history.context["revisions"]] == [2, 1]
    assert "Restore revision 1" in history.content.decode()
    diff = client.get(reverse("desk:article-diff", kwargs={"pk": article.pk}), {"old": 1, "new": 2})
    html = diff.content.decode()
    assert "No differences" not in html
    assert "Fabian Müller (fmu)" in html
    assert client.get(reverse("desk:article-diff", kwargs={"pk": article.pk}), {"old": 1, "new": 9}).status_code == 404
    assert client.get(reverse("desk:article-diff", kwargs={"pk": article.pk}), {"old": "x"}).status_code == 400

    restored = client.post(
        reverse("desk:article-restore", kwargs={"pk": article.pk}), {"number": 1, "base_version": 2}, follow=True
    )
    assert "Revision 1 was restored as the new revision 3" in restored.content.decode()
    assert [byline.author for byline in reload(article).bylines.all()] == [writer.author]
    stale = client.post(
        reverse("desk:article-restore", kwargs={"pk": article.pk}), {"number": 2, "base_version": 2}, follow=True
    )
    assert "Nothing was restored" in stale.content.decode()
    assert reload(article).version == 3
    assert client.get(reverse("desk:article-restore", kwargs={"pk": article.pk})).status_code == 405


def test_restore_is_refused_to_those_who_may_not_edit(client, writer, other_writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(article, by=writer)
    client.force_login(other_writer)
    assert (
        client.post(reverse("desk:article-restore", kwargs={"pk": article.pk}), {"number": 1, "base_version": 1})
    ).status_code == 404
