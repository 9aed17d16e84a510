"""Security headers, the Content-Security-Policy, inline-script-free templates and sign-in throttling."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from articles import workflow
from articles.models import PublishedVersion
from tests import factories

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "articles").glob("**/templates"))]


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict_csp(response) -> None:
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"][:2] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def assert_hardening_headers(response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert_strict_csp(response)


# --- The policy on real pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_page_has_the_strict_policy(client):
    for url in (reverse("login"), reverse("admin:login")):
        response = client.get(url)
        assert response.status_code == 200
        assert_hardening_headers(response)


@pytest.mark.django_db
def test_admin_has_the_strict_policy(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_hardening_headers(response)


@pytest.mark.django_db
def test_public_pages_have_the_strict_policy(client, editor):
    article = factories.ArticleFactory(authors=[factories.AuthorFactory(slug="fmu-author")])
    workflow.submit(article, by=editor)
    workflow.publish(article, by=editor)
    live = PublishedVersion.objects.live().get(article=article)
    for url in (
        reverse("site:front"),
        reverse("site:section", kwargs={"section": live.section_slug}),
        live.get_absolute_url(),
        reverse("site:author", kwargs={"slug": "fmu-author"}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hardening_headers(response)


@pytest.mark.django_db
def test_desk_pages_have_the_strict_policy(client, editor):
    article = factories.ArticleFactory()
    client.force_login(editor)
    for url in (
        reverse("desk:dashboard"),
        reverse("desk:article-list"),
        reverse("desk:article-create"),
        reverse("desk:article-edit", kwargs={"pk": article.pk}),
        reverse("desk:article-review", kwargs={"pk": article.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hardening_headers(response)


@pytest.mark.django_db
def test_error_pages_have_the_strict_policy(client):
    response = client.get("/desk/there-is-no-such-page-here/")
    assert response.status_code in (302, 404)
    assert_strict_csp(response)


# --- Templates: nothing inline that the policy would block -----------------------------------------

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
TEMPLATE_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)


def template_files() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*") if path.suffix in {".html", ".txt"})


def inline_code_problems(text: str) -> list[str]:
    text = TEMPLATE_COMMENTS.sub("", text)
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if re.search(r"\bsrc\s*=", attributes):
            continue
        if re.search(r"""\btype\s*=\s*["']application/ld\+json["']""", attributes):
            continue
        problems.append(f"inline <script{attributes}>")
    problems += [f"event handler: {m.group(0)[-40:]!r}" for m in EVENT_HANDLER.finditer(text)]
    problems += [f"style attribute: {m.group(0)[-40:]!r}" for m in STYLE_ATTRIBUTE.finditer(text)]
    problems += ["<style> element" for _ in STYLE_ELEMENT.finditer(text)]
    problems += [f"javascript: URL: {m.group(0)!r}" for m in JAVASCRIPT_URL.finditer(text)]
    return problems


def test_the_scanner_finds_what_it_looks_for():
    """Guard against a scanner that silently passes everything."""
    assert inline_code_problems("<script>alert(1)</script>")
    assert inline_code_problems('<button class="x" onclick="go()">')
    assert inline_code_problems('<div\n  onmouseover="x()">')
    assert inline_code_problems('<p style="color:red">')
    assert inline_code_problems("<style>p{}</style>")
    assert inline_code_problems('<a href="javascript:alert(1)">')
    assert not inline_code_problems('<script src="/static/js/a.js" defer></script>')
    assert not inline_code_problems('<script type="application/ld+json">{"a": 1}</script>')
    assert not inline_code_problems('<a href="/x" class="once">online</a>')
    assert not inline_code_problems("{# no <script> here #}{% comment %}<p style='x'>{% endcomment %}")
    assert len(_InlineFinder('<p style="x" onclick="y"><script>1</script><style></style>').problems) == 4
    assert not _InlineFinder('<script type="application/json">{}</script><script src="/a.js"></script>').problems


def test_templates_have_no_inline_script_handlers_or_styles():
    files = template_files()
    assert files, "no templates found"
    found = {
        str(path.relative_to(ROOT)): problems
        for path in files
        if (problems := inline_code_problems(path.read_text(encoding="utf-8")))
    }
    assert not found, f"inline code the Content-Security-Policy would block: {found}"


# --- Sign-in throttling (django-axes) ----------------------------------------------------------------


@pytest.fixture
def staff_writer(db):
    return factories.WriterFactory(is_staff=True)


def sign_in(client, url, username, password):
    data = {"username": username, "password": password, "next": "/admin/" if "admin" in url else "/desk/"}
    return client.post(url, data, REMOTE_ADDR="203.0.113.7")


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["login", "admin:login"])
def test_five_failed_sign_ins_lock_the_account_out_even_with_the_right_password(client, staff_writer, settings, login):
    url = reverse(login)
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = sign_in(client, url, staff_writer.username, "wrong password")
        assert response.status_code == 200  # the form again, with its error
    response = sign_in(client, url, staff_writer.username, "wrong password")
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()

    response = sign_in(client, url, staff_writer.username, factories.PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "Please try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=staff_writer.username, ip_address="203.0.113.7").exists()
    assert_strict_csp(response)


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["login", "admin:login"])
def test_a_lockout_leaves_other_users_alone(client, staff_writer, login):
    url = reverse(login)
    for _ in range(5):
        sign_in(client, url, staff_writer.username, "wrong password")
    other = factories.EditorFactory(is_staff=True)
    response = sign_in(client, url, other.username, factories.PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_do_not_lock_out(client, staff_writer):
    url = reverse("admin:login")
    for _ in range(4):
        sign_in(client, url, staff_writer.username, "wrong password")
    response = sign_in(client, url, staff_writer.username, factories.PASSWORD)
    assert response.status_code == 302
    # A successful sign-in forgets the failures.
    assert not AccessAttempt.objects.filter(username=staff_writer.username).exists()


@pytest.mark.django_db
def test_lockout_page_is_translated(client, staff_writer):
    url = reverse("admin:login")
    for _ in range(5):
        sign_in(client, url, staff_writer.username, "wrong password")
    response = client.post(
        url,
        {"username": staff_writer.username, "password": "x"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 429
    assert 'lang="de"' in response.content.decode()


# --- CSRF and redirects ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_state_changing_posts_need_the_csrf_token(editor):
    from django.test import Client

    from articles.models import ReviewComment

    article = factories.ArticleFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    for url, data in (
        (reverse("desk:article-comment", kwargs={"pk": article.pk}), {"body": "forged"}),
        (reverse("desk:article-transition", kwargs={"pk": article.pk}), {"transition": "submit"}),
        (reverse("desk:article-lock", kwargs={"pk": article.pk}), {"action": "take-over"}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert not ReviewComment.objects.exists()
    assert not article.events.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_sign_in_never_redirects_off_site(client, editor, target):
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": editor.username, "password": factories.PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_editors_upload_never_redirects_off_site(client, writer, target):
    client.force_login(writer)
    response = client.post(reverse("desk:editor-image-upload"), {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript:")


# --- Rendered pages: nothing inline, whatever Python or a widget added -----------------------------------


class _InlineFinder(HTMLParser):
    """Inline script, event handlers and style attributes in a rendered page (data blocks allowed)."""

    DATA_BLOCKS = frozenset({"application/ld+json", "application/json"})

    def __init__(self, html: str) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.problems += [f"<{tag} {name}>" for name, _value in attrs if name.startswith("on") or name == "style"]
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script" and "src" not in attributes and attributes.get("type") not in self.DATA_BLOCKS:
            self.problems.append(f"inline <script {attributes}>")


@pytest.mark.django_db
def test_rendered_pages_carry_nothing_the_policy_would_block(client, superuser, editor, writer):
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    image = factories.ImageFactory()
    workflow.submit(article, by=writer)
    workflow.publish(article, by=editor)
    live = PublishedVersion.objects.live().get(article=article)
    pages = {
        None: [reverse("site:front"), live.get_absolute_url(), reverse("login"), reverse("admin:login")],
        editor: [
            reverse("desk:dashboard"),
            reverse("desk:article-list"),
            reverse("desk:calendar"),
            reverse("desk:image-list"),
            reverse("desk:image-upload"),
            reverse("desk:image-detail", kwargs={"pk": image.pk}),
            reverse("desk:author-list"),
            reverse("desk:author-create"),
            reverse("desk:article-create"),
            reverse("desk:article-review", kwargs={"pk": article.pk}),
            reverse("desk:article-edit", kwargs={"pk": article.pk}),
            reverse("desk:article-history", kwargs={"pk": article.pk}),
        ],
        superuser: [
            reverse("admin:index"),
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_change", args=[article.pk]),
            reverse("admin:articles_image_change", args=[image.pk]),
        ],
    }
    found = {}
    for user, urls in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if problems := _InlineFinder(response.content.decode()).problems:
                found[url] = sorted(set(problems))
    assert not found, found


@pytest.mark.parametrize(
    "name", ["desk:dashboard", "desk:article-list", "desk:calendar", "desk:image-list", "desk:author-list"]
)
def test_desk_pages_are_never_cached(client, editor, name):
    client.force_login(editor)
    response = client.get(reverse(name))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache"} <= cache_control
