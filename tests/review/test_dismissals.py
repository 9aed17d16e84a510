"""Dismissing warnings: editors only, with a reason, never a blocking finding."""

import pytest

from articles.models import CheckDismissal, CheckSetting
from articles.review.checks import DismissalError, blocking_findings, dismiss, run_checks
from tests import factories

# --- dismissing warnings ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_dismisses_a_warning_for_one_piece_with_a_reason(editor):
    article = factories.ArticleFactory(body="The restaurant serves chicken Kiev. Crimea The missiles.")
    other = factories.ArticleFactory(body="The restaurant serves chicken Kiev.")
    dismissal = dismiss(article, by=editor, code="style-spelling", target="Kiev", reason="The dish keeps its name.")
    assert (dismissal.dismissed_by, dismissal.reason) == (editor, "The dish keeps its name.")

    assert [finding.code for finding in run_checks(article)] == ["run-together"]
    all_findings = run_checks(article, include_dismissed=True)
    assert [(finding.code, finding.dismissed) for finding in all_findings] == [
        ("style-spelling", True),
        ("run-together", False),
    ]
    assert [finding.code for finding in run_checks(other)] == ["style-spelling"]


@pytest.mark.django_db
def test_dismissing_the_whole_check_with_an_empty_target(editor):
    article = factories.ArticleFactory(body="Kiev and Odessa.")
    dismiss(article, by=editor, code="style-spelling", reason="A historical piece.")
    assert run_checks(article) == []


@pytest.mark.django_db
def test_dismissing_refuses_writers_blocking_findings_empty_reasons_and_unknown_findings(writer, editor):
    article = factories.ArticleFactory(headline="", body="He flew to Kiev.")
    with pytest.raises(DismissalError, match="Only editors"):
        dismiss(article, by=writer, code="style-spelling", target="Kiev", reason="Fine.")
    with pytest.raises(DismissalError, match="blocking"):
        dismiss(article, by=editor, code="required", target="", reason="We print it anyway.")
    with pytest.raises(DismissalError, match="why"):
        dismiss(article, by=editor, code="style-spelling", target="Kiev", reason="  ")
    with pytest.raises(DismissalError, match="no such finding"):
        dismiss(article, by=editor, code="style-spelling", target="Odessa", reason="Fine.")
    with pytest.raises(DismissalError, match="no check"):
        dismiss(article, by=editor, code="no-such-check", target="", reason="Fine.")
    assert not CheckDismissal.objects.exists()

    dismiss(article, by=editor, code="style-spelling", target="Kiev", reason="Fine.")
    with pytest.raises(DismissalError, match="already"):
        dismiss(article, by=editor, code="style-spelling", target="Kiev", reason="Again.")
    assert CheckDismissal.objects.count() == 1


@pytest.mark.django_db
def test_a_dismissal_never_hides_a_check_that_editors_later_made_blocking(editor):
    article = factories.ArticleFactory(body="He flew to Kiev.")
    dismiss(article, by=editor, code="style-spelling", target="Kiev", reason="Fine.")
    assert run_checks(article) == []
    CheckSetting.objects.create(code="style-spelling", severity="blocking")
    assert [finding.code for finding in blocking_findings(article)] == ["style-spelling"]
