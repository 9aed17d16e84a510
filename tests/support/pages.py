"""One newsroom with every kind of page filled in, for the checks that walk all page types.

Used by the raw-HTML validity test (Nu HTML Checker) and the axe test in Chromium: both
must see the same pages, each with the parts that once broke them (time elements,
inlines, comments, events, history, corrections, a withdrawn piece, pending edits).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles import workflow
from articles.models import Article, PartnerToken, PieceTemplate, Placement, ReviewComment, Revision
from articles.workflow import suggestions
from tests import factories
from tests.support.pictures import image_with_file


@dataclass(frozen=True)
class PageType:
    name: str
    url: str
    who: str  # "reader", "editor" or "admin"
    status: int = 200


def build_newsroom() -> tuple[list[PageType], dict[str, object]]:
    """Create the content and return every page type with who opens it, plus the users."""
    editor = factories.EditorFactory(username="page-editor")
    admin = get_user_model().objects.create_superuser("page-admin", "admin@newsroom.test", factories.PASSWORD)
    politics = factories.SectionFactory(name="Politics", slug="politics")
    author = factories.AuthorFactory(name="Fabian Müller", slug="fabian-mueller", sign_off="fmu")
    image = image_with_file(caption="Pipes on the quay.", creator="Jana Beispiel", agencies="AP/dpa")
    inline = image_with_file(caption="The council chamber.", creator="Jana Beispiel", agencies="dpa")

    live = factories.ArticleFactory(section=politics, slug="pipeline", authors=[author], kicker="Energy")
    Placement.objects.create(article=live, image=image, role=Placement.Role.LEAD, caption="Kyiv in spring.")
    Placement.objects.create(article=live, image=inline, role=Placement.Role.INLINE, position=1)
    workflow.publish(workflow.submit(live, by=editor), by=editor)
    workflow.save_article(
        Article.objects.get(pk=live.pk),
        by=editor,
        base_version=Article.objects.get(pk=live.pk).version,
        fields={"headline": "Ministers delay the pipeline decision"},
    )
    workflow.correct(Article.objects.get(pk=live.pk), by=editor, correction_note="The length was wrong.")
    ReviewComment.objects.create(article=live, author=editor, body="Check the second quote.")

    gone = factories.ArticleFactory(section=politics, slug="withdrawn-piece")
    workflow.publish(workflow.submit(gone, by=editor), by=editor)
    workflow.withdraw(Article.objects.get(pk=gone.pk), by=editor, comment="Legal.")

    review = factories.ArticleFactory(
        section=politics, slug="in-review", embargoed_until=timezone.now() + datetime.timedelta(days=1)
    )
    workflow.submit(review, by=editor)
    # Suggestions on it: the editor's list, the review page's list and its "go ahead" question.
    review = Article.objects.get(pk=review.pk)
    body = review.body.replace("midnight", "one o'clock").replace("Both groups", "The groups")
    suggestions.propose(review, by=editor, base_version=review.version, fields={"headline": "Agreed", "body": body})

    # Scheduled, then edited: the pending notice and "Changes to the scheduled revision".
    later = factories.ArticleFactory(section=politics, slug="scheduled-piece", authors=[author])
    workflow.schedule(
        workflow.submit(later, by=editor), by=editor, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    workflow.save_article(
        Article.objects.get(pk=later.pk),
        by=editor,
        base_version=Article.objects.get(pk=later.pk).version,
        fields={"headline": "Ministers delay the decision again"},
    )

    template = PieceTemplate.objects.create(
        name="Match report", section=politics, body="The result.\n\n## The game", checks=["time-format"]
    )

    token = PartnerToken(partner="Wire app")
    token.issue_key()
    token.save()

    numbers = Revision.objects.filter(article=live).order_by("number").values_list("number", flat=True)
    old, new = numbers.first(), numbers.last()
    pages = [
        PageType("front", "/", "reader"),
        PageType("section", "/politics/", "reader"),
        PageType("article", "/politics/pipeline/", "reader"),
        PageType("author", "/authors/fabian-mueller/", "reader"),
        PageType("not found", "/politics/never-was/", "reader", 404),
        PageType("withdrawn", "/politics/withdrawn-piece/", "reader", 410),
        PageType("sign-in", "/accounts/login/", "reader"),
        PageType("dashboard", "/desk/", "editor"),
        PageType("article list", "/desk/articles/", "editor"),
        PageType("calendar", "/desk/calendar/", "editor"),
        PageType("new article", "/desk/articles/new/", "editor"),
        PageType("edit", f"/desk/articles/{live.pk}/edit/", "editor"),
        PageType("review", f"/desk/articles/{live.pk}/", "editor"),
        PageType("review in review", f"/desk/articles/{review.pk}/", "editor"),
        PageType("edit with suggestions", f"/desk/articles/{review.pk}/edit/", "editor"),
        PageType("suggest", f"/desk/articles/{review.pk}/suggest/", "editor"),
        PageType("suggestions", f"/desk/articles/{review.pk}/suggestions/", "editor"),
        PageType("review scheduled, edited since", f"/desk/articles/{later.pk}/", "editor"),
        PageType("history", f"/desk/articles/{live.pk}/history/", "editor"),
        PageType("diff", f"/desk/articles/{live.pk}/diff/?old={old}&new={new}", "editor"),
        PageType("image library", "/desk/images/", "editor"),
        PageType("image upload", "/desk/images/upload/", "editor"),
        PageType("image detail", f"/desk/images/{image.pk}/", "editor"),
        PageType("authors", "/desk/authors/", "editor"),
        PageType("author form", f"/desk/authors/{author.pk}/", "editor"),
        PageType("password change", "/accounts/password_change/", "editor"),
        PageType("admin index", "/admin/", "admin"),
        PageType("admin articles", "/admin/articles/article/", "admin"),
        PageType("admin article", f"/admin/articles/article/{live.pk}/change/", "admin"),
        PageType("admin new article", "/admin/articles/article/add/", "admin"),
        PageType("admin image", f"/admin/articles/image/{image.pk}/change/", "admin"),
        PageType("admin images", "/admin/articles/image/", "admin"),
        PageType("admin partner token", f"/admin/articles/partnertoken/{token.pk}/change/", "admin"),
        PageType("admin published versions", "/admin/articles/publishedversion/", "admin"),
        PageType("figures", "/desk/figures/", "editor"),
        PageType("piece templates", "/desk/templates/", "editor"),
        PageType("piece template form", f"/desk/templates/{template.pk}/", "editor"),
        PageType("new article from a template", f"/desk/articles/new/?template={template.pk}", "editor"),
        PageType("plan from a template", f"/desk/planning/new/?template={template.pk}", "editor"),
        PageType("admin piece template", f"/admin/articles/piecetemplate/{template.pk}/change/", "admin"),
    ]
    return pages, {"editor": editor, "admin": admin}
