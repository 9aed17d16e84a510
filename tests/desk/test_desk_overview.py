"""The desk's overview pages: sign-in, dashboard, article list, calendar, authors, error pages."""

import datetime
import zoneinfo
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.support.site import go_live

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def set_state(article: Article, state: str, **fields) -> Article:
    """Put a piece into a state for a read-only test (the protected field refuses assignment)."""
    Article.objects.filter(pk=article.pk).update(status=state, **fields)
    return Article.objects.get(pk=article.pk)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- sign-in, sign-out, password change ---------------------------------------------------------


def test_desk_pages_send_anonymous_visitors_to_sign_in(client):
    for name in ["desk:dashboard", "desk:article-list", "desk:calendar", "desk:image-list", "desk:author-list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_sign_in_form_signs_in_and_lands_on_the_dashboard(client, writer):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Username" in content and "Password" in content and "Sign in" in content
    response = client.post(reverse("login"), {"username": writer.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:dashboard")
    assert client.get(reverse("desk:dashboard")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client, writer):
    response = client.post(reverse("login"), {"username": writer.username, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "correct username and password" in response.content.decode()


def test_sign_out_is_a_post_form_in_the_desk_menu(writer):
    client = signed_in(writer)
    page = client.get(reverse("desk:dashboard")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}">' in page
    response = client.post(reverse("logout"), {"next": reverse("login") + "?signed_out=1"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "You have signed out" in client.get(response["Location"]).content.decode()


def test_password_change_changes_the_password(writer):
    client = signed_in(writer)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    writer.refresh_from_db()
    assert writer.check_password("a-new-long-passphrase")


@pytest.mark.parametrize("name", ["desk:dashboard", "desk:article-list", "desk:calendar", "desk:image-list"])
def test_overview_pages_render_for_writers_and_editors(name, writer, editor):
    factories.ArticleFactory(created_by=writer)
    for user in (writer, editor):
        response = signed_in(user).get(reverse(name))
        assert response.status_code == 200, (name, user)
        assert b'<main id="main"' in response.content


# --- dashboard --------------------------------------------------------------------------------


def test_dashboard_shows_a_returned_piece_with_the_editors_comment(writer, editor):
    from articles import workflow

    article = factories.ArticleFactory(created_by=writer, headline="Harbour wall costs double")
    workflow.submit(article, by=writer)
    workflow.request_changes(article, by=editor, comment="Please name the source of the cost estimate.")
    draft = factories.ArticleFactory(created_by=writer, headline="A quiet draft")

    response = signed_in(writer).get(reverse("desk:dashboard"))
    dash = response.context["dash"]
    assert [a.pk for a in dash.returned] == [article.pk]
    assert [a.pk for a in dash.drafts] == [draft.pk]
    content = response.content.decode()
    assert "Returned to you" in content
    assert "Please name the source of the cost estimate." in content
    assert dash.review_queue is None
    assert "Review queue" not in content


def test_a_resubmitted_piece_is_no_longer_shown_as_returned(writer, editor):
    from articles import workflow

    article = factories.ArticleFactory(created_by=writer)
    workflow.submit(article, by=writer)
    workflow.request_changes(article, by=editor, comment="Shorter, please.")
    workflow.submit(article, by=writer)
    dash = signed_in(writer).get(reverse("desk:dashboard")).context["dash"]
    assert dash.returned == [] and dash.drafts == []
    assert dash.counts["in_review"] == 1


def test_editors_see_the_review_queue_oldest_first(editor, writer):
    newer = factories.ArticleFactory(created_by=writer, headline="Newer piece")
    older = factories.ArticleFactory(created_by=writer, headline="Older piece")
    set_state(older, "in_review")
    set_state(newer, "in_review")
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=3))
    response = signed_in(editor).get(reverse("desk:dashboard"))
    assert [a.pk for a in response.context["dash"].review_queue] == [older.pk, newer.pk]
    assert "Review queue" in response.content.decode()


def test_scheduled_times_are_shown_in_the_newsrooms_time_zone(editor, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    at = datetime.datetime(2030, 1, 15, 17, 30, tzinfo=datetime.UTC)  # 18:30 in Berlin (CET)
    set_state(factories.ArticleFactory(headline="Evening piece"), "scheduled", publish_at=at)
    content = signed_in(editor).get(reverse("desk:dashboard")).content.decode()
    assert "Evening piece" in content
    assert "18:30" in content
    assert "17:30" not in content


def test_dashboard_counts_pieces_per_state_only_among_visible_ones(writer, other_writer, editor):
    factories.ArticleFactory(created_by=writer)
    set_state(factories.ArticleFactory(created_by=writer), "in_review")
    set_state(factories.ArticleFactory(created_by=other_writer), "in_review")
    published = set_state(
        factories.ArticleFactory(created_by=writer, headline="Out in the world"),
        "published",
        published_at=timezone.now(),
    )
    go_live(published)  # "Recently published" lists what readers can see
    writer_counts = signed_in(writer).get(reverse("desk:dashboard")).context["dash"].counts
    assert writer_counts == {
        "draft": 1,
        "in_review": 1,
        "scheduled": 0,
        "published": 1,
        "unpublished": 0,
        "spiked": 0,
    }
    editor_dash = signed_in(editor).get(reverse("desk:dashboard")).context["dash"]
    assert editor_dash.counts["in_review"] == 2
    assert [a.pk for a in editor_dash.published] == [published.pk]


def test_a_writer_never_sees_other_writers_pieces_on_the_dashboard(writer, other_writer):
    factories.ArticleFactory(created_by=other_writer, headline="Someone else's scoop")
    set_state(
        factories.ArticleFactory(created_by=other_writer, headline="Their scheduled"),
        "scheduled",
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    content = signed_in(writer).get(reverse("desk:dashboard")).content.decode()
    assert "Someone else" not in content and "Their scheduled" not in content


# --- article list -----------------------------------------------------------------------------


def listed(client, **params) -> list[str]:
    response = client.get(reverse("desk:article-list"), params)
    assert response.status_code == 200
    return [article.headline for article in response.context["page"]]


def test_list_filters_by_state_section_and_author(editor):
    politics = factories.SectionFactory(name="Politics", slug="politics")
    sport = factories.SectionFactory(name="Sport", slug="sport")
    fmu = factories.AuthorFactory(name="Fabian Müller", sign_off="fmu")
    factories.ArticleFactory(headline="Draft on politics", section=politics, authors=[fmu])
    set_state(factories.ArticleFactory(headline="Review on sport", section=sport), "in_review")
    client = signed_in(editor)
    assert set(listed(client)) == {"Draft on politics", "Review on sport"}
    assert listed(client, status="in_review") == ["Review on sport"]
    assert listed(client, section=politics.pk) == ["Draft on politics"]
    assert listed(client, author=fmu.pk) == ["Draft on politics"]
    assert listed(client, status="draft", section=sport.pk) == []


def test_list_searches_headline_teaser_and_body(editor):
    factories.ArticleFactory(headline="Harbour wall agreed", teaser="Money found.", body="Nothing else.")
    factories.ArticleFactory(headline="Council news", teaser="The missiles were moved.", body="Plain.")
    factories.ArticleFactory(headline="Weather", teaser="Sunny.", body="A storm over the Crimea is expected.")
    client = signed_in(editor)
    assert listed(client, q="harbour") == ["Harbour wall agreed"]
    assert listed(client, q="missiles") == ["Council news"]
    assert listed(client, q="crimea") == ["Weather"]
    assert listed(client, q="nowhere-to-be-found") == []


def test_list_sorts_and_paginates_keeping_the_filters(editor):
    section = factories.SectionFactory()
    for letter in "CAB":
        factories.ArticleFactory(headline=f"{letter} headline", section=section)
    client = signed_in(editor)
    assert listed(client, sort="headline") == ["A headline", "B headline", "C headline"]
    assert listed(client, sort="-headline") == ["C headline", "B headline", "A headline"]
    factories.ArticleFactory.create_batch(30, section=section)
    first = client.get(reverse("desk:article-list"), {"section": section.pk, "sort": "headline"})
    assert len(first.context["page"]) == 25
    assert first.context["page"].paginator.count == 33
    assert f"section={section.pk}" in first.content.decode().split('rel="next"')[0].rsplit("href=", 1)[1]
    second = client.get(reverse("desk:article-list"), {"section": section.pk, "sort": "headline", "page": 2})
    assert len(second.context["page"]) == 8


def test_list_is_scoped_to_the_user(writer, other_writer):
    factories.ArticleFactory(created_by=writer, headline="Mine")
    factories.ArticleFactory(created_by=other_writer, headline="Their secret plan")
    assert listed(signed_in(writer)) == ["Mine"]
    assert listed(signed_in(writer), q="secret") == []


def test_list_ignores_a_bad_filter_value_without_failing(editor):
    factories.ArticleFactory(headline="Still here")
    response = signed_in(editor).get(reverse("desk:article-list"), {"status": "nonsense", "page": "x"})
    assert response.status_code == 200


@pytest.mark.postgres
def test_postgres_full_text_search_matches_word_forms_and_ranks_headlines_first(editor):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search needs DATABASE_URL pointing at PostgreSQL")
    factories.ArticleFactory(headline="Budget talks", teaser="x", body="The councils agreed on the harbours.")
    factories.ArticleFactory(headline="Harbour wall agreed", teaser="x", body="Money.")
    client = signed_in(editor)
    assert listed(client, q="harbour") == ["Harbour wall agreed", "Budget talks"]


# --- calendar ---------------------------------------------------------------------------------


def test_calendar_week_has_seven_days_from_monday_and_places_pieces_by_local_day(editor, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    # 23:30 UTC on Tuesday is 00:30 on Wednesday in Berlin (CET): the piece belongs to Wednesday.
    late = datetime.datetime(2030, 1, 15, 23, 30, tzinfo=datetime.UTC)
    set_state(factories.ArticleFactory(headline="Night piece"), "scheduled", publish_at=late)
    published = datetime.datetime(2030, 1, 14, 9, 0, tzinfo=BERLIN)
    set_state(factories.ArticleFactory(headline="Monday piece"), "published", published_at=published)
    set_state(
        factories.ArticleFactory(headline="Far-off piece"), "scheduled", publish_at=late + datetime.timedelta(days=7)
    )
    response = signed_in(editor).get(reverse("desk:calendar"), {"date": "2030-01-17"})
    days = response.context["days"]
    assert [d.date for d in days] == [datetime.date(2030, 1, 14) + datetime.timedelta(days=n) for n in range(7)]
    assert [a.headline for a in days[0].items] == ["Monday piece"]
    assert [a.headline for a in days[2].items] == ["Night piece"]
    assert sum(len(d.items) for d in days) == 2
    content = response.content.decode()
    assert "00:30" in content and "Far-off piece" not in content


def test_calendar_day_view_and_navigation(editor):
    at = datetime.datetime(2030, 3, 4, 10, 15, tzinfo=BERLIN)
    set_state(factories.ArticleFactory(headline="Morning piece"), "scheduled", publish_at=at)
    client = signed_in(editor)
    response = client.get(reverse("desk:calendar"), {"view": "day", "date": "2030-03-04"})
    assert [a.headline for a in response.context["days"][0].items] == ["Morning piece"]
    assert response.context["previous"] == datetime.date(2030, 3, 3)
    assert response.context["next"] == datetime.date(2030, 3, 5)
    content = response.content.decode()
    assert "10:15" in content and "view=day&amp;date=2030-03-05" in content
    week = client.get(reverse("desk:calendar"), {"date": "2030-03-04"})
    assert week.context["previous"] == datetime.date(2030, 2, 25)
    refused = client.get(reverse("desk:calendar"), {"date": "not-a-date"})
    assert refused.status_code == 400  # told, and shown this week's calendar instead
    assert "There is no calendar for “not-a-date”" in refused.content.decode()


def test_calendar_leaves_out_drafts_and_other_writers_pieces(writer, other_writer):
    soon = timezone.now() + datetime.timedelta(hours=2)
    set_state(factories.ArticleFactory(created_by=other_writer, headline="Theirs"), "scheduled", publish_at=soon)
    set_state(factories.ArticleFactory(created_by=writer, headline="Mine"), "scheduled", publish_at=soon)
    factories.ArticleFactory(created_by=writer, headline="A draft")
    response = signed_in(writer).get(reverse("desk:calendar"), {"date": timezone.localtime(soon).date().isoformat()})
    headlines = [a.headline for d in response.context["days"] for a in d.items]
    assert headlines == ["Mine"]


# --- authors ----------------------------------------------------------------------------------


def test_writers_may_not_manage_authors(writer):
    author = factories.AuthorFactory()
    client = signed_in(writer)
    for url in [
        reverse("desk:author-list"),
        reverse("desk:author-create"),
        reverse("desk:author-edit", args=[author.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You may not do that" in response.content.decode()
    response = client.post(
        reverse("desk:author-edit", args=[author.pk]), {"name": "Hacked", "slug": "h", "sign_off": "h"}
    )
    assert response.status_code == 403
    author.refresh_from_db()
    assert author.name != "Hacked"
    assert "Authors" not in client.get(reverse("desk:dashboard")).content.decode().split("</nav>")[0]


def test_editors_add_and_edit_authors_with_a_message(editor):
    client = signed_in(editor)
    assert client.get(reverse("desk:author-list")).status_code == 200
    response = client.post(
        reverse("desk:author-create"),
        {"name": "Fabian Müller", "slug": "fabian-mueller", "sign_off": "fmu", "bio": "", "is_active": "on"},
    )
    assert response.status_code == 302
    author = factories.models.Author.objects.get(slug="fabian-mueller")
    assert any("has been added" in str(m) for m in get_messages(response.wsgi_request))
    response = client.post(
        reverse("desk:author-edit", args=[author.pk]),
        {"name": "Fabian Müller", "slug": "fabian-mueller", "sign_off": "FMU2", "bio": "Politics."},
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.sign_off == "FMU2" and author.is_active is False
    listing = client.get(reverse("desk:author-list"), {"q": "Müller"}).content.decode()
    assert "Fabian Müller" in listing


def test_a_duplicate_sign_off_is_a_form_error(editor):
    factories.AuthorFactory(sign_off="fmu")
    response = signed_in(editor).post(
        reverse("desk:author-create"), {"name": "Other", "slug": "other", "sign_off": "FMU", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "already uses this sign-off" in response.content.decode()


# --- error pages ------------------------------------------------------------------------------


def test_404_page_is_friendly(client, settings):
    settings.DEBUG = False
    response = client.get("/desk/images/999999/", follow=False)
    assert response.status_code in (302, 404)
    signed = signed_in(factories.EditorFactory())
    response = signed.get(reverse("desk:image-detail", args=[999999]))
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_500_page_renders_without_a_database_or_request(django_assert_num_queries):
    from django.template import loader

    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render({})
    assert "Something went wrong" in html


# --- accessibility of the markup --------------------------------------------------------------


class _Markup(HTMLParser):
    """Collects what the accessibility checks need: ids, labels, form fields, landmarks, images."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.tags: list[str] = []
        self.images: list[dict] = []
        self._open_labels = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label":
            self._open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.fields.append({**attrs, "_wrapped": self._open_labels > 0})
        if tag == "img":
            self.images.append(attrs)

    def handle_endtag(self, tag):
        if tag == "label":
            self._open_labels -= 1


def check_markup(html: str, where: str) -> None:
    markup = _Markup()
    markup.feed(html)
    duplicates = {i for i in markup.ids if markup.ids.count(i) > 1}
    assert not duplicates, f"{where}: duplicate ids {duplicates}"
    for field in markup.fields:
        labelled = field.get("id") in markup.label_for or field["_wrapped"] or field.get("aria-label")
        assert labelled, f"{where}: field {field.get('name')} has no label"
    assert markup.tags.count("main") == 1, f"{where}: one main landmark"
    assert markup.tags.count("h1") == 1, f"{where}: one h1"
    assert all("alt" in image for image in markup.images), f"{where}: an image without alt"
    assert html.lstrip().lower().startswith("<!doctype html>") and '<html lang="' in html


def test_every_desk_page_has_labelled_fields_landmarks_and_unique_ids(writer, editor):
    image = factories.ImageFactory()
    author = factories.AuthorFactory()
    factories.PlacementFactory(image=image, article=factories.ArticleFactory(created_by=writer))
    set_state(factories.ArticleFactory(created_by=writer), "in_review")
    check_markup(Client().get(reverse("login")).content.decode(), "login")
    pages = [
        (writer, reverse("desk:dashboard")),
        (editor, reverse("desk:dashboard")),
        (editor, reverse("desk:article-list")),
        (editor, reverse("desk:calendar")),
        (editor, reverse("desk:calendar") + "?view=day"),
        (writer, reverse("desk:image-list")),
        (writer, reverse("desk:image-detail", args=[image.pk])),
        (writer, reverse("desk:image-upload")),
        (editor, reverse("desk:author-list")),
        (editor, reverse("desk:author-create")),
        (editor, reverse("desk:author-edit", args=[author.pk])),
        (writer, reverse("password_change")),
        (writer, reverse("desk:author-list")),  # the 403 page
    ]
    for user, url in pages:
        response = signed_in(user).get(url)
        assert response.status_code in (200, 403), url
        check_markup(response.content.decode(), url)


def test_every_action_leaves_a_message(editor, writer):
    """Saving an image, an author, uploading, signing out: each says what happened."""
    image = factories.ImageFactory()
    client = signed_in(editor)
    response = client.post(
        reverse("desk:image-detail", args=[image.pk]), {"alt_text": "x", "caption": "y"}, follow=True
    )
    assert "saved" in response.content.decode()
    response = client.post(
        reverse("desk:author-create"), {"name": "Ann", "slug": "ann", "sign_off": "ann", "is_active": "on"}, follow=True
    )
    assert "has been added" in response.content.decode()
    response = client.post(reverse("desk:author-create"), {"name": "", "slug": "", "sign_off": ""}, follow=True)
    assert "Please correct the errors below." in response.content.decode()


def test_sorted_column_says_so_and_its_link_reverses_the_order(editor):
    factories.ArticleFactory()
    client = signed_in(editor)
    content = client.get(reverse("desk:article-list"), {"sort": "headline", "status": "draft"}).content.decode()
    assert 'aria-sort="ascending"' in content
    assert "?sort=-headline&amp;status=draft" in content or "?status=draft&amp;sort=-headline" in content
    content = client.get(reverse("desk:article-list"), {"sort": "-headline"}).content.decode()
    assert 'aria-sort="descending"' in content


def test_a_busy_day_in_the_week_view_links_to_the_day_view_for_the_rest(editor):
    from articles.desk.selectors import WEEK_DAY_PREVIEW

    noon = datetime.datetime(2030, 5, 8, 12, 0, tzinfo=BERLIN)
    for n in range(WEEK_DAY_PREVIEW + 3):
        set_state(factories.ArticleFactory(), "scheduled", publish_at=noon + datetime.timedelta(minutes=n))
    client = signed_in(editor)
    week = client.get(reverse("desk:calendar"), {"date": "2030-05-08"}).content.decode()
    assert "3 more pieces" in week
    assert week.count('class="desk-slot ') == WEEK_DAY_PREVIEW
    day = client.get(reverse("desk:calendar"), {"view": "day", "date": "2030-05-08"})
    assert len(day.context["days"][0].items) == WEEK_DAY_PREVIEW + 3


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "0001-01-03"])
def test_calendar_at_the_ends_of_time_answers_400_with_a_message(editor, date):
    response = signed_in(editor).get(reverse("desk:calendar"), {"date": date, "view": "week"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"There is no calendar for “{date}”" in html
    today = timezone.localdate().isoformat()
    assert f"date={today}" in html  # this week's calendar, to go on from
    day = signed_in(editor).get(reverse("desk:calendar"), {"date": date, "view": "day"})
    assert day.status_code == 400
