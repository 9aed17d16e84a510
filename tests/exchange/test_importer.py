# News copy uses en dashes (datelines) on purpose.
# ruff: noqa: RUF001
"""The importer: the corpus file field by field, re-import, broken files, the command's contract."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from articles.exchange import agency_text, captions, importer
from articles.models import Article, Author, Byline, Image, Placement, Section, State
from tests import factories

pytestmark = pytest.mark.django_db

# An original piece in the corpus format (not corpus text): kicker, headline, two authors.
GOOD = """date 2026-03-02 Home page local

Harbour
Ferry timetable changes from Monday

From: Jana Beispiel and Tom Muster

Share

The harbour ferry will run every twenty minutes instead of every half hour.

Hamburg – The port authority announced the new timetable on Friday. It follows a year of complaints.

What changes for commuters

Early ferries start at 5.10. The last one leaves the pier at midnight.

The new ferry at the pier. © Ole Hansen/Port Authority/dpa

Tickets keep their price. (jbe/tmu)
"""


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    return tuple(model.objects.count() for model in (Article, Author, Byline, Image, Placement, Section))


# --- The corpus article --------------------------------------------------------------------------


def test_corpus_article_every_field(corpus_article):
    out, _err = run(corpus_article)

    article = Article.objects.get()
    assert article.status == State.DRAFT
    assert article.date == datetime.date(2024, 7, 17)
    assert article.section.name == "Politics"
    assert article.section.slug == "politics"
    assert article.headline == ""
    assert article.kicker == ""
    assert article.teaser == (
        "The Pentagon still does not want to give Ukraine permission to attack targets in Russia with ATACMS. "
        "The USA is afraid of a more comprehensive conflict."
    )
    assert article.dateline == "Washington, DC/Kiev"
    assert article.body.startswith("The US Department of Defense will continue")
    assert "–" not in article.body.split("\n\n")[0][:40]
    assert article.import_key == importer.import_key(corpus_article.read_bytes())

    (author,) = article.ordered_authors()
    assert (author.name, author.sign_off) == ("Fabian Müller", "fmu")

    # The two short standalone lines became subheadings, and nothing else did.
    subheadings = [block for block in article.body.split("\n\n") if block.startswith("## ")]
    assert subheadings == [
        "## USA still does not want to allow Ukraine to fire ATACMS at targets in Russia",
        "## Ukraine uses ATACMS missiles to attack Russian air defense systems",
    ]
    # Sign-off and debris are gone; the caption is not body text; the copy is otherwise untouched.
    assert "(fmu)" not in article.body
    assert article.body.endswith("there is still no agreement within the defense alliance on this issue.")
    assert "Press Split" not in article.body and "Press Split" not in article.teaser
    assert "©" not in article.body and "Archive image" not in article.body
    assert "the Crimea The missiles" in article.body and "the NATO On the other hand" in article.body
    assert "Kiev has already used" in article.body

    placement = article.placements.select_related("image").get()
    image = placement.image
    assert placement.effective_caption == "Kiev would like to use these missiles against targets in Russia."
    assert image.caption == "Kiev would like to use these missiles against targets in Russia."
    assert image.is_archive is True
    assert image.creator == "Sgt. 1st Class Andrew Dickson"
    assert image.agency_chain == "US Army/AP/dpa"
    assert image.credit_line == "© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa"
    assert not image.file
    assert image.alt_text == ""
    # After the fifth body block (two paragraphs, a subheading, two paragraphs).
    assert placement.role == Placement.Role.INLINE
    assert placement.position == 5

    # The missing headline is reported, not invented.
    assert "no headline" in out
    assert f"imported as draft #{article.pk}" in out


def test_corpus_article_reuses_known_author_and_section(corpus_article):
    known = factories.AuthorFactory(name="Fabian Müller", sign_off="fmu")
    politics = factories.SectionFactory(name="Politics", slug="politics")

    run(corpus_article)

    article = Article.objects.get()
    assert article.ordered_authors() == [known]
    assert article.section == politics
    assert Author.objects.count() == 1
    assert Section.objects.count() == 1


def test_the_byline_decides_even_when_the_sign_off_belongs_to_someone_else(corpus_article):
    known = factories.AuthorFactory(name="Fabian Mueller", sign_off="FMU")

    out, _err = run(corpus_article)

    article = Article.objects.get()
    (author,) = article.ordered_authors()
    assert author != known and author.name == "Fabian Müller"
    # The sign-off stays in the text, where the review's blocking check sees it.
    assert article.body.endswith("(fmu)")
    assert "belongs to Fabian Mueller, who is not on the byline" in out


def test_reimport_is_skipped_and_reported(corpus_article):
    run(corpus_article)
    before = counts()

    out, _err = run(corpus_article)

    assert counts() == before
    assert "skipped" in out
    assert f"already imported as #{Article.objects.get().pk}" in out


def test_dry_run_writes_nothing(corpus_article):
    out, _err = run(corpus_article, "--dry-run", "-v", "2")

    assert counts() == (0, 0, 0, 0, 0, 0)
    assert "would be imported" in out
    assert "Dry run, nothing written: 1 would be imported, 0 skipped, 0 failed." in out
    assert "created author Fabian Müller (fmu)" in out
    assert "dropped web debris “Press Split”" in out


def test_created_by_option(corpus_article, editor):
    run(corpus_article, "--by", editor.username)
    assert Article.objects.get().created_by == editor

    with pytest.raises(CommandError, match="no user"):
        run(corpus_article, "--by", "nobody-here")


def test_verbosity_zero_prints_nothing_for_good_files(corpus_article):
    out, err = run(corpus_article, "-v", "0")
    assert out == "" and err == ""
    assert Article.objects.count() == 1


# --- An original file in the same format ---------------------------------------------------------


def test_kicker_headline_several_authors_and_lead_free_placement(tmp_path):
    path = write(tmp_path, "ferry.txt", GOOD)

    run(path)

    article = Article.objects.get()
    assert article.kicker == "Harbour"
    assert article.headline == "Ferry timetable changes from Monday"
    assert article.section.name == "Local"
    assert [(a.name, a.sign_off) for a in article.ordered_authors()] == [
        ("Jana Beispiel", "jbe"),
        ("Tom Muster", "tmu"),
    ]
    assert article.body == (
        "The port authority announced the new timetable on Friday. It follows a year of complaints.\n\n"
        "## What changes for commuters\n\n"
        "Early ferries start at 5.10. The last one leaves the pier at midnight.\n\n"
        "Tickets keep their price."
    )
    image = Image.objects.get()
    assert (image.creator, image.agencies, image.is_archive) == ("Ole Hansen", "Port Authority/dpa", False)
    assert Placement.objects.get().position == 3


def test_image_before_the_body_is_the_lead(tmp_path):
    text = GOOD.replace(
        "Hamburg – The port",
        "Passengers on the pier. © Ole Hansen\n\nHamburg – The port",
    ).replace("The new ferry at the pier. © Ole Hansen/Port Authority/dpa\n\n", "")
    run(write(tmp_path, "lead.txt", text))

    placement = Placement.objects.select_related("image").get()
    assert placement.role == Placement.Role.LEAD
    assert placement.image.credit_line == "© Ole Hansen"


def test_unknown_author_without_sign_off_gets_initials_and_a_warning(tmp_path):
    factories.AuthorFactory(name="Someone Else", sign_off="jbe")
    text = GOOD.replace("From: Jana Beispiel and Tom Muster", "From: Jana Beispiel").replace(" (jbe/tmu)", "")

    out, _err = run(write(tmp_path, "nosign.txt", text))

    (author,) = Article.objects.get().ordered_authors()
    assert author.name == "Jana Beispiel"
    assert author.sign_off == "jbe2"
    assert "no sign-off" in out
    assert "got the sign-off “jbe2”" in out


def test_file_without_date_line_imports_with_a_warning(tmp_path):
    text = GOOD.split("\n", 2)[2]  # drop "date … Home page local" and the blank line

    out, _err = run(write(tmp_path, "nodate.txt", text))

    article = Article.objects.get()
    assert article.date is None and article.section is None
    assert article.headline == "Ferry timetable changes from Monday"
    assert "no “date …” line" in out


# --- Broken files --------------------------------------------------------------------------------


BROKEN = {
    "empty": (b"", "the file is empty", None),
    "blank": (b"\n  \n\n", "the file is empty", None),
    "binary": (b"date 2024-07-17 Home page politics\n\n\x89PNG\x00\x00\x1a", "binary", 3),
    "latin1": (GOOD.replace("Monday", "M\u00f6nday").encode("cp1252"), "not UTF-8", 4),
    "no byline": (GOOD.replace("From: Jana Beispiel and Tom Muster", "Jana Beispiel"), "no byline", 3),
    "empty byline": (GOOD.replace("From: Jana Beispiel and Tom Muster", "From:"), "names no author", 6),
    "no body": (
        "date 2026-03-02 Home page local\n\nFrom: Jana Beispiel\n\nPress Split\n\nOnly a teaser here. (jbe)\n",
        "no body",
        7,
    ),
    "nothing after byline": ("date 2026-03-02 Home page local\n\nFrom: Jana Beispiel\n\nShare\n", "no text", 3),
    "bad date": (GOOD.replace("2026-03-02", "2026-02-30"), "not a date", 1),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_broken_file_is_refused_with_file_and_line_and_nothing_written(tmp_path, kind):
    content, message, line = BROKEN[kind]
    path = write(tmp_path, "broken.txt", content)

    with pytest.raises(CommandError, match="1 file could not be imported"):
        run(path)

    assert counts() == (0, 0, 0, 0, 0, 0)
    result = importer.import_file(path)
    assert result.status == importer.ImportResult.FAILED
    assert message in result.message
    assert result.line == line


def test_error_output_names_the_file_and_line(tmp_path):
    path = write(tmp_path, "latin.txt", GOOD.replace("Monday", "M\u00f6nday").encode("cp1252"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:4: error: the text is not UTF-8 (byte 0xf6)" in err.getvalue()


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path / "nope.txt")
    assert importer.import_file(tmp_path / "nope.txt").status == importer.ImportResult.FAILED


def test_failure_while_writing_leaves_nothing_half_written(tmp_path, monkeypatch):
    """A database error after the article row is written rolls back the whole file."""

    def broken_placement(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Placement.objects, "create", broken_placement)
    result = importer.import_file(write(tmp_path, "ferry.txt", GOOD))
    assert result.status == importer.ImportResult.FAILED
    assert "disk full" in result.message
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_mixed_run_imports_good_files_and_exits_non_zero(tmp_path, corpus_article):
    good = write(tmp_path, "ferry.txt", GOOD)
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF")

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_article", str(empty), str(good), str(binary), str(corpus_article), stdout=out, stderr=err)

    assert "2 files could not be imported" in str(raised.value)
    assert Article.objects.count() == 2
    assert f"{empty}: error: the file is empty" in err.getvalue()
    assert f"{binary}:1: error:" in err.getvalue()
    assert "2 imported, 0 skipped, 2 failed." in out.getvalue()


def test_command_exit_status_is_non_zero_on_failure(tmp_path):
    """Through the real entry point, as cron or a shell script would run it."""
    from django.core.management import ManagementUtility

    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_article", "--skip-checks", str(path)]).execute()
    assert exited.value.code != 0


# --- Pieces of the parser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("USA still does not want to allow Ukraine to fire ATACMS at targets in Russia", True),
        ("What changes for commuters", True),
        ("Short.", False),
        ("Word", False),
        ("lower-case start of a line", False),
        ("A" * 101 + " long", False),
        ("“Quoted speech that stops here”", False),
    ],
)
def test_subheading_rule(line, expected):
    assert agency_text.is_subheading(agency_text.Block(line, 1)) is expected


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("Washington, DC/Kiev – The US Department", "Washington, DC/Kiev"),
        ("Hamburg — The council", "Hamburg"),
        ("Frankfurt am Main - The bank", "Frankfurt am Main"),
        ("The council met. Then – after midnight – it agreed.", None),
        ("“We will – if we must”, she said.", None),
        ("Seven words are far too many for a place – here", None),
        ("Washington, D.C. – The White House", "Washington, D.C."),
        ("St. Peter-Ording – The beach", "St. Peter-Ording"),
    ],
)
def test_dateline_rule(paragraph, dateline):
    match = agency_text.match_dateline(paragraph)
    assert (match["dateline"] if match else None) == dateline


@pytest.mark.parametrize(
    ("paragraph", "sign_offs", "remaining"),
    [
        ("The end. (fmu)", "fmu", "The end."),
        ("The end.” (ab/cd)", "ab/cd", "The end.”"),
        ("(dpa)", "dpa", ""),
        ("Allied forces (NATO) met", None, None),
        ("They met the NATO (Brussels)", None, None),
    ],
)
def test_sign_off_rule(paragraph, sign_offs, remaining):
    match = agency_text.SIGN_OFF_RE.search(paragraph)
    assert (match["sign_off"] if match else None) == sign_offs
    if match:
        assert paragraph[: match.start()].rstrip() == remaining


@pytest.mark.parametrize(
    ("paragraph", "parts"),
    [
        (
            "Kiev would like to use these missiles. (Archive image) © Sgt. 1st Class Andrew Dickson/US Army/AP/dpa",
            ("Kiev would like to use these missiles.", True, "Sgt. 1st Class Andrew Dickson", "US Army/AP/dpa"),
        ),
        ("The pier. © Ole Hansen", ("The pier.", False, "Ole Hansen", "")),
        ("© dpa", ("", False, "dpa", "")),
        ("The logo © " + "and a long sentence that goes on " * 6, None),
        # Without a credit: the archive note, a label opening the line, a trailing credit.
        ("The minister arrives in Brussels. (Archive image)", ("The minister arrives in Brussels.", True, "", "")),
        ("Image: The minister arrives in Brussels.", ("The minister arrives in Brussels.", False, "", "")),
        ("Photo: The new ferry at the pier.", ("The new ferry at the pier.", False, "", "")),
        ("Foto: Die neue Fähre am Anleger.", ("Die neue Fähre am Anleger.", False, "", "")),
        ("Bild: Die neue Fähre am Anleger. (Archivbild)", ("Die neue Fähre am Anleger.", True, "", "")),
        (
            "The new ferry at the pier. Photo: Ole Hansen/Reuters",
            ("The new ferry at the pier.", False, "Ole Hansen", "Reuters"),
        ),
        ("The new ferry at the pier. (Photo: Reuters)", ("The new ferry at the pier.", False, "Reuters", "")),
        # A site's copyright footer and ordinary sentences are not captions.
        ("© 2024 Some Agency. All rights reserved.", None),
        ("Copyright 2023 The Daily Example", None),
        ("The photo: a crowd in the rain, he said.", None),
        ("He took the photo in 2019 and sold it.", None),
    ],
)
def test_caption_rule(paragraph, parts):
    caption = captions.match_caption(paragraph)
    assert (caption and (caption.caption, caption.is_archive, caption.creator, caption.agencies)) == parts


@pytest.mark.parametrize(
    "line", ["© 2024 Some Agency. All rights reserved.", "Copyright © 2019-2024 Example Media", "All rights reserved."]
)
def test_copyright_footer_is_debris_not_a_picture(line):
    assert agency_text.is_debris(agency_text.Block(line, 1))


def test_debris_only_when_the_whole_line_is_debris():
    assert agency_text.is_debris(agency_text.Block("Press Split", 1))
    assert agency_text.is_debris(agency_text.Block("read more", 1))
    assert not agency_text.is_debris(agency_text.Block("Press Split was the name of the band", 1))
    # What the review's debris check knows is dropped too.
    assert agency_text.is_debris(agency_text.Block("Sign up for our newsletter today", 1))
    assert not agency_text.is_debris(agency_text.Block("Share\nthe harbour with the ferries", 1))
