"""`check_articles`: findings for many pieces, text or JSON, exit status from blocking findings."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow
from tests import factories


def run(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("check_articles", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


@pytest.mark.django_db
def test_clean_pieces_pass_and_warnings_alone_do_not_fail():
    factories.ArticleFactory()
    factories.ArticleFactory(body="The council met in the the town hall.")
    out, error = run()
    assert error is None
    assert "the the" in out and "warning" in out
    assert "2 checked, 0 with blocking findings." in out


@pytest.mark.django_db
def test_blocking_findings_make_the_command_fail():
    article = factories.ArticleFactory(headline="")
    factories.ArticleFactory()
    out, error = run()
    assert error is not None and error.returncode == 1
    assert "1 piece has blocking findings" in str(error)
    assert f"#{article.pk}" in out and "Headline is missing." in out


@pytest.mark.django_db
def test_state_filter(editor):
    draft = factories.ArticleFactory(headline="")
    in_review = factories.ArticleFactory(body="He flew to Kiev.")
    workflow.submit(in_review, by=editor)

    out, error = run("--state", "in_review")
    assert error is None
    assert f"#{in_review.pk}" in out and f"#{draft.pk}" not in out

    _out, error = run("--state", "draft")
    assert error is not None


@pytest.mark.django_db
def test_json_output_carries_every_finding_with_its_span():
    article = factories.ArticleFactory(headline="", body="Talks in Kiev.")
    clean = factories.ArticleFactory()
    out, error = run("--format", "json")
    assert error is not None
    data = json.loads(out)
    assert (data["checked"], data["blocked"]) == (2, 1)
    by_id = {entry["id"]: entry for entry in data["articles"]}
    assert by_id[clean.pk]["findings"] == []
    findings = by_id[article.pk]["findings"]
    assert [(f["code"], f["severity"], f["field"]) for f in findings] == [
        ("required", "blocking", "headline"),
        ("style-spelling", "warning", "body"),
    ]
    spelling = findings[1]
    assert (spelling["start"], spelling["end"], spelling["text"], spelling["target"]) == (9, 13, "Kiev", "Kiev")


@pytest.mark.django_db
def test_dismissed_warnings_are_left_out_unless_asked_for(editor):
    from articles.review.checks import dismiss

    article = factories.ArticleFactory(body="Talks in Kiev.")
    dismiss(article, by=editor, code="style-spelling", target="Kiev", reason="A quotation from 2014.")
    out, _error = run("--verbosity", "2")
    assert "Kiev" not in out and "no findings" in out
    out, _error = run("--include-dismissed")
    assert "dismissed" in out and "Kiev" in out


@pytest.mark.django_db
def test_verbosity_zero_prints_nothing_but_keeps_the_exit_status():
    factories.ArticleFactory(headline="")
    out, error = run("--verbosity", "0")
    assert out == "" and error is not None


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_pieces():
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            run()
        return len(context.captured_queries)

    article = factories.ArticleFactory(body="Talks in Kiev.")
    factories.PlacementFactory(article=article)
    one = queries()
    for _ in range(5):
        article = factories.ArticleFactory(body="Talks in Kiev.")
        factories.PlacementFactory(article=article)
    assert queries() == one


@pytest.mark.django_db
def test_the_corpus_article_fails_the_check(corpus_article):
    call_command("import_article", str(corpus_article), verbosity=0)
    out, error = run()
    assert error is not None
    assert "Crimea The" in out and "NATO On" in out


def test_the_exit_status_is_non_zero_from_the_shell(tmp_path):
    """The real command line: a blocking finding gives exit status 1, a clean database 0."""
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"}
    python = sys.executable
    subprocess.run([python, manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    clean = subprocess.run([python, manage, "check_articles"], env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    code = "from articles.models import Article; Article.objects.create(body='x', teaser='y')"
    subprocess.run([python, manage, "shell", "-c", code], env=env, check=True)
    blocked = subprocess.run([python, manage, "check_articles"], env=env, capture_output=True, text=True)
    assert blocked.returncode == 1
    assert "blocking findings" in blocked.stderr
