"""Property-based tests (hypothesis): the body renderer and the text importer under arbitrary input.

- render_body: whatever a writer types, the HTML has no script element, no event
  handler attribute and no script URL in any attribute; only the allowed tags.
- the importer: for any bytes, parse() raises nothing but ImportProblem, and
  import_file() never raises and never half-writes (a failed file leaves the
  database exactly as it was; an imported one adds exactly one article).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.exchange import importer
from articles.models import Article, Author, Byline, Image, Placement, Section
from articles.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_body

# Characters that have broken sanitisers and parsers before: markup, quotes, entities,
# bidi overrides, zero-width and combining marks, control characters, line separators.
HOSTILE_PIECES = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "<https://example.org/?a=<script>>",
    "<javascript:alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "<iframe src=//evil.example>",
    "<style>body{}</style>",
    "<!-- comment --><p>",
    "&lt;script&gt;",
    "\u202e",
    "\u200b",
    "\u200d",
    "\ufeff",
    "e\u0301\u0301\u0301",
    "\x00",
    "\x07",
    "\u2028",
    "## ",
    "> ",
    "* ",
    "1. ",
    "\n\n",
    "`code`",
    "**bold**",
    "[link](https://example.org/a(b)c)",
    "[x](mailto:desk@example.org)",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=40)),
    max_size=25,
).map("".join)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


SCRIPT_URL = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)


def assert_inert(html: str) -> None:
    assert "<script" not in html.lower()
    collector = _Collector()
    collector.feed(html)
    collector.close()
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name)
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) or (tag, name) == ("a", "rel"), (tag, name)
            # Browsers ignore whitespace and control characters inside a scheme: so must we.
            squashed = re.sub(r"[\x00-\x20\x7f-\x9f]+", "", value or "")
            assert not SCRIPT_URL.match(squashed), (tag, name, value)


def test_the_inertness_check_catches_what_it_should():
    """A guard against a property that passes everything."""
    for bad in (
        "<script>x</script>",
        '<p onclick="x">a</p>',
        '<a href="java\tscript:x">a</a>',
        '<a href="&#106;avascript:x">a</a>',
        "<img src=x>",
    ):
        with pytest.raises(AssertionError):
            assert_inert(bad)
    assert_inert('<p>onclick= is just text, &lt;script&gt; too</p><a href="https://x.org" rel="nofollow">x</a>')


@settings(max_examples=400, deadline=None)
@given(hostile_text)
def test_rendered_body_is_inert_for_any_text(text):
    assert_inert(render_body(text))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_rendered_body_is_inert_for_any_unicode(text):
    assert_inert(render_body(text))


# --- The importer -------------------------------------------------------------------------------------

# NUL bytes are refused up front (covered by `any_file`); keep them out of the slots so most
# corpus-like files get as far as the database.
line_text = st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=30)).filter(
    lambda s: "\n" not in s and "\x00" not in s
)
line = st.lists(line_text, min_size=0, max_size=4).map("".join)


@st.composite
def corpus_like_files(draw) -> bytes:
    """Files shaped like the corpus, with hostile text in every slot, so many reach the database."""
    blocks = [
        f"date {draw(st.sampled_from(['2024-07-17', '2024-13-45', 'yesterday', '']))} Home page {draw(line)}",
        draw(line),  # kicker
        draw(line),  # headline
        f"From: {draw(line)}" + draw(st.sampled_from(["", " and Jana Beispiel", ", dpa"])),
        draw(st.sampled_from(["Press Split", "", "Share"])),
        draw(line),  # teaser
        f"{draw(line)} - {draw(line)}",  # dateline and first paragraph
        draw(line),  # subheading or paragraph
        f"{draw(line)} {draw(st.sampled_from(['(Archive image) ', '']))}© {draw(line)}",  # image
        f"{draw(line)} ({draw(line)})",  # last paragraph and sign-off
    ]
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]))
    text = separator.join(blocks)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
    return text.encode(encoding, errors="replace")


any_file = st.one_of(corpus_like_files(), st.binary(max_size=300), st.text(max_size=300).map(str.encode))

MODELS = (Article, Author, Byline, Image, Placement, Section)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@settings(max_examples=300, deadline=None)
@given(any_file)
def test_parse_raises_only_its_own_error(data):
    try:
        importer.parse(importer.decode(data))
    except importer.ImportProblem as problem:
        assert str(problem).strip()
        assert problem.line is None or problem.line >= 1


@pytest.mark.django_db
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=any_file)
def test_import_file_never_raises_and_never_half_writes(tmp_path, data):
    path = tmp_path / "piece.txt"
    path.write_bytes(data)
    with transaction.atomic():  # each example starts from the same empty database
        before = row_counts()
        result = importer.import_file(path)
        after = row_counts()
        if result.status == importer.ImportResult.FAILED:
            assert result.message
            assert after == before, result.message
        else:
            assert result.status == importer.ImportResult.IMPORTED
            assert after["Article"] == before["Article"] + 1
            article = Article.objects.get(import_key=importer.import_key(data))
            assert article.status == "draft"
            assert article.bylines.count() >= 1
            assert_inert(render_body(article.body))
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=corpus_like_files())
def test_dry_run_never_writes(tmp_path, data):
    path = tmp_path / "piece.txt"
    path.write_bytes(data)
    with transaction.atomic():
        before = row_counts()
        importer.import_file(path, dry_run=True)
        assert row_counts() == before
        transaction.set_rollback(True)


# --- The JSON importer (articles/exchange/json_import.py) ------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)

VALID_EXPORT = {
    "format": "newsroom.articles",
    "format_version": 1,
    "sections": [{"name": "Politics", "slug": "politics", "position": 1}],
    "authors": [{"name": "Fabian Müller", "slug": "fabian-mueller", "sign_off": "fmu"}],
    "images": [{"number": 1, "caption": "A wall.", "creator": "Jana", "file": ""}],
    "articles": [
        {
            "headline": "A headline",
            "slug": "a-headline",
            "section": "politics",
            "status": "draft",
            "body": "Text.",
            "bylines": [{"author": "fmu", "position": 0}],
            "placements": [{"image": 1, "role": "lead", "position": 0, "caption": ""}],
            "events": [{"transition": "submit", "from_state": "draft", "to_state": "in_review"}],
        }
    ],
}


@st.composite
def mutated_exports(draw) -> dict:
    """A valid export with one entry of one list replaced, extended or broken."""
    import copy

    data = copy.deepcopy(VALID_EXPORT)
    kind = draw(st.sampled_from(["sections", "authors", "images", "articles"]))
    entry = data[kind][0]
    model = {"sections": Section, "authors": Author, "images": Image, "articles": Article}[kind]
    field_names = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    key = draw(st.sampled_from(sorted({*entry.keys(), *field_names, "unknown"})))
    entry[key] = draw(json_values)
    if draw(st.booleans()):
        data[draw(st.sampled_from(list(data.keys())))] = draw(json_values)
    return data


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated_exports())
def test_json_import_raises_only_its_own_error_and_never_half_writes(data):
    from articles.exchange.json_fields import ExchangeError
    from articles.exchange.json_import import import_data

    with transaction.atomic():
        before = row_counts()
        try:
            summary = import_data(data)
        except ExchangeError as error:
            assert str(error).strip()
            assert row_counts() == before
        else:
            assert row_counts()["Article"] == before["Article"] + summary.articles == len(data["articles"])
        transaction.set_rollback(True)
