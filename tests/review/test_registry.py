"""The registry and runner: severities from the admin, style rules from the database, queries, codes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import CheckSetting, StyleRule
from articles.review import checks
from articles.review.checks import blocking_findings, run_checks
from tests import factories

# --- severities from the admin ----------------------------------------------------------------


@pytest.mark.django_db
def test_check_settings_override_the_default_severity():
    article = factories.ArticleFactory(headline="", body="The council met in the the town hall.")
    CheckSetting.objects.create(code="required", severity="warning")
    CheckSetting.objects.create(code="repeated-word", severity="blocking")
    by_code = {finding.code: finding.severity for finding in run_checks(article)}
    assert by_code == {"required": "warning", "repeated-word": "blocking"}
    assert [finding.code for finding in blocking_findings(article)] == ["repeated-word"]

    CheckSetting.objects.filter(code="repeated-word").update(severity="off")
    assert [finding.code for finding in run_checks(article)] == ["required"]


@pytest.mark.django_db
def test_style_rules_are_read_from_the_database_and_inactive_ones_ignored():
    article = factories.ArticleFactory(body="He flew from Odessa to Kiev.")
    StyleRule.objects.filter(wrong="Odessa").update(is_active=False)
    assert [finding.text for finding in run_checks(article) if finding.code == "style-spelling"] == ["Kiev"]


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_rules_images_and_findings():
    def queries_for(article) -> int:
        with CaptureQueriesContext(connection) as context:
            run_checks(article)
        return len(context.captured_queries)

    small = factories.ArticleFactory(body="He flew to Kiev.")
    factories.PlacementFactory(article=small)
    big = factories.ArticleFactory(body="Kiev and Kyiv. " * 50 + "the the. Crimea The missiles.")
    for position in range(5):
        factories.PlacementFactory(article=big, role="inline", position=position, image__alt_text="")
    StyleRule.objects.bulk_create(StyleRule(wrong=f"Wrong{n}", right=f"Right{n}") for n in range(30))
    assert queries_for(big) == queries_for(small)


def test_every_check_has_a_unique_code_and_a_label():
    codes = [code for code, _label in checks.check_choices()]
    assert len(codes) == len(set(codes))
    assert all(str(label) for _code, label in checks.check_choices())
