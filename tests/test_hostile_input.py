"""Hostile text through the desk, the admin and both importers: stored faithfully or refused, always inert.

Script tags, event handlers, `javascript:` links, right-to-left overrides, zero-width
and combining characters, 10,000-character words, NUL bytes and megabyte fields go in
through the desk's forms, the admin and the importers. Each value is either stored
exactly as typed or refused with a clear message (nothing stored); wherever it is
shown afterwards — desk, admin, public pages, feeds, JSON-LD, emails — it is inert
text; no request answers 500.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from articles import workflow
from articles.exchange import importer
from articles.exchange import json_import as exchange
from articles.models import Article, Image, PublishedVersion, ReviewComment
from tests import factories

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss-script")</script>'
IMG = '<img src=x onerror=alert("xss-img")>'
BREAKOUT = '" onmouseover="alert(\'xss-attr\')" x="'
SVG = "<svg/onload=alert('xss-svg')>"
JS_LINK = '[click me](javascript:alert("xss-link"))'
A_JS = "<a href=\"javascript:alert('xss-a')\">x</a>"
RTL = "abc\u202etxt.exe"
ZERO_WIDTH = "Ky\u200biv\u200d\u2060\ufeff"
COMBINING = "Z\u0351\u0336\u0489a\u0337\u0315\u0489l\u0334\u0489go"
LONG_WORD = "x" * 10_000
MEGABYTE = ("Hamburg harbour wall budget " * 38_000)[:1_000_000]

MARKUP = f"{SCRIPT} {IMG} {BREAKOUT} {SVG} {A_JS}"
UNICODE = f"{RTL} {ZERO_WIDTH} {COMBINING}"


# --- What "inert" means ------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[tuple[dict, list[str]]] = []
        self._in_script: tuple[dict, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            squashed = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if name in {"href", "src", "action", "formaction", "xlink:href"} and squashed.startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and attributes.get("src") == "x":
            self.problems.append("the payload's <img> became an element")
        if tag == "svg" and "onload" in attributes:
            self.problems.append("the payload's <svg> became an element")
        if tag == "script":
            self._in_script = (attributes, [])
            self.scripts.append(self._in_script)

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def assert_inert(html: str, *, where: str) -> None:
    page = _Page()
    page.feed(html)
    page.close()
    assert not page.problems, f"{where}: {page.problems}"
    for attributes, chunks in page.scripts:
        if "src" in attributes:
            continue
        # Data blocks only (JSON-LD, json_script): never executed, and still one intact JSON
        # document, so no text closed the element early.
        assert attributes.get("type") in {"application/ld+json", "application/json"}, f"{where}: {attributes}"
        json.loads("".join(chunks))
    assert 'alert("xss-script")</script>' not in html, where


def get_ok(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- Forms: read a page's form as a browser would submit it ----------------------------------------------


class _Form(HTMLParser):
    """The named fields of the page's forms with their current values (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.data[name] = attributes.get("value", "on")
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.data[name] = attributes.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            self.data[self._select] = attributes.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n") if not self.data[self._textarea] else data


def form_data(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


HOSTILE_ARTICLE = {
    "kicker": f"{SVG}{RTL}"[:120],
    "headline": f"{SCRIPT} {IMG} Q&A {COMBINING} {ZERO_WIDTH}",
    "teaser": f"{MARKUP} {UNICODE} Teaser text that is long enough for the checks to be happy.",
    "dateline": f"{BREAKOUT}"[:120],
    "body": f"{MARKUP}\n\n{JS_LINK}\n\n## {SCRIPT}\n\n> {IMG}\n\n{UNICODE}\n\n{LONG_WORD}\n\nThe end. (w1)",
}


@pytest.fixture
def hostile_piece(client, writer, editor):
    """A piece written through the desk's own form with hostile text in every text field."""
    section = factories.SectionFactory(name=f"Politics {SCRIPT}"[:100], slug="politics")
    client.force_login(writer)
    data = form_data(get_ok(client, reverse("desk:article-create")))
    data.update(HOSTILE_ARTICLE, section=str(section.pk), slug="hostile-piece", date="2026-11-20")
    response = client.post(reverse("desk:article-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="hostile-piece")
    return article


def test_hostile_text_from_the_desk_form_is_stored_faithfully(hostile_piece):
    for name, value in HOSTILE_ARTICLE.items():
        assert getattr(hostile_piece, name) == value, name


def test_hostile_text_is_inert_on_desk_pages(client, hostile_piece, writer, editor):
    for user in (writer, editor):
        client.force_login(user)
        for url in (
            reverse("desk:dashboard"),
            reverse("desk:article-list"),
            reverse("desk:article-list") + "?q=" + "%3Cscript%3E",
            reverse("desk:article-review", kwargs={"pk": hostile_piece.pk}),
            reverse("desk:article-edit", kwargs={"pk": hostile_piece.pk}),
            reverse("desk:article-history", kwargs={"pk": hostile_piece.pk}),
        ):
            assert_inert(get_ok(client, url), where=url)


def test_hostile_text_is_inert_in_emails_and_keeps_its_characters(
    hostile_piece, writer, editor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with_outbox = workflow.submit(hostile_piece, by=writer)
    assert with_outbox.status == "in_review"
    message = next(m for m in mail.outbox if editor.email in m.to)
    assert "\n" not in message.subject
    # Plain-text mail: the headline as typed, not HTML-escaped (“Q&A”, not “Q&amp;A”).
    assert "Q&A" in message.body
    assert "Q&A" in message.subject, message.subject
    assert not getattr(message, "alternatives", None)  # no HTML part that could run anything


def test_hostile_text_is_inert_on_the_public_site_feeds_and_json_ld(client, hostile_piece, writer, editor):
    from django.core.files.base import ContentFile

    image = Image(
        caption=f"{SCRIPT} caption {RTL}",
        alt_text=f"{BREAKOUT}",
        creator=f"{IMG}"[:200],
        organisation=SVG,
        agencies="AP/dpa",
    )
    image.file.save("lead.jpg", ContentFile(picture()), save=True)
    hostile_piece.placements.create(image=image, role="lead", caption=f"{A_JS} {COMBINING}")
    # Saved as the editor saves, so the placement is part of the revision that gets published.
    workflow.save_article(hostile_piece, by=writer, base_version=hostile_piece.version, fields={})
    workflow.submit(hostile_piece, by=writer)
    workflow.publish(Article.objects.get(pk=hostile_piece.pk), by=editor)
    live = PublishedVersion.objects.live().get(article=hostile_piece)
    assert live.headline == HOSTILE_ARTICLE["headline"]
    assert live.placements[0]["caption"] == f"{A_JS} {COMBINING}"
    client.logout()
    article_page = get_ok(client, live.get_absolute_url())
    assert_inert(article_page, where="article page")
    # JSON-LD carries the headline faithfully once decoded.
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', article_page, re.DOTALL)
    assert ld and json.loads(ld.group(1))["headline"] == HOSTILE_ARTICLE["headline"]
    assert escape(A_JS) in article_page  # the caption, shown as text
    for url in ("/", "/politics/", reverse("site:author", kwargs={"slug": writer.author.slug})):
        assert_inert(get_ok(client, url), where=url)

    for url in ("/feeds/rss/", "/feeds/atom/", "/feeds/politics/rss/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        root = ElementTree.fromstring(response.content)  # well-formed XML despite everything
        texts = [element.text or "" for element in root.iter()]
        if "feeds" in url:
            assert any(HOSTILE_ARTICLE["headline"] in text for text in texts), url
        # Feed readers render an item's description (RSS) or summary (Atom, type="html") as HTML:
        # the teaser must arrive there as escaped text.
        for item in root.iter():
            if item.tag.rsplit("}", 1)[-1] not in {"item", "entry"}:
                continue
            for element in item:
                tag = element.tag.rsplit("}", 1)[-1]
                if tag in {"description", "summary", "content"}:
                    assert "<script" not in (element.text or "").lower(), f"{url}: {tag} carries live markup"
                    assert "Teaser text that is long enough" in (element.text or "")


def test_hostile_text_is_inert_in_the_admin(client, hostile_piece, superuser):
    client.force_login(superuser)
    for url in (
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=%3Cscript%3E",
        reverse("admin:articles_article_change", args=[hostile_piece.pk]),
        reverse("admin:articles_article_history", args=[hostile_piece.pk]),
    ):
        assert_inert(get_ok(client, url), where=url)


def test_hostile_text_through_the_admin_form_is_stored_faithfully(client, superuser, writer):
    article = factories.ArticleFactory(authors=[writer.author])
    client.force_login(superuser)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(get_ok(client, url))
    data.update(headline=f"{SCRIPT} {RTL}", teaser=f"{IMG} {COMBINING}", body=f"{MARKUP}\n\n{LONG_WORD}")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.teaser, stored.body) == (data["headline"], data["teaser"], data["body"])
    assert_inert(get_ok(client, url), where="admin change page")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("headline", "nul\x00byte", "Null characters are not allowed"),
        ("body", "nul\x00byte", "Null characters are not allowed"),
        ("headline", "x" * 251, "at most 250 characters"),
        ("kicker", LONG_WORD, "at most 120 characters"),
    ],
)
def test_what_cannot_be_stored_is_refused_with_a_clear_error(client, writer, field, value, message):
    client.force_login(writer)
    factories.SectionFactory(slug="politics")
    data = form_data(get_ok(client, reverse("desk:article-create")))
    data.update({"headline": "A fine headline", "body": "Fine.", "slug": "refused-piece", field: value})
    count = Article.objects.count()
    response = client.post(reverse("desk:article-create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Article.objects.count() == count
    assert_inert(response.content.decode(), where="refused form")


def test_a_megabyte_body_is_stored_and_shown(client, writer, editor):
    client.force_login(writer)
    data = form_data(get_ok(client, reverse("desk:article-create")))
    data.update(headline="A very long piece", body=MEGABYTE + "\n\n" + SCRIPT, slug="megabyte")
    response = client.post(reverse("desk:article-create"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="megabyte")
    assert article.body == data["body"]
    client.force_login(editor)
    page = get_ok(client, reverse("desk:article-review", kwargs={"pk": article.pk}))
    assert_inert(page, where="review of a megabyte piece")


def test_hostile_workflow_comments_are_inert_on_the_desk_and_in_emails(
    client, writer, editor, django_capture_on_commit_callbacks
):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(article, by=writer)
    comment = f"{MARKUP} Q&A {UNICODE}"
    client.force_login(editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:article-transition", kwargs={"pk": article.pk}),
            {"transition": "request_changes", "request_changes-comment": comment},
        )
    assert response.status_code == 302
    assert article.events.last().comment == comment
    message = next(m for m in mail.outbox if writer.email in m.to)
    assert comment in message.body  # plain text, as typed
    for user in (writer, editor):
        client.force_login(user)
        assert_inert(get_ok(client, reverse("desk:article-review", kwargs={"pk": article.pk})), where="events")


def test_hostile_comments_and_author_names_are_inert(client, writer, editor):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    client.force_login(writer)
    body = f"{MARKUP} @{editor.username} {UNICODE}"
    response = client.post(reverse("desk:article-comment", kwargs={"pk": article.pk}), {"body": body})
    assert response.status_code == 302
    assert ReviewComment.objects.get(article=article).body == body
    client.force_login(editor)
    response = client.post(
        reverse("desk:author-create"), {"name": f"{SCRIPT}{RTL}"[:150], "slug": "hostile", "sign_off": "hx"}
    )
    assert response.status_code in (200, 302)
    for url in (reverse("desk:article-review", kwargs={"pk": article.pk}), reverse("desk:author-list")):
        assert_inert(get_ok(client, url), where=url)


# --- The importers --------------------------------------------------------------------------------------


def corpus_file(tmp_path, *, headline: str, body: str, name: str = "piece.txt"):
    text = (
        "date 2024-07-17 Home page politics\n\n"
        f"{headline}\n\n"
        "From: Fabian Müller\n\n"
        "The teaser says what happened and why it matters to readers today.\n\n"
        f"Washington, DC/Kyiv - {body}\n\n"
        "The last paragraph. (fmu)\n"
    )
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_text_importer_stores_hostile_text_faithfully(tmp_path):
    headline = f"{SCRIPT} {IMG} {COMBINING}"
    body = f"{A_JS} {JS_LINK} {RTL} {ZERO_WIDTH} {LONG_WORD}"
    result = importer.import_file(corpus_file(tmp_path, headline=headline, body=body))
    assert result.status == importer.ImportResult.IMPORTED, result.message
    article = result.article
    assert article.headline == headline
    assert body in article.body


def test_the_text_importer_refuses_nul_bytes_clearly(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"date 2024-07-17 Home page politics\n\nHead\x00line\n")
    result = importer.import_file(path)
    assert result.status == importer.ImportResult.FAILED
    assert "NUL" in result.message and result.line == 3
    assert not Article.objects.exists()


def test_the_json_importer_stores_hostile_text_faithfully_and_refuses_nul():
    data = {
        "format": "newsroom.articles",
        "format_version": 1,
        "sections": [{"name": f"{SCRIPT}", "slug": "politics"}],
        "authors": [{"name": f"{IMG}{RTL}", "slug": "hostile", "sign_off": "hx"}],
        "images": [{"number": 1, "caption": MARKUP, "alt_text": COMBINING, "creator": SVG}],
        "articles": [
            {
                "headline": f"{SCRIPT}{ZERO_WIDTH}",
                "slug": "hostile",
                "section": "politics",
                "body": f"{MARKUP}\n\n{LONG_WORD}\n\n{MEGABYTE}",
                "bylines": [{"author": "hx", "position": 0}],
                "placements": [{"image": 1, "role": "lead", "caption": BREAKOUT}],
            }
        ],
    }
    exchange.import_data(data)
    article = Article.objects.get(slug="hostile")
    assert article.headline == f"{SCRIPT}{ZERO_WIDTH}"
    assert article.body.endswith(MEGABYTE)
    assert article.placements.get().caption == BREAKOUT

    data["articles"][0].update(slug="other", headline="nul\x00")
    with pytest.raises(exchange.ExchangeError, match="NUL"):
        exchange.import_data(data)
    assert not Article.objects.filter(slug="other").exists()


# --- Uploads (validation lives in articles/media/images.py; tests/media/test_images.py covers each rule) -------------


def picture(fmt: str = "JPEG") -> bytes:
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "steelblue").save(buffer, format=fmt)
    return buffer.getvalue()


def media_files(settings) -> list:
    """Files under MEDIA_ROOT and the originals' private folder (where uploads go)."""
    from pathlib import Path

    from articles.media.private_storage import private_media_root

    roots = [Path(settings.MEDIA_ROOT), private_media_root()]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
        ("page.jpg", b"<!doctype html><script>alert(1)</script>" + b" " * 200),
        ("bomb.png", None),
        ("cut.jpg", picture()[:200]),
    ],
)
def test_hostile_uploads_through_the_editor_are_refused_clearly_and_store_nothing(
    client, writer, settings, name, content
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if content is None:  # a PNG header claiming 100,000 x 100,000 pixels
        import struct
        import zlib

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
        content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    client.force_login(writer)
    response = client.post(
        reverse("desk:editor-image-upload"),
        {"upload-file": SimpleUploadedFile(name, content, content_type="image/jpeg"), "upload-alt_text": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors.get("upload-file") or errors.get("file"), errors
    assert not Image.objects.exists()
    assert media_files(settings) == []


def test_hostile_file_names_and_metadata_are_made_safe_or_kept_as_text(client, writer, editor, settings):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.media.private_storage import private_media_root

    client.force_login(writer)
    hostile_name = f"../../{SCRIPT}\u202egpj.exe{'x' * 300}.php.jpg"
    response = client.post(
        reverse("desk:image-upload"),
        {
            "file": SimpleUploadedFile(hostile_name, picture(), content_type="image/jpeg"),
            "caption": f"{SCRIPT} {RTL}",
            "alt_text": f"{IMG}",
            "creator": f"{BREAKOUT}"[:200],
            "agencies": SVG,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    stored = image.file.name
    assert re.fullmatch(r"images/\d{4}/\d{2}/[a-z0-9._-]+\.jpg", stored), stored
    assert Path(image.file.path).resolve().is_relative_to(private_media_root().resolve())  # the originals' folder
    assert image.caption == f"{SCRIPT} {RTL}" and image.alt_text == IMG
    client.force_login(editor)
    for url in (reverse("desk:image-detail", kwargs={"pk": image.pk}), reverse("desk:image-list")):
        assert_inert(get_ok(client, url), where=url)


@pytest.mark.parametrize(
    ("model", "values"),
    [
        ("section", {"name": f"{SCRIPT}{RTL}", "slug": "hostile-section", "description": MARKUP}),
        ("author", {"name": f"{IMG}{ZERO_WIDTH}", "slug": "hostile-author", "sign_off": "hx", "bio": MARKUP}),
    ],
)
def test_hostile_text_through_other_admin_forms_is_stored_and_inert(client, superuser, model, values):
    client.force_login(superuser)
    add = reverse(f"admin:articles_{model}_add")
    data = form_data(get_ok(client, add))
    data.update(values)
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    from django.apps import apps

    stored = apps.get_model("articles", model).objects.get(slug=values["slug"])
    for name, value in values.items():
        assert getattr(stored, name) == value, name
    for url in (
        reverse(f"admin:articles_{model}_changelist"),
        reverse(f"admin:articles_{model}_change", args=[stored.pk]),
    ):
        assert_inert(get_ok(client, url), where=url)


def test_hostile_image_metadata_in_the_admin_is_inert(client, superuser):
    image = factories.ImageFactory(caption=f"{SCRIPT} {RTL}", alt_text=IMG, creator=BREAKOUT[:200], agencies=SVG)
    client.force_login(superuser)
    for url in (
        reverse("admin:articles_image_changelist"),
        reverse("admin:articles_image_change", args=[image.pk]),
    ):
        assert_inert(get_ok(client, url), where=url)


# --- Hostile query strings: never a 500 -------------------------------------------------------------------

QUERY_KEYS = [
    "q",
    "page",
    "status",
    "section",
    "author",
    "date",
    "view",
    "sort",
    "o",
    "old",
    "new",
    "missing",
    "rights",
]
QUERY_VALUES = [
    "%00",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "9999-99-99",
    "-1",
    "9" * 30,
    "%ff%fe",
    "x" * 5000,
    "%E2%80%AE",
]


def test_hostile_query_strings_never_cause_a_500(client, writer, editor):
    piece = factories.ArticleFactory(authors=[writer.author])
    workflow.submit(piece, by=writer)
    workflow.publish(piece, by=editor)
    client.raise_request_exception = False
    client.force_login(editor)
    pages = [
        reverse("desk:dashboard"),
        reverse("desk:article-list"),
        reverse("desk:calendar"),
        reverse("desk:image-list"),
        reverse("desk:author-list"),
        reverse("desk:article-create"),
        reverse("desk:article-review", kwargs={"pk": piece.pk}),
        reverse("desk:article-edit", kwargs={"pk": piece.pk}),
        reverse("desk:article-history", kwargs={"pk": piece.pk}),
        reverse("desk:article-diff", kwargs={"pk": piece.pk}),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_image_changelist"),
        reverse("admin:articles_author_changelist"),
        "/",
        f"/{piece.section.slug}/",
        f"/authors/{writer.author.slug}/",
        "/feeds/rss/",
        "/sitemap.xml",
    ]
    failures = []
    for page in pages:
        for value in QUERY_VALUES:
            # Each key alone (a filter that fails early must not hide the next one) for the search key,
            # all keys together for the rest.
            for query in (f"q={value}", "&".join(f"{key}={value}" for key in QUERY_KEYS)):
                response = client.get(f"{page}?{query}")
                if response.status_code >= 500:
                    failures.append((page, query[:60], response.status_code))
                elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    assert_inert(response.content.decode(), where=f"{page}?{query[:40]}")
    assert not failures, failures


def test_nul_bytes_in_any_posted_field_never_cause_a_500(client, writer, editor):
    """PostgreSQL refuses NUL in text: every form must refuse it first, clearly."""
    piece = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    image = factories.ImageFactory()
    client.raise_request_exception = False
    client.force_login(editor)
    nul = "bad\x00value"
    posts = {
        reverse("desk:article-create"): {**form_data(get_ok(client, reverse("desk:article-create")))},
        reverse("desk:article-edit", kwargs={"pk": piece.pk}): form_data(
            get_ok(client, reverse("desk:article-edit", kwargs={"pk": piece.pk}))
        ),
        reverse("desk:article-comment", kwargs={"pk": piece.pk}): {"body": ""},
        reverse("desk:article-transition", kwargs={"pk": piece.pk}): {
            "transition": "submit",
            "submit-comment": "",
        },
        reverse("desk:finding-dismiss", kwargs={"pk": piece.pk}): {"code": "", "target": "", "reason": ""},
        reverse("desk:author-create"): {"name": "", "slug": "nul", "sign_off": "", "bio": ""},
        reverse("desk:image-detail", kwargs={"pk": image.pk}): form_data(
            get_ok(client, reverse("desk:image-detail", kwargs={"pk": image.pk}))
        ),
    }
    failures, tried = [], 0
    for url, data in posts.items():
        for field in data:
            if field.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
                continue
            response = client.post(url, {**data, field: nul})
            tried += 1
            if response.status_code >= 500:
                failures.append((url, field, response.status_code))
    assert tried > 25
    assert not failures, failures
    assert not ReviewComment.objects.exists()


def test_a_request_over_the_upload_limit_is_refused_not_a_500(client, writer, settings):
    client.raise_request_exception = False
    client.force_login(writer)
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("desk:article-create"), {"headline": "Too big", "body": too_big})
    assert response.status_code == 400
    assert not Article.objects.exists()
