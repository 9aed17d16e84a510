"""check_articles --stats: findings per check and how often editors dismissed them; a noisy rule shows."""

import contextlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.review.checks import dismiss
from tests import factories

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    # Blocking findings would make the exit status 1; the output is what counts here.
    with contextlib.suppress(CommandError):
        call_command("check_articles", *args, stdout=out)
    return out.getvalue()


def test_stats_count_findings_and_dismissals_and_mark_a_noisy_rule(editor):
    pieces = [factories.ArticleFactory(body=f"We recieve letter number {n}. Their was no vote.") for n in range(6)]
    for article in pieces[:4]:
        dismiss(article, by=editor, code="spelling", target="recieve", reason="Quoted from a letter.")

    out = run("--stats")

    spelling = next(line for line in out.splitlines() if line.startswith("spelling "))
    assert "6 findings in 6 piece(s), 4 dismissed (67%)" in spelling
    assert "noisy" in spelling
    confused = next(line for line in out.splitlines() if line.startswith("confused-words "))
    assert "6 findings in 6 piece(s), 0 dismissed (0%)" in confused
    assert "noisy" not in confused
    # The listing itself still leaves dismissed warnings out.
    assert out.count("“recieve” is not in the dictionary") == 2


def test_stats_in_json(editor):
    article = factories.ArticleFactory(body="We recieve letters.")
    dismiss(article, by=editor, code="spelling", target="recieve", reason="Quoted from a letter.")

    document = json.loads(run("--stats", "--format", "json"))

    row = next(row for row in document["stats"] if row["code"] == "spelling")
    assert (row["findings"], row["dismissed"], row["dismissed_share"]) == (1, 1, 1.0)
    assert all(finding["code"] != "spelling" for finding in document["articles"][0]["findings"])


def test_help_has_the_stats_option(capsys):
    with pytest.raises(SystemExit):
        call_command("check_articles", "--help")
    assert "--stats" in capsys.readouterr().out


def test_stats_show_each_checks_confidence():
    factories.ArticleFactory(body="He is one of the best player in the league. We recieve letters.")

    out = run("--stats")

    agreement = next(line for line in out.splitlines() if line.startswith("agreement "))
    assert "1 findings in 1 piece(s)" in agreement and "low confidence" in agreement
    spelling = next(line for line in out.splitlines() if line.startswith("spelling "))
    assert "medium confidence" in spelling
    document = json.loads(run("--stats", "--format", "json"))
    assert next(row for row in document["stats"] if row["code"] == "agreement")["confidence"] == "low"
    findings = document["articles"][0]["findings"]
    assert {finding["code"]: finding["confidence"] for finding in findings}["agreement"] == "low"
