"""ninjs output: validated against the official IPTC JSON Schemas (tests/data/ninjs, MIT), field by field."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.exchange import importer
from articles.exchange.ninjs import RENDITION_CROPS, ninjs_item, ninjs_items, plain_text
from articles.media import rendition_sets, renditions
from articles.models import Article, Author, Image, Placement, PublishedVersion, Rendition
from tests import factories
from tests.support.pictures import image_with_file
from tests.support.site import go_live

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "ninjs"


def validator(version: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"ninjs-schema_{version}.json").read_text())
    # The format checker makes "uri" and "date-time" real checks (rfc3986-validator, rfc3339-validator).
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def assert_valid(item: dict) -> None:
    for version in ("3.0", "3.1"):
        errors = sorted(validator(version).iter_errors(item), key=str)
        assert not errors, f"ninjs {version}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_format_checker_really_checks():
    """The schema check would catch a broken item: a bad date and an unknown property fail."""
    broken = {"uri": "http://example.test/1", "versionCreated": "yesterday", "notNinjs": 1}
    assert list(validator("3.1").iter_errors(broken))


def _pictured_piece(**article_fields) -> PublishedVersion:
    author, _created = Author.objects.get_or_create(
        slug="fabian-mueller", defaults={"name": "Fabian Müller", "sign_off": "fmu"}
    )
    article = factories.ArticleFactory(authors=[author], **article_fields)
    image = image_with_file(
        caption="Pipes on the quay.",
        creator="Sgt. 1st Class Andrew Dickson",
        organisation="US Army",
        agencies="AP/dpa",
        copyright_notice="© AP",
        usage_terms="Editorial use only.",
    )
    Placement.objects.create(article=article, image=image, role=Placement.Role.LEAD, caption="Kyiv in spring.")
    return go_live(article)


def test_corpus_article_once_published_validates(corpus_article):
    importer.import_file(corpus_article)
    article = Article.objects.get()
    article.headline = "USA still does not want to allow ATACMS strikes in Russia"
    article.save()
    piece = go_live(article)

    item = ninjs_item(PublishedVersion.objects.select_related("section").get(pk=piece.pk))

    assert_valid(item)
    assert item["located"] == "Washington, DC/Kiev"
    assert item["by"] == "Fabian Müller"
    assert item["subjects"][0]["name"] == "Politics"
    assert item["descriptions"][0]["value"].startswith("The Pentagon still does not want")
    # The body goes out twice: sanitised HTML and plain text without markup.
    html_body, text_body = item["bodies"]
    assert html_body["contentType"] == "text/html" and "<p>" in html_body["value"]
    assert text_body["contentType"] == "text/plain" and "<" not in text_body["value"]
    assert "ATACMS" in text_body["value"]
    # The imported archive picture (no file yet) travels with its caption and credit.
    (picture,) = item["associations"]
    assert picture["type"] == "picture"
    assert "Andrew Dickson" in picture["copyrightNotice"]
    assert "embargoedUntil" not in item


def test_every_promised_field(settings):
    settings.SITE_URL = "https://news.example"
    piece = _pictured_piece(kicker="Energy", dateline="Berlin/Oslo")

    item = ninjs_item(PublishedVersion.objects.select_related("section").get(pk=piece.pk))

    assert_valid(item)
    assert item["uri"] == f"https://news.example/api/v1/articles/{piece.article_id}/"
    assert item["type"] == "text"
    assert item["version"] == str(piece.pk)
    assert item["pubStatus"] == "usable"
    assert item["versionCreated"].endswith("Z") and item["firstCreated"].endswith("Z")
    assert [headline["role"] for headline in item["headlines"]] == ["main", "kicker"]
    assert item["slugline"] == piece.slug
    assert item["language"] == "en"
    assert item["copyrightNotice"] == f"© {piece.first_published_at.year} Newsroom"
    assert "Newsroom" in item["usageTerms"]
    assert item["located"] == "Berlin/Oslo"
    assert item["people"][0]["uri"] == "https://news.example/authors/fabian-mueller/"
    (picture,) = item["associations"]
    assert picture["name"] == "lead" and picture["rel"] == "lead"
    assert picture["by"] == "Sgt. 1st Class Andrew Dickson"
    assert picture["copyrightNotice"] == "© AP"
    assert picture["usageTerms"] == "Editorial use only."
    assert {
        "role": "creditline",
        "contentType": "text/plain",
        "value": "© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa",
    } in picture["descriptions"]
    assert [(source["name"], source["role"]) for source in picture["infoSources"]] == [
        ("US Army", "originator"),
        ("AP", "distributor"),
        ("dpa", "distributor"),
    ]
    assert "renditions" not in picture  # none made yet, and never the original


def test_pictures_carry_every_crop_and_width_the_site_has(settings):
    settings.SITE_URL = "https://news.example"
    piece = _pictured_piece()
    made = renditions.ensure(Image.objects.get())

    item = ninjs_item(PublishedVersion.objects.select_related("section").get(pk=piece.pk))

    assert_valid(item)
    (picture,) = item["associations"]
    listed = {rendition["name"]: rendition for rendition in picture["renditions"]}
    assert "original" not in listed  # partners get renditions, never the original
    # The 1200 x 800 original fills these widths of each crop, in JPEG and WebP.
    for name, size, ratio in [
        ("lead-960.jpeg", (960, 540), "16:9"),
        ("lead-320.webp", (320, 180), "16:9"),
        ("teaser-640.jpeg", (640, 480), "4:3"),
        ("square-320.webp", (320, 320), "1:1"),
        ("social-1200.jpeg", (1200, 630), "40:21"),
        ("inline-960.jpeg", (960, 640), None),
    ]:
        assert (listed[name]["width"], listed[name]["height"]) == size, name
        assert listed[name].get("aspectRatio") == ratio, name
        assert listed[name]["contentType"] == ("image/webp" if name.endswith(".webp") else "image/jpeg")
    # None left out, each at the address the site uses for that file.
    expected = {
        f"{rendition.crop}-{rendition.width}.{rendition.fmt}": "https://news.example"
        + rendition_sets.address(rendition.file)
        for rendition in made
        if rendition.crop in RENDITION_CROPS and rendition.fmt in ("jpeg", "webp")
    }
    assert {name: entry["href"] for name, entry in listed.items()} == expected


def test_ninjs_makes_no_renditions_and_lists_none_until_they_exist():
    piece = _pictured_piece()

    item = ninjs_item(PublishedVersion.objects.select_related("section").get(pk=piece.pk))

    assert_valid(item)
    assert "renditions" not in item["associations"][0]
    assert not Rendition.objects.exists()


def test_embargo_and_expiry_are_stated():
    until = timezone.now() + datetime.timedelta(hours=3)
    article = factories.ArticleFactory(embargoed_until=until, expire_at=until + datetime.timedelta(days=30))
    piece = go_live(article)

    item = ninjs_item(PublishedVersion.objects.select_related("section").get(pk=piece.pk))

    assert_valid(item)
    assert item["embargoedUntil"] == until.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "expires" in item


def test_plain_text_keeps_paragraphs_and_decodes_entities():
    html = "<h2>Next &amp; after</h2><p>One<br>two</p><blockquote><p>“Quote”</p></blockquote>"
    assert plain_text(html) == "Next & after\n\nOne\n\ntwo\n\n“Quote”"


def test_many_pieces_cost_the_same_queries_as_one():
    def count(pieces: int) -> int:
        PublishedVersion.objects.all().delete()
        for _ in range(pieces):
            _pictured_piece()
        with CaptureQueriesContext(connection) as queries:
            items = ninjs_items(PublishedVersion.objects.live().select_related("section"))
        assert len(items) == pieces
        return len(queries)

    assert count(1) == count(6)


def test_export_command_writes_one_ninjs_object_per_live_piece(tmp_path):
    live = [_pictured_piece(), go_live(factories.ArticleFactory())]
    factories.ArticleFactory()  # a draft: never exported
    withdrawn = go_live(factories.ArticleFactory())
    PublishedVersion.objects.filter(pk=withdrawn.pk).update(is_live=False)
    target = tmp_path / "ninjs.json"

    call_command("export_articles", "--format", "ninjs", "--output", str(target), verbosity=0)

    items = json.loads(target.read_text(encoding="utf-8"))
    assert isinstance(items, list)
    assert sorted(item["altIds"][1]["value"] for item in items) == sorted(str(piece.article_id) for piece in live)
    for item in items:
        assert_valid(item)


def test_export_command_dry_run_writes_nothing(tmp_path, capsys):
    go_live(factories.ArticleFactory())
    target = tmp_path / "ninjs.json"

    call_command("export_articles", "--format", "ninjs", "--output", str(target), "--dry-run")

    assert not target.exists()
    assert "would export 1 live pieces as ninjs" in capsys.readouterr().out


def test_export_command_refuses_status_with_ninjs():
    with pytest.raises(CommandError, match="JSON format only"):
        call_command("export_articles", "--format", "ninjs", "--status", "draft")
