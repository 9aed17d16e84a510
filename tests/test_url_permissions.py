"""Every URL of the desk and the admin's article app, as anonymous, writer and editor, for GET and POST.

The desk's URL patterns are enumerated from the resolver, so a new page cannot
slip in untested: a pattern missing from `DESK` below fails the test. Refused
POSTs are checked to change nothing in the database.

- anonymous: sent to the sign-in page (desk) or the admin's sign-in (admin);
- a writer: 404 for another writer's piece (its existence must not leak), 403 for
  editor-only pages and for the history of a piece they may not edit;
- an editor: every page answers.
Nobody ever gets a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles import workflow
from articles.desk import guest_previews
from articles.models import Article, CheckDismissal, PieceTemplate, PreviewLink, ReviewComment, Revision
from tests import factories

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    target: str | None  # "article", "image", "author", "assignment", "template" or None: what <pk> names
    post_only: bool = False
    get_only: bool = False
    editor_only: bool = False  # a writer gets 403
    writer_may_post: bool = True  # False: a writer's POST on their own piece is refused (403)
    serves_file: bool = False  # a picture file: 404 for the table's image without one (tests/media/test_gate.py)


# What each desk page is. A new URL name must be added here (the test says so).
DESK = {
    "dashboard": Page(None),
    "article-list": Page(None),
    "calendar": Page(None),
    "notices": Page(None),  # the user's own notices: nobody else's can be reached
    "image-list": Page(None),
    "image-upload": Page(None),
    "image-metadata": Page(None, post_only=True),
    "image-detail": Page("image"),
    "image-focal-point": Page("image", post_only=True),
    "image-apply": Page("image", editor_only=True),  # applying a picture's correction to live pieces
    "image-original": Page("image", get_only=True, serves_file=True),
    "image-rendition": Page("image", get_only=True, serves_file=True),
    "author-list": Page(None, editor_only=True),
    "author-create": Page(None, editor_only=True),
    "author-edit": Page("author", editor_only=True),
    "article-create": Page(None),
    "article-edit": Page("article"),
    "article-review": Page("article", get_only=True),
    "article-transition": Page("article", post_only=True),
    "article-comment": Page("article", post_only=True),
    "comment-resolve": Page("article", post_only=True),
    "comment-thread": Page("article", get_only=True),  # the editor's polling for new comments
    "article-suggest": Page("article", editor_only=True),  # Suggest mode: whoever may review (editors)
    "article-suggestions": Page("article"),  # the list; accepting and rejecting: whoever may edit the piece
    "article-history": Page("article", get_only=True),
    "article-diff": Page("article", get_only=True),
    "article-restore": Page("article", post_only=True),
    "article-lock": Page("article", post_only=True),
    "article-autosave": Page("article", post_only=True),
    "article-autosave-discard": Page("article", post_only=True),
    "article-preview": Page("article", post_only=True),
    "article-preview-new": Page(None, post_only=True),
    "finding-dismiss": Page("article", post_only=True, editor_only=True),
    "finding-apply": Page("article", post_only=True),
    "dictionary-add": Page("article", post_only=True, editor_only=True),
    "editor-image-metadata": Page(None, post_only=True),
    "editor-image-upload": Page(None, post_only=True),
    "picture-search": Page(None, get_only=True),
    "profile": Page(None),  # the user's own settings: nobody else's can be reached
    "editor-picture-details": Page("image", post_only=True),
    "preview-link-create": Page("article", post_only=True, editor_only=True),
    "preview-link-revoke": Page("article", post_only=True, editor_only=True),
    "planning-budget": Page(None),
    "planning-reorder": Page(None, post_only=True, editor_only=True),
    "assignment-create": Page(None, editor_only=True),
    "assignment-edit": Page("assignment", editor_only=True),
    "assignment-drop": Page("assignment", post_only=True, editor_only=True),
    "assignment-start": Page("assignment", post_only=True),  # its writers and editors
    "board": Page(None),
    "board-move": Page("article", post_only=True),  # the workflow service decides each move
    "template-list": Page(None, editor_only=True),  # writers start from templates under "New article"
    "template-create": Page(None, editor_only=True),
    "template-edit": Page("template", editor_only=True),
    "template-delete": Page("template", post_only=True, editor_only=True),
    "figures": Page(None, editor_only=True, get_only=True),
}

# What a POST would carry if the user were allowed: a refusal must come from the permission check,
# not from a missing field. (Form details beyond this are the editing tests' business.)
POST_DATA = {
    "article-transition": {"transition": "publish", "publish-comment": "go"},
    "article-comment": {"body": "A comment that must not be stored."},
    "article-restore": {"number": "1", "base_version": "1"},
    "article-lock": {"action": "take-over"},
    "finding-dismiss": {"code": "style-spelling", "target": "Kiev", "reason": "Must not be stored."},
    "finding-apply": {"code": "spelling", "target": "recieve", "version": "1", "every": "on"},
    "dictionary-add": {"word": "zorbing"},
    "article-edit": {"headline": "Overwritten headline", "base_version": "1", "body": "Overwritten."},
    "article-create": {"headline": "Created headline"},
    "author-create": {"name": "Created author", "slug": "created-author", "sign_off": "cra"},
    "author-edit": {"name": "Overwritten author", "slug": "overwritten", "sign_off": "ovw"},
    "image-detail": {"alt_text": "Overwritten alt text", "caption": "Overwritten caption"},
    "image-focal-point": {"x": "10", "y": "90"},
    "profile": {"language": "de"},
    "preview-link-create": {"label": "must not be made", "hours": "2"},
    "assignment-create": {"headline": "Must not be planned", "deadline": "2030-01-01T10:00"},
    "assignment-edit": {"headline": "Overwritten plan", "deadline": "2030-01-01T10:00"},
    "board-move": {"transition": "publish"},
    "article-suggest": {"headline": "Suggested headline", "base_version": "1"},
    "article-suggestions": {"action": "reject_all"},
    "planning-reorder": {"date": "2030-01-01", "order": "1,2,3"},
    "template-create": {"name": "Must not be made", "position": "0"},
    "template-edit": {"name": "Overwritten template", "position": "0"},
}


def desk_patterns() -> list[tuple[str, str]]:
    """(name, route) of every pattern in the desk namespace, includes followed."""
    _prefix, resolver = get_resolver().namespace_dict["desk"]
    found: list[tuple[str, str]] = []

    def walk(patterns, route: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((pattern.name, route + str(pattern.pattern)))

    walk(resolver.url_patterns, "")
    return found


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model of the app (history included), and the user accounts."""
    state = {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_app_config("articles").get_models()
    }
    # last_login moves when a test signs someone in; it is not something a refused request could change.
    state["auth.User"] = [
        {key: value for key, value in row.items() if key != "last_login"}
        for row in apps.get_model("auth", "User").objects.order_by("pk").values()
    ]
    return state


@pytest.fixture
def newsroom(writer, other_writer, editor):
    """Pieces of both writers in the states that matter, an image, an author, a revision pair."""
    own_draft = factories.ArticleFactory(authors=[writer.author], created_by=writer, kicker="Own")
    own_in_review = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    workflow.submit(own_in_review, by=writer)
    others = factories.ArticleFactory(authors=[other_writer.author], created_by=other_writer, headline="Secret plan")
    published = factories.ArticleFactory(authors=[other_writer.author], created_by=other_writer)
    workflow.submit(published, by=editor)
    workflow.publish(published, by=editor)
    own_draft = Article.objects.get(pk=own_draft.pk)
    workflow.save_article(own_draft, by=writer, base_version=own_draft.version, fields={"kicker": "Own, edited"})
    ReviewComment.objects.create(article=others, author=editor, body="Keep it quiet.")
    for piece in (own_draft, own_in_review, others, published):  # a guest's preview link on each
        guest_previews.make(piece, by=editor, label="legal desk", hours=48, allow_comments=True)
    return {
        "own_draft": Article.objects.get(pk=own_draft.pk),
        "own_in_review": own_in_review,
        "others": others,
        "published": published,
        "image": factories.ImageFactory(uploaded_by=other_writer),
        "author": factories.AuthorFactory(),
        "assignment": factories.AssignmentFactory(assignees=[writer]),
        "template": PieceTemplate.objects.create(name="Obituary", body="## Life"),
    }


def url_for(name: str, route: str, obj) -> str:
    kwargs = {"pk": obj.pk} if "<int:pk>" in route else {}
    if "<str:key>" in route:
        kwargs |= {"key": "0123456789ab", "filename": "lead-320x180.jpg"}
    if "<int:link_pk>" in route:  # the piece's preview link (the newsroom fixture makes one per piece)
        kwargs["link_pk"] = PreviewLink.objects.filter(article_id=obj.pk).values_list("pk", flat=True).first() or 0
    url = reverse(f"desk:{name}", kwargs=kwargs)
    if name == "article-diff" and obj is not None:
        revisions = list(Revision.objects.filter(article_id=obj.pk).order_by("number").values_list("number", flat=True))
        # A piece never saved in the editor shows its working copy as its only revision.
        revisions = revisions or [Article.objects.get(pk=obj.pk).version]
        if revisions:
            url += f"?old={revisions[0]}&new={revisions[-1]}"
    return url


def target(page: Page, objects: dict, article_key: str):
    return {
        "article": objects.get(article_key),
        "image": objects["image"],
        "author": objects["author"],
        "assignment": objects["assignment"],
        "template": objects["template"],
        None: None,
    }[page.target]


def test_every_desk_url_is_in_the_table():
    names = {name for name, _route in desk_patterns()}
    assert names, "no desk URLs found"
    missing = names - DESK.keys()
    assert not missing, f"new desk URLs without permission expectations: {sorted(missing)}"
    assert not DESK.keys() - names, f"stale entries: {sorted(DESK.keys() - names)}"


# --- anonymous ----------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_everywhere_and_changes_nothing(client, newsroom):
    login = reverse(settings.LOGIN_URL)
    before = snapshot()
    for name, route in desk_patterns():
        page = DESK[name]
        url = url_for(name, route, target(page, newsroom, "others"))
        for method in ("get", "post"):
            response = getattr(client, method)(url, POST_DATA.get(name, {}) if method == "post" else None)
            assert response.status_code == 302, (method, url, response.status_code)
            location = urlsplit(response["Location"])
            assert location.path == login, (method, url, response["Location"])
            assert "next=" in location.query
    assert snapshot() == before


# --- writers --------------------------------------------------------------------------------------------


def test_writer_cannot_reach_another_writers_piece(client, writer, newsroom):
    """404, not 403: whether the piece exists is nobody else's business."""
    client.force_login(writer)
    before = snapshot()
    for name, route in desk_patterns():
        page = DESK[name]
        if page.target != "article":
            continue
        for key in ("others", "published"):
            url = url_for(name, route, newsroom[key])
            if not page.post_only:
                response = client.get(url)
                assert response.status_code == 404, ("GET", url, response.status_code)
                assert "Secret plan" not in response.content.decode()
            else:
                assert client.get(url).status_code == 405, url
            response = client.post(url, POST_DATA.get(name, {}))
            expected = 405 if page.get_only else 404
            assert response.status_code == expected, ("POST", url, response.status_code)
    assert snapshot() == before


def test_writer_is_refused_editor_only_pages(client, writer, newsroom):
    client.force_login(writer)
    before = snapshot()
    for name, route in desk_patterns():
        page = DESK[name]
        if not page.editor_only:
            continue
        url = url_for(name, route, target(page, newsroom, "own_draft"))
        if not page.post_only:
            assert client.get(url).status_code == 403, ("GET", url)
        assert client.post(url, POST_DATA.get(name, {})).status_code == 403, ("POST", url)
    assert snapshot() == before


def test_writer_proposes_changes_to_own_piece_in_review_but_cannot_approve_it(client, writer, newsroom):
    """Once submitted, approving is the editors'; the writer may still propose a change (a newer revision).

    Its history stays readable to its writer: `workflow.can_view_history` grants
    it to whoever may edit the piece in general (its writers, in any state).
    """
    client.force_login(writer)
    piece = newsroom["own_in_review"]
    assert client.get(url_for("article-edit", "<int:pk>", piece)).status_code == 200
    for name in ("article-history", "article-diff"):
        assert client.get(url_for(name, "<int:pk>", piece)).status_code == 200
    before = snapshot()
    # An editor-only transition through the writer's desk: refused, nothing changes.
    response = client.post(url_for("article-transition", "<int:pk>", piece), POST_DATA["article-transition"])
    assert response.status_code == 302
    assert Article.objects.get(pk=piece.pk).status == "in_review"
    assert snapshot() == before


def test_writer_pages_answer_for_own_draft(client, writer, newsroom):
    client.force_login(writer)
    for name, route in desk_patterns():
        page = DESK[name]
        if page.editor_only or page.post_only:
            continue
        url = url_for(name, route, target(page, newsroom, "own_draft"))
        response = client.get(url)
        assert response.status_code == (404 if page.serves_file else 200), (url, response.status_code)


# --- editors --------------------------------------------------------------------------------------------


def test_editor_reaches_every_desk_page(client, editor, newsroom):
    client.force_login(editor)
    for key in ("others", "published", "own_in_review"):
        for name, route in desk_patterns():
            page = DESK[name]
            url = url_for(name, route, target(page, newsroom, key))
            response = client.get(url)
            expected = 405 if page.post_only else 404 if page.serves_file else 200
            assert response.status_code == expected, (url, response.status_code)


def test_editor_posts_are_not_refused(client, editor, newsroom):
    """The same POSTs that were refused to others are accepted from an editor (none is a 403/404/500)."""
    client.force_login(editor)
    for name, route in desk_patterns():
        if name in {"image-metadata", "editor-image-metadata", "editor-image-upload", "image-upload"}:
            continue  # need a file: tests/media/test_images.py covers them
        page = DESK[name]
        if page.get_only:
            continue
        url = url_for(name, route, target(page, newsroom, "others"))
        response = client.post(url, POST_DATA.get(name, {}))
        assert response.status_code not in (403, 404, 405, 500), (url, response.status_code)
    assert ReviewComment.objects.filter(body=POST_DATA["article-comment"]["body"]).exists()


def test_a_writers_dismissal_is_not_stored(client, writer, newsroom):
    piece = newsroom["own_draft"]
    url = reverse("desk:finding-dismiss", kwargs={"pk": piece.pk})
    client.force_login(writer)
    assert client.post(url, POST_DATA["finding-dismiss"]).status_code == 403
    assert not CheckDismissal.objects.exists()


# --- the admin -------------------------------------------------------------------------------------------


def admin_article_urls(objects: dict) -> list[str]:
    """Every admin URL of the articles app, with a real object where one is named."""
    _prefix, resolver = get_resolver().namespace_dict["admin"]
    by_model = {
        "article": objects["others"],
        "image": objects["image"],
        "author": objects["author"],
        "section": objects["others"].section,
    }
    urls = []
    for pattern in resolver.url_patterns:
        if not isinstance(pattern, URLResolver):
            continue
        for inner in pattern.url_patterns:
            if not isinstance(inner, URLPattern) or not (inner.name or "").startswith("articles_"):
                continue
            model_name = inner.name.split("_")[1]
            kwargs = {}
            route = str(inner.pattern)
            if "<path:object_id>" in route:
                obj = by_model.get(model_name)
                kwargs["object_id"] = obj.pk if obj else 999999
            if "<str:version_id>" in route or "<int:version_id>" in route:
                continue  # a single historical record: covered by the history list
            if "<" in route.replace("<path:object_id>", ""):
                continue
            urls.append(reverse(f"admin:{inner.name}", kwargs=kwargs))
    return urls


def test_admin_is_closed_to_anonymous_and_non_staff(client, writer, newsroom):
    urls = admin_article_urls(newsroom)
    assert any("/article/" in url for url in urls)
    login = reverse("admin:login")
    before = snapshot()
    for who in (None, writer):
        if who:
            client.force_login(who)
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"headline": "Overwritten"} if method == "post" else None)
                assert response.status_code == 302, (who, method, url, response.status_code)
                assert urlsplit(response["Location"]).path == login
    assert snapshot() == before


def test_staff_writer_cannot_change_or_delete_another_writers_piece_in_the_admin(client, newsroom):
    writer = factories.WriterFactory(is_staff=True)
    client.force_login(writer)
    others = newsroom["others"]
    before = snapshot()
    change = reverse("admin:articles_article_change", args=[others.pk])
    delete = reverse("admin:articles_article_delete", args=[others.pk])
    response = client.get(change)
    assert response.status_code in (302, 403, 404)
    assert "Secret plan" not in response.content.decode()
    assert client.post(change, {"headline": "Overwritten", "body": "x"}).status_code in (302, 403, 404)
    assert client.post(delete, {"post": "yes"}).status_code in (302, 403, 404)
    history = reverse("admin:articles_article_history", args=[others.pk])
    assert "Secret plan" not in client.get(history).content.decode()
    assert snapshot() == before


def test_staff_editor_admin_pages_answer(client, newsroom):
    editor = factories.EditorFactory(is_staff=True)
    client.force_login(editor)
    for url in admin_article_urls(newsroom):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
    assert client.get(reverse("admin:articles_article_change", args=[newsroom["others"].pk])).status_code == 200


def test_admin_article_urls_are_enumerated(newsroom):
    urls = admin_article_urls(newsroom)
    for needed in ("articles/article/", "articles/article/add/", f"articles/article/{newsroom['others'].pk}/change/"):
        assert any(url.endswith(needed) for url in urls), needed


def test_admin_actions_and_deletes_refused_to_those_without_the_permission(client, writer, newsroom):
    from django.contrib.admin import helpers

    staff_writer = writer
    staff_writer.is_staff = True
    staff_writer.save(update_fields=["is_staff"])
    changelist = reverse("admin:articles_article_changelist")
    for who, pieces in (
        (staff_writer, [newsroom["own_in_review"], newsroom["others"]]),
        (factories.EditorFactory(is_staff=True), []),
    ):
        client.force_login(who)
        before = snapshot()
        for action in ("transition_publish", "transition_withdraw", "transition_request_changes", "delete_selected"):
            for piece in pieces:
                response = client.post(
                    changelist,
                    {"action": action, helpers.ACTION_CHECKBOX_NAME: [piece.pk], "post": "yes", "index": 0},
                )
                assert response.status_code in (200, 302, 403), (who, action, response.status_code)
        delete = reverse("admin:articles_article_delete", args=[newsroom["published"].pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert snapshot() == before
