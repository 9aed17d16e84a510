# News copy uses en dashes (datelines) on purpose.
# ruff: noqa: RUF001
"""The importer loses nothing silently: what it leaves out is listed by line; a line that could be content stays."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.review.checks import run_checks

pytestmark = pytest.mark.django_db

RECIPE = """date 2026-03-02 Home page food

Bake the perfect harbour loaf

From: Jana Beispiel

Press Split

1/2

Hamburg – Mix the flour and the water. Leave it overnight.

Kick-off (20:45)

Bake it for forty minutes. (jbe)
"""


def import_text(tmp_path, text: str) -> str:
    path = tmp_path / "recipe.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_article", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_fraction_or_a_timed_subheading_is_kept_and_flagged(tmp_path):
    out = import_text(tmp_path, RECIPE)
    article = Article.objects.get()
    assert article.teaser == "1/2"  # the teaser line, kept where it was
    assert "\n\nKick-off (20:45)\n\n" in article.body
    assert "line 9: kept “1/2”" in out and "could be content" in out
    assert "line 13: kept “Kick-off (20:45)”" in out
    # The review marks it for an editor to decide.
    flagged = {finding.text for finding in run_checks(article) if finding.code == "web-debris"}
    assert "1/2" in flagged


def test_what_is_left_out_is_listed_with_its_line_at_the_default_verbosity(tmp_path):
    out = import_text(tmp_path, RECIPE)
    assert "left out: line 7: dropped web debris “Press Split”" in out
    assert "Press Split" not in Article.objects.get().body
