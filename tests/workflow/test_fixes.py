"""Applying a finding's correction: conflict-safe, recorded, only where the text still is what was found."""

import pytest

from articles import workflow
from articles.models import Article
from articles.workflow.fixes import NothingToApply, apply_fixes, corrections
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "We recieve letters daily. Their was no vote.\n\nThey recieve more now. The the end came."


def test_one_correction_is_applied_everywhere_its_finding_points_and_recorded(editor):
    article = factories.ArticleFactory(body=BODY)
    version = article.version

    applied = apply_fixes(article, by=editor, base_version=version, code="spelling", target="recieve")

    article = Article.objects.get(pk=article.pk)
    assert applied.count == 2
    assert article.body == BODY.replace("recieve", "receive")
    assert article.version == version + 1
    record = article.history.latest()
    assert record.history_user == editor
    # Stored as a code, worded for whoever reads the history (see Revision.note_text).
    assert record.history_change_reason == "fixes_applied: spelling"
    revision = article.revisions.get(number=article.version)
    assert (revision.note_key, revision.note_params) == ("fixes_applied", {"count": 2, "checks": "spelling"})


def test_apply_all_of_one_kind_leaves_other_kinds_alone(editor):
    article = factories.ArticleFactory(body="Their was a loose of confidence. Siemens Siemens said so.")
    assert len(corrections(article, code="confused-words", every=True)) == 2

    apply_fixes(article, by=editor, base_version=article.version, code="confused-words", every=True)

    article = Article.objects.get(pk=article.pk)
    assert article.body == "There was a loss of confidence. Siemens Siemens said so."


def test_a_stale_version_changes_nothing(editor):
    article = factories.ArticleFactory(body=BODY)
    stale = article.version
    workflow.save_article(Article.objects.get(pk=article.pk), by=editor, base_version=stale, fields={"kicker": "New"})

    with pytest.raises(workflow.StaleVersion):
        apply_fixes(
            Article.objects.get(pk=article.pk), by=editor, base_version=stale, code="spelling", target="recieve"
        )

    assert Article.objects.get(pk=article.pk).body == BODY


def test_nothing_to_apply_when_the_finding_is_gone_or_has_no_fix(editor):
    article = factories.ArticleFactory(body="All is well here.")
    with pytest.raises(NothingToApply):
        apply_fixes(article, by=editor, base_version=article.version, code="spelling", target="recieve")
    article = factories.ArticleFactory(body="12 people were injured. Later, 13 people were injured.")
    with pytest.raises(NothingToApply):
        apply_fixes(article, by=editor, base_version=article.version, code="inconsistent-figures", every=True)


def test_a_writer_may_not_apply_to_someone_elses_piece(writer, other_writer):
    article = factories.ArticleFactory(body=BODY, created_by=other_writer)
    with pytest.raises(workflow.NotPermitted):
        apply_fixes(article, by=writer, base_version=article.version, code="spelling", target="recieve")
    assert Article.objects.get(pk=article.pk).body == BODY
