"""The admin's article list fits a 1280-px screen: no sideways scrolling, whatever the headlines."""

import pytest

from articles import workflow
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG = "Council agrees on the harbour budget after a night of talks that nobody expected to end before the morning"

OVERFLOW = """() => {
  const page = document.documentElement;
  const results = document.querySelector('#changelist .results');
  return {
    page: page.scrollWidth - page.clientWidth,
    results: results ? results.scrollWidth - results.clientWidth : null,
  };
}"""


def test_article_list_does_not_overflow_at_1280(page, live_server, editor):
    admin = factories.UserFactory(username="chief", is_staff=True, is_superuser=True)
    admin.set_password("correct-horse-battery")
    admin.save()
    for n in range(3):
        author = factories.AuthorFactory(name=f"Fabian Müller-Lüdenscheidt {n}")
        piece = factories.ArticleFactory(headline=f"{LONG} {n}", authors=[author, factories.AuthorFactory()])
        workflow.submit(piece, by=editor)
        workflow.publish(piece, by=editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/login/?next=/admin/articles/article/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/articles/article/")
    overflow = page.evaluate(OVERFLOW)
    assert overflow["results"] is not None
    assert overflow == {"page": 0, "results": 0}, overflow
