"""The partners' read API: who gets in, what they see, how they page, poll and are slowed down."""

from __future__ import annotations

import base64
import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.media import renditions
from articles.models import Article, PartnerToken, Placement, PublishedVersion
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import go_live

pytestmark = pytest.mark.django_db

SCHEMA_31 = Path(__file__).resolve().parents[1] / "data" / "ninjs" / "ninjs-schema_3.1.json"
LIST = "/api/v1/articles/"


def issue(partner: str = "Partner") -> tuple[PartnerToken, str]:
    token = PartnerToken(partner=partner)
    key = token.issue_key()
    token.save()
    return token, key


def api(key: str | None = None) -> Client:
    headers = {"Authorization": f"Token {key}"} if key else {}
    return Client(headers=headers)


@pytest.fixture
def key() -> str:
    return issue()[1]


def _published(editor, **fields) -> Article:
    article = factories.ArticleFactory(**fields)
    workflow.submit(article, by=editor)
    workflow.publish(article, by=editor)
    return article


@pytest.fixture
def every_state(editor) -> dict[str, Article]:
    """One piece in each state a partner might run into."""
    draft = factories.ArticleFactory(headline="A draft")
    review = factories.ArticleFactory(headline="In review")
    workflow.submit(review, by=editor)
    scheduled = factories.ArticleFactory(headline="Scheduled")
    workflow.submit(scheduled, by=editor)
    workflow.schedule(scheduled, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=2))
    published = _published(editor, headline="Published")
    withdrawn = _published(editor, headline="Withdrawn")
    workflow.withdraw(withdrawn, by=editor, comment="Legal asked us to.")
    embargoed = _published(editor, headline="Embargoed", embargoed_until=timezone.now() + datetime.timedelta(hours=1))
    # Published, then reopened for an update: the live version stays online.
    updating = _published(editor, headline="Live while updated")
    workflow.start_update(updating, by=editor)
    return {
        "draft": draft,
        "in_review": review,
        "scheduled": scheduled,
        "published": published,
        "withdrawn": withdrawn,
        "embargoed": embargoed,
        "updating": updating,
    }


VISIBLE = {"published", "embargoed", "updating"}


@pytest.mark.parametrize(
    "credentials",
    ["anonymous", "malformed header", "unknown token", "revoked token", "good token", "bearer token"],
)
def test_the_whole_matrix(every_state, credentials):
    _token, good = issue("Agency")
    revoked, revoked_key = issue("Former partner")
    revoked.revoked_at = timezone.now()
    revoked.save()
    headers = {
        "anonymous": {},
        "malformed header": {"Authorization": "Token"},
        "unknown token": {"Authorization": "Token not-a-real-key"},
        "revoked token": {"Authorization": f"Token {revoked_key}"},
        "good token": {"Authorization": f"Token {good}"},
        "bearer token": {"Authorization": f"Bearer {good}"},
    }[credentials]
    client = Client(headers=headers)

    listing = client.get(LIST)
    details = {state: client.get(f"{LIST}{article.pk}/") for state, article in every_state.items()}
    ninjs = {state: client.get(f"{LIST}{article.pk}/ninjs") for state, article in every_state.items()}

    if credentials not in {"good token", "bearer token"}:
        assert listing.status_code == 401
        assert listing["WWW-Authenticate"] == 'Token realm="api"'
        assert {response.status_code for response in [*details.values(), *ninjs.values()]} == {401}
        assert "Published" not in listing.content.decode()
        return
    assert listing.status_code == 200
    listed = {item["id"] for item in listing.json()["results"]}
    assert listed == {every_state[state].pk for state in VISIBLE}
    for state in every_state:
        expected = 200 if state in VISIBLE else 404
        assert details[state].status_code == expected, state
        assert ninjs[state].status_code == expected, state
    assert details["embargoed"].json()["embargoed_until"] is not None
    assert "embargoedUntil" in ninjs["embargoed"].json()
    assert details["published"].json()["embargoed_until"] is None
    # The piece being updated shows its live version, not the working copy.
    assert details["updating"].json()["headline"] == "Live while updated"


def test_embargoed_piece_reaches_partners_before_readers(editor, key):
    until = timezone.now() + datetime.timedelta(hours=1)
    article = _published(editor, headline="Budget figures", embargoed_until=until)
    piece = PublishedVersion.objects.get(article=article, is_live=True)

    assert api(key).get(f"{LIST}{article.pk}/").status_code == 200
    assert Client().get(piece.get_absolute_url()).status_code == 404
    # Once the embargo has passed, readers see it too.
    PublishedVersion.objects.filter(pk=piece.pk).update(embargoed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert Client().get(piece.get_absolute_url()).status_code == 200


def test_ninjs_endpoint_validates_against_the_schema(editor, key):
    article = _published(editor, kicker="Energy")

    item = api(key).get(f"{LIST}{article.pk}/ninjs").json()

    validator = jsonschema.Draft202012Validator(
        json.loads(SCHEMA_31.read_text()), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert not list(validator.iter_errors(item))
    assert item["headlines"][0]["value"] == article.headline


def test_ninjs_endpoint_lists_the_renditions_of_its_pictures(editor, key, settings):
    settings.SITE_URL = "https://news.example"
    article = factories.ArticleFactory()
    image = image_with_file(caption="Pipes on the quay.", creator="Jana Beispiel")
    Placement.objects.create(article=article, image=image, role=Placement.Role.LEAD)
    workflow.submit(article, by=editor)
    workflow.publish(article, by=editor)
    renditions.ensure(image)  # as the desk does when it first shows the picture

    item = api(key).get(f"{LIST}{article.pk}/ninjs").json()

    validator = jsonschema.Draft202012Validator(
        json.loads(SCHEMA_31.read_text()), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert not list(validator.iter_errors(item))
    (picture,) = item["associations"]
    names = {rendition["name"] for rendition in picture["renditions"]}
    crops = {"lead-640.jpeg", "lead-640.webp", "teaser-320.jpeg", "square-160.jpeg", "social-1200.jpeg"}
    assert crops <= names and "original" not in names
    assert all(rendition["href"].startswith("https://news.example/") for rendition in picture["renditions"])
    assert picture["by"] == "Jana Beispiel"


def test_detail_carries_the_body_and_the_list_does_not(editor, key):
    article = _published(editor)

    detail = api(key).get(f"{LIST}{article.pk}/").json()
    (listed,) = api(key).get(LIST).json()["results"]

    assert "<h2>What happens next</h2>" in detail["body_html"]
    assert "body_html" not in listed
    assert listed["url"] == f"http://127.0.0.1:8000/api/v1/articles/{article.pk}/"
    assert listed["ninjs_url"] == f"http://127.0.0.1:8000/api/v1/articles/{article.pk}/ninjs"
    assert listed["web_url"].endswith(f"/{article.section.slug}/{article.slug}/")
    assert listed["bylines"][0]["sign_off"]


def test_filters_by_section_author_and_update_time(editor, key):
    politics = factories.SectionFactory(slug="politics", name="Politics")
    europe = factories.SectionFactory(slug="europe", name="Europe", parent=politics)
    sport = factories.SectionFactory(slug="sport", name="Sport")
    author = factories.AuthorFactory(slug="anna")
    in_politics = _published(editor, section=politics, authors=[author])
    in_europe = _published(editor, section=europe)
    in_sport = _published(editor, section=sport)
    PublishedVersion.objects.filter(article=in_sport).update(updated_at=timezone.now() - datetime.timedelta(days=3))

    def ids(query: str) -> set[int]:
        response = api(key).get(LIST + query)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["results"]}

    assert ids("?section=politics") == {in_politics.pk, in_europe.pk}
    assert ids("?section=sport") == {in_sport.pk}
    assert ids("?author=anna") == {in_politics.pk}
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids("?" + f"updated_since={since.replace('+', '%2B')}") == {in_politics.pk, in_europe.pk}
    assert ids("?section=nowhere") == set()


def test_a_bad_filter_value_is_a_clear_400(key):
    response = api(key).get(LIST + "?updated_since=last-tuesday")

    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_cursor_pagination_walks_every_piece_once(editor, key, settings):
    articles = [_published(editor) for _ in range(5)]

    seen, url, pages = [], LIST + "?page_size=2", 0
    while url:
        body = api(key).get(url).json()
        seen += [item["id"] for item in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(article.pk for article in articles)
    assert len(seen) == len(set(seen))
    bad = api(key).get(LIST + "?cursor=not-a-cursor")
    assert bad.status_code == 400


def _cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "%00%ff",
        _cursor("junk\x00\x01"),
        _cursor("o=-5&p=2026-01-01+10%3A00%3A00%2B00%3A00"),
        _cursor("o=abc"),
        _cursor("r=x"),
        _cursor("p=not-a-time"),
        _cursor("p=2026-13-45+99%3A00%3A00%2B00%3A00"),
        _cursor("p=2026-01-01+10%3A00%3A00"),  # no time zone
    ],
)
def test_a_crafted_cursor_is_a_clear_400(editor, key, cursor):
    _published(editor)

    response = api(key).get(f"{LIST}?cursor={cursor}")

    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_a_huge_cursor_offset_is_capped_not_an_error(editor, key):
    _published(editor)

    response = api(key).get(f"{LIST}?cursor=" + _cursor("o=99999999999999999999999"))

    assert response.status_code == 200


def test_etag_and_last_modified_answer_304(editor, key):
    article = _published(editor)
    client = api(key)

    for url in (LIST, f"{LIST}{article.pk}/", f"{LIST}{article.pk}/ninjs", "/api/v1/sections/", "/api/v1/authors/"):
        first = client.get(url)
        assert first.status_code == 200
        assert first["ETag"]
        assert "private" in first["Cache-Control"]
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b""
    detail = client.get(f"{LIST}{article.pk}/")
    assert client.get(f"{LIST}{article.pk}/", headers={"If-Modified-Since": detail["Last-Modified"]}).status_code == 304

    # A withdrawal changes the list: the old ETag no longer matches.
    etag = client.get(LIST)["ETag"]
    workflow.withdraw(article, by=editor, comment="Wrong figures.")
    changed = client.get(LIST, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json()["results"] == []


def test_sections_and_only_authors_with_live_pieces(editor, key):
    live_author = factories.AuthorFactory(name="Live Author")
    factories.AuthorFactory(name="Drafts Only")
    _published(editor, authors=[live_author])

    authors = api(key).get("/api/v1/authors/").json()
    sections = api(key).get("/api/v1/sections/").json()

    assert [author["name"] for author in authors] == ["Live Author"]
    assert sections and {"slug", "name", "parent", "web_url"} <= set(sections[0])


def test_revoking_a_token_locks_the_partner_out_at_once(editor):
    token, key = issue()
    assert api(key).get(LIST).status_code == 200

    token.revoked_at = timezone.now()
    token.save()

    assert api(key).get(LIST).status_code == 401


def test_only_the_hash_of_a_token_is_stored(key):
    token = PartnerToken.objects.get()
    assert key not in {token.key_hash, token.key_prefix, token.partner}
    assert key.startswith(token.key_prefix)
    assert PartnerToken.objects.for_key(key) == token


def test_each_partner_is_rate_limited(settings, key):
    settings.NEWSROOM_API_RATE = "3/minute"
    other_key = issue("Other partner")[1]

    statuses = [api(key).get("/api/v1/sections/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert api(key).get("/api/v1/sections/")["Retry-After"]
    # Another partner has its own allowance.
    assert api(other_key).get("/api/v1/sections/").status_code == 200


def test_the_allowance_comes_back_as_requests_leave_the_window(settings, key):
    settings.NEWSROOM_API_RATE = "2/minute"
    start = timezone.now()
    client = api(key)

    with time_machine.travel(start, tick=False):
        assert [client.get("/api/v1/sections/").status_code for _ in range(3)] == [200, 200, 429]
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        refused = client.get("/api/v1/sections/")
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 30
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert client.get("/api/v1/sections/").status_code == 200


def test_read_only(editor, key):
    article = _published(editor)

    assert api(key).post(LIST, {}, content_type="application/json").status_code == 405
    assert api(key).delete(f"{LIST}{article.pk}/").status_code == 405
    assert Article.objects.filter(pk=article.pk).exists()


def test_openapi_schema_is_public_and_describes_the_endpoints():
    response = Client().get("/api/v1/schema/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert {"/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/articles/{id}/ninjs"} <= set(schema["paths"])
    assert "partnerToken" in schema["components"]["securitySchemes"]


def test_list_queries_do_not_grow_with_the_page_size(editor, key):
    def queries(count: int) -> int:
        PublishedVersion.objects.all().delete()
        for _ in range(count):
            _published(editor, authors=[factories.AuthorFactory(), factories.AuthorFactory()])
        client = api(key)
        cache.clear()  # both sizes measured from the same start: nothing kept, the token looked up
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST + "?page_size=50")
        assert len(response.json()["results"]) == count
        return len(captured)

    assert queries(1) == queries(12)


def test_admin_issues_a_key_once_and_revokes(superuser):
    client = Client()
    client.force_login(superuser)

    response = client.post(reverse("admin:articles_partnertoken_add"), {"partner": "Wire app", "note": ""}, follow=True)

    token = PartnerToken.objects.get(partner="Wire app")
    shown = [str(message) for message in response.context["messages"]]
    (key,) = [message.split(": ", 1)[1].split(" — ")[0] for message in shown if "copy it now" in message]
    assert PartnerToken.objects.for_key(key) == token
    assert api(key).get(LIST).status_code == 200

    client.post(
        reverse("admin:articles_partnertoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(key).get(LIST).status_code == 401


def test_a_reused_list_page_never_hides_a_change(editor, key):
    """Kept answers are keyed by the publication generation and end at the first expiry: every change shows at once."""
    expiry = timezone.now() + datetime.timedelta(hours=1)
    first = _published(editor, headline="First", expire_at=expiry)
    client = api(key)
    assert [item["headline"] for item in client.get(LIST).json()["results"]] == ["First"]
    assert [item["headline"] for item in client.get(LIST).json()["results"]] == ["First"]  # reused

    second = _published(editor, headline="Second")
    assert [item["headline"] for item in client.get(LIST).json()["results"]] == ["Second", "First"]

    Article.objects.filter(pk=second.pk).update(headline="Second, updated")
    go_live(second)  # an update: a new version replaces the live one
    assert [item["headline"] for item in client.get(LIST).json()["results"]] == ["Second, updated", "First"]

    third = _published(editor, headline="Third")
    assert len(client.get(LIST).json()["results"]) == 3
    workflow.withdraw(third, by=editor, comment="Wrong figures.")
    assert [item["headline"] for item in client.get(LIST).json()["results"]] == ["Second, updated", "First"]

    # Nothing is written when a piece expires: the clock alone takes it out.
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        assert [item["headline"] for item in client.get(LIST).json()["results"]] == ["Second, updated"]
    assert PublishedVersion.objects.filter(article=first, is_live=True).exists()


@pytest.mark.parametrize(
    "url",
    [
        f"{LIST}99999999999999999999/",
        f"{LIST}2147483648/ninjs",
        f"{LIST}?cursor=%00%ff",
        f"{LIST}?page_size=-5",
        f"{LIST}?page_size=abc",
        f"{LIST}?section=%00",
        f"{LIST}?updated_since=2026-13-45T99:00:00Z",
        f"{LIST}?author=" + "x" * 5000,
    ],
)
def test_hostile_input_gets_a_clear_answer_never_a_500(key, url):
    response = api(key).get(url)

    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"].startswith("application/json")


def test_openapi_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert "/api/v1/articles/{id}/ninjs" in target.read_text()


def test_a_token_revoked_while_its_lookup_is_kept_is_refused_at_once(editor, django_assert_num_queries):
    token, key = issue()
    assert api(key).get(LIST).status_code == 200  # the lookup is now kept in the cache
    PartnerToken.objects.get(pk=token.pk).delete()
    assert api(key).get(LIST).status_code == 401
    other, other_key = issue("Second partner")
    assert api(other_key).get(LIST).status_code == 200
    other.revoked_at = timezone.now()
    other.save(update_fields=["revoked_at"])
    assert api(other_key).get(LIST).status_code == 401
