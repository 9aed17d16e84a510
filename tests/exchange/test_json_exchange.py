"""export_articles / import_articles: a round trip into an empty database loses nothing."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import generation, workflow
from articles.exchange.json_export import export_data
from articles.exchange.json_fields import ExchangeError
from articles.exchange.json_import import import_data, import_file, import_json
from articles.models import (
    Article,
    Author,
    Byline,
    CheckDismissal,
    EditLock,
    Image,
    PieceTemplate,
    Placement,
    PublishedVersion,
    ReviewComment,
    Section,
    State,
    WorkflowEvent,
)
from tests import factories

pytestmark = pytest.mark.django_db

# A 1x1 PNG, enough for ImageField to read real dimensions from a real file.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2213cd90000000049454e44ae426082"
)


def make_newsroom(writer, editor) -> dict:
    """A desk with pieces in every interesting state, images with and without files, threads and versions."""
    politics = factories.SectionFactory(name="Politics", slug="politics", position=1, description="Power.")
    europe = factories.SectionFactory(name="Europe", slug="europe", parent=politics, position=2)
    agency = factories.AuthorFactory(name="dpa", slug="dpa", sign_off="dpa", bio="Deutsche Presse-Agentur")
    reporter = writer.author

    photo = Image(
        alt_text="Soldiers beside a missile launcher",
        caption="Kyiv would like the missiles.",
        creator="Sgt. 1st Class Andrew Dickson",
        organisation="US Army",
        agencies="AP/dpa",
        copyright_notice="© AP",
        source="AP Images",
        is_archive=True,
        usage_terms="Editorial use only.",
        rights_expire_on=datetime.date(2027, 1, 31),
        uploaded_by=writer,
    )
    photo.file.save("launcher.png", ContentFile(PNG), save=False)
    photo.save()
    no_file = factories.ImageFactory(caption="Placeholder from an imported piece", creator="", agencies="")

    published = factories.ArticleFactory(
        section=europe,
        authors=[reporter, agency],
        kicker="Ukraine",
        headline="Long-range missiles for Kyiv",
        dateline="Washington, DC/Kyiv",
        created_by=writer,
        expire_at=timezone.now() + datetime.timedelta(days=30),
    )
    Placement.objects.create(article=published, image=photo, role="lead", caption="Launcher at a test site.")
    workflow.submit(published, by=writer, comment="Ready when you are.")
    workflow.publish(published, by=editor)
    # An update under way: the live version stays online while the working copy changes.
    workflow.start_update(published, by=editor, comment="Correct the dateline.")
    # The working copy gains a picture whose file has not been uploaded yet.
    Placement.objects.create(article=published, image=no_file, role="inline", position=2)
    published = Article.objects.get(pk=published.pk)
    workflow.save_article(published, by=editor, base_version=published.version, fields={"dateline": "Kyiv"})
    ReviewComment.objects.create(article=published, author=editor, body="Check the <b>agency</b> credit.")
    ReviewComment.objects.create(article=published, author=writer, body="Done \u2014 it\u2019s AP/dpa.")
    CheckDismissal.objects.create(
        article=published, code="style", target="Kiev", reason="A quotation.", dismissed_by=editor
    )

    scheduled = factories.ArticleFactory(section=politics, authors=[reporter], created_by=writer)
    workflow.submit(scheduled, by=writer)
    workflow.schedule(scheduled, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=3))

    withdrawn = factories.ArticleFactory(section=politics, authors=[agency])
    workflow.submit(withdrawn, by=editor)
    workflow.publish(withdrawn, by=editor)
    workflow.withdraw(withdrawn, by=editor, comment="Legal asked us to.")

    factories.ArticleFactory(
        section=None, authors=[], slug="", headline="", body="Notes:\n\n<script>alert('x')</script> \u202e", kicker=""
    )
    return {"published": published, "scheduled": scheduled, "withdrawn": withdrawn, "photo": photo}


def flush_articles() -> None:
    """Everything the export covers goes; user accounts stay (as after restoring a users table)."""
    PublishedVersion.authors.through.objects.all().delete()
    PublishedVersion.objects.all().delete()
    EditLock.objects.all().delete()
    Article.objects.all().delete()
    Article.history.all().delete()
    Image.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.filter(parent__isnull=False).delete()
    Section.objects.all().delete()


def comparable(data: dict) -> dict:
    data = dict(data)
    data.pop("exported_at")
    return data


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Article,
            Byline,
            Placement,
            Image,
            Author,
            Section,
            WorkflowEvent,
            ReviewComment,
            CheckDismissal,
            PublishedVersion,
        )
    }


def test_round_trip_into_an_empty_database_loses_nothing(writer, editor, tmp_path):
    made = make_newsroom(writer, editor)
    before = counts()
    version_before = Article.objects.get(slug=made["published"].slug).version
    assert version_before > 1
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    first = json.loads(path.read_text(encoding="utf-8"))
    assert len(first["articles"]) == 4

    flush_articles()
    assert Article.objects.count() == 0
    call_command("import_articles", str(path), verbosity=0)

    assert counts() == before
    second = export_data()
    assert json.dumps(comparable(second), indent=1).splitlines() == json.dumps(comparable(first), indent=1).splitlines()

    # States came back as they were, without running transitions (no new events).
    restored = Article.objects.get(slug=made["published"].slug)
    assert restored.status == State.DRAFT
    assert restored.dateline == "Kyiv"
    assert restored.version == version_before
    assert restored.events.count() == 3
    live = PublishedVersion.objects.live().get(article=restored)
    assert live.dateline == "Washington, DC/Kyiv"  # readers keep the approved version
    assert {author.sign_off for author in live.authors.all()} == {writer.author.sign_off, "dpa"}
    assert live.bylines[0]["id"] == Author.objects.get(sign_off=writer.author.sign_off).pk
    photo = Image.objects.get(file=made["photo"].file.name)
    assert live.placements[0]["image_id"] == photo.pk
    assert (photo.width, photo.height, photo.credit_line) == (1, 1, "© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa")
    assert Author.objects.get(sign_off=writer.author.sign_off).user == writer
    assert Section.objects.get(slug="europe").parent.slug == "politics"
    assert Article.objects.get(slug=made["scheduled"].slug).status == State.SCHEDULED
    withdrawn = Article.objects.get(slug=made["withdrawn"].slug)
    assert withdrawn.status == State.UNPUBLISHED
    assert not PublishedVersion.objects.live().filter(article=withdrawn).exists()


def test_export_names_every_article_field(writer, editor):
    make_newsroom(writer, editor)
    entry = export_data()["articles"][0]
    for field in Article._meta.concrete_fields:
        # Revisions are not exchanged, so neither is the pointer to the scheduled one.
        if not field.primary_key and field.name != "scheduled_revision":
            assert field.name in entry
    for key in ("bylines", "placements", "events", "comments", "dismissals", "versions"):
        assert key in entry
    image = export_data()["images"][0]
    assert image["file"].startswith("images/") and image["file"].endswith(".png")
    assert image["creator"] == "Sgt. 1st Class Andrew Dickson"


def test_export_to_stdout_is_the_same_json(writer, editor):
    make_newsroom(writer, editor)
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    assert comparable(json.loads(out.getvalue())) == comparable(export_data())


def test_export_by_state(writer, editor):
    make_newsroom(writer, editor)
    out = io.StringIO()
    call_command("export_articles", "--status", "scheduled", stdout=out)
    assert [entry["status"] for entry in json.loads(out.getvalue())["articles"]] == ["scheduled"]


def test_dry_run_writes_nothing(writer, editor, tmp_path):
    make_newsroom(writer, editor)
    path = tmp_path / "articles.json"
    call_command("export_articles", "--output", str(path), verbosity=0)
    flush_articles()
    out = io.StringIO()
    call_command("import_articles", str(path), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert "4 articles" in out.getvalue()
    assert Article.objects.count() == 0
    assert Section.objects.count() == 0


def test_importing_twice_is_refused_and_changes_nothing(writer, editor):
    make_newsroom(writer, editor)
    data = export_data()
    before = counts()
    with pytest.raises(ExchangeError, match="already exists"):
        import_data(data)
    assert counts() == before


def test_existing_sections_and_authors_are_matched(writer, editor):
    made = make_newsroom(writer, editor)
    data = export_data()
    Article.objects.filter(pk=made["scheduled"].pk).delete()
    only = [entry for entry in data["articles"] if entry["slug"] == made["scheduled"].slug]
    before = generation.read()
    summary = import_data({**data, "articles": only})
    assert generation.read() == before + 1  # kept pages and API answers make way for what was imported
    assert summary.articles == 1
    assert summary.sections_created == 0
    assert summary.authors_created == 0
    assert Author.objects.filter(sign_off__iexact="dpa").count() == 1


def minimal_file(**article) -> dict:
    return {
        "format": "newsroom.articles",
        "format_version": 1,
        "sections": [{"name": "Politics", "slug": "politics"}],
        "authors": [],
        "images": [],
        "articles": [
            {"headline": "A good one", "slug": "a-good-one", "section": "politics", "status": "draft"},
            {"headline": "The broken one", "slug": "broken", "section": "politics", **article},
        ],
    }


@pytest.mark.parametrize(
    ("article", "message"),
    [
        ({"status": "launched"}, "“status”"),
        ({"colour": "red"}, "unknown field “colour”"),
        ({"body": "nul \x00 byte"}, "NUL"),
        ({"headline": 42}, "must be text"),
        ({"headline": "x" * 251}, "“headline”"),
        ({"section": "sport"}, "unknown section “sport”"),
        ({"created_by": "nobody-here"}, "no user “nobody-here”"),
        ({"bylines": [{"author": "zz", "position": 0}]}, "“zz” is not in the file's author list"),
        ({"placements": [{"image": 7, "role": "lead"}]}, "image 7"),
        ({"publish_at": "next tuesday"}, "“publish_at”"),
        ({"status": "published"}, "database refused"),  # a published piece needs published_at
        ({"bylines": "fmu"}, "must be a list"),
    ],
)
def test_a_malformed_entry_is_refused_naming_it_and_nothing_is_written(article, message):
    before = counts()
    with pytest.raises(ExchangeError) as error:
        import_data(minimal_file(**article))
    assert str(error.value).startswith("articles[1] “")
    assert message in str(error.value)
    assert counts() == before


def test_unsafe_media_paths_are_refused():
    data = minimal_file()
    data["images"] = [{"number": 1, "file": "../../etc/passwd"}]
    with pytest.raises(ExchangeError, match="unsafe file path"):
        import_data(data)
    data["images"] = [{"number": 1, "file": "/etc/passwd"}]
    with pytest.raises(ExchangeError, match="unsafe file path"):
        import_data(data)
    assert Image.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "Not a Newsroom articles export"),
        (b'{"format": "newsroom.articles", "format_version": 9}', "version 9"),
    ],
)
def test_files_that_are_not_exports_are_refused(text, message):
    with pytest.raises(ExchangeError, match=message):
        import_json(text)
    with pytest.raises(ExchangeError, match=message):
        import_file(io.BytesIO(text))  # the same answers when the file is read a part at a time


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[:-3], "not valid JSON"),  # cut off in the middle of the last piece
        (lambda text: text[:-1] + b', "authors": 3}', "must be a list"),  # a part that is not a list, last
    ],
)
def test_a_file_read_in_parts_is_checked_whole_before_anything_is_written(db, damage, message):
    data = minimal_file()
    del data["authors"]
    # The sections come first and are fine; the damage is at the end, after the pieces.
    broken = damage(json.dumps(data, ensure_ascii=False).encode())
    with pytest.raises(ExchangeError, match=message):
        import_file(io.BytesIO(broken))
    assert Article.objects.count() == 0 and Section.objects.count() == 0


def test_the_command_reads_standard_input(db, monkeypatch):
    data = minimal_file()
    data["articles"] = data["articles"][:1]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps(data).encode())))
    out = io.StringIO()
    call_command("import_articles", "-", stdout=out)
    assert "Imported 1 articles" in out.getvalue()
    assert Article.objects.filter(slug=data["articles"][0]["slug"]).exists()


def test_the_command_reports_a_clear_error(tmp_path, db):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(minimal_file(status="launched")), encoding="utf-8")
    with pytest.raises(CommandError, match=r"Nothing was imported\. articles\[1\]"):
        call_command("import_articles", str(path))
    assert Article.objects.count() == 0


def test_missing_users_are_created_inactive_only_when_asked(db):
    data = minimal_file(created_by="ghost")
    summary = import_data(data, create_users=True)
    assert summary.users_created == ["ghost"]
    ghost = Article.objects.get(slug="broken").created_by
    assert ghost.username == "ghost"
    assert not ghost.is_active
    assert not ghost.has_usable_password()


def test_export_queries_do_not_grow_with_the_number_of_articles(writer, editor):
    make_newsroom(writer, editor)
    with CaptureQueriesContext(connection) as few:
        export_data()
    for _ in range(5):
        article = factories.ArticleFactory(authors=[factories.AuthorFactory()])
        Placement.objects.create(article=article, image=factories.ImageFactory(), role="lead")
        ReviewComment.objects.create(article=article, author=editor, body="Fine.")
    with CaptureQueriesContext(connection) as many:
        export_data()
    assert len(many) == len(few)


def test_imported_published_html_is_sanitised_as_the_desk_does(writer, editor):
    make_newsroom(writer, editor)
    data = export_data()
    hostile = (
        '<p>Kept <a href="javascript:alert(1)" onclick="x()">link</a></p><script>alert(1)</script><img src=x onerror=y>'
    )
    versions = [version for article in data["articles"] for version in article.get("versions", [])]
    assert versions, "the newsroom has published versions"
    for version in versions:
        version["body_html"] = hostile
    flush_articles()

    import_data(data)

    for body in PublishedVersion.objects.values_list("body_html", flat=True):
        assert "<script" not in body and "onerror" not in body and "onclick" not in body
        assert "javascript:" not in body and "<img" not in body
        assert body.startswith("<p>Kept <a")


def test_a_piece_keeps_its_template_by_name_and_one_this_newsroom_lacks_is_left_out(writer, editor):
    template = PieceTemplate.objects.create(name="Obituary", checks=["double-hyphen"])
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer, template=template, slug="obit")
    data = export_data()
    assert next(entry for entry in data["articles"] if entry["slug"] == "obit")["template"] == "Obituary"

    flush_articles()
    import_data(data)
    assert Article.objects.get(slug="obit").template == template  # matched by name

    flush_articles()
    template.delete()
    import_data(data)  # the newsroom keeps no such template: the piece comes without, nothing refused
    assert Article.objects.get(slug="obit").template is None

    flush_articles()
    entry = next(entry for entry in data["articles"] if entry["slug"] == piece.slug)
    entry["template"] = 7
    with pytest.raises(ExchangeError, match="“template” must be a template's name"):
        import_data(data)
