"""Piece templates: editors keep them; New article and Plan a piece start from one; audited; German."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.demo.piece_templates import TEMPLATES, ensure_piece_templates
from articles.models import Article, Assignment, DeskProfile, PieceTemplate
from articles.workflow import planning
from tests import factories

pytestmark = pytest.mark.django_db

SKELETON = "The result first.\n\n## The game\n\nHow it went.\n\n## Voices\n\nThe coaches."


@pytest.fixture
def match_report(db):
    return PieceTemplate.objects.create(
        name="Match report",
        description="A game of a local team.",
        section=factories.SectionFactory(name="Sport", slug="sport", desk=factories.DeskFactory(slug="sport-desk")),
        planned_words=350,
        kicker="Football",
        headline="Hafenstedt … : …",
        teaser="The result and the moment that decided it.",
        dateline="Hafenstedt",
        body=SKELETON,
        checks=["inconsistent-figures", "time-format"],
    )


def test_editor_creates_edits_and_deletes_a_template(client, editor):
    client.force_login(editor)
    section = factories.SectionFactory(name="Local", slug="local")
    response = client.post(
        reverse("desk:template-create"),
        {
            "name": "Weather warning",
            "description": "An official warning.",
            "section": section.pk,
            "planned_words": "200",
            "kicker": "Weather",
            "body": "The warning.\n\n## What to do\n\nAdvice.",
            "checks": ["required", "time-format"],
            "position": "3",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("desk:template-list")
    template = PieceTemplate.objects.get()
    assert template.created_by == editor and template.checks == ["required", "time-format"]
    page = client.get(reverse("desk:template-list")).content.decode()
    assert "Weather warning" in page and "Times written two ways" in page
    edit = reverse("desk:template-edit", args=[template.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"name": "Storm warning", "position": "3", "checks": ["required"]})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "Storm warning" and template.checks == ["required"]
    assert template.history.count() == 2  # audited like assignments
    assert client.post(reverse("desk:template-delete", args=[template.pk])).status_code == 302
    assert not PieceTemplate.objects.exists()


def test_a_bad_template_form_keeps_the_text(client, editor, match_report):
    client.force_login(editor)
    response = client.post(
        reverse("desk:template-create"),
        {"name": "Match report", "body": "Keep this skeleton", "checks": ["no-such-check"], "position": "0"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep this skeleton" in page and "no-such-check" in page
    assert PieceTemplate.objects.count() == 1


def test_writer_may_not_keep_templates_and_is_told_why(client, writer, match_report):
    client.force_login(writer)
    response = client.get(reverse("desk:template-list"))
    assert response.status_code == 403
    assert "To start a piece from one, choose it under" in response.content.decode()
    assert client.post(reverse("desk:template-delete", args=[match_report.pk])).status_code == 403
    assert PieceTemplate.objects.exists()


def test_writer_starts_a_new_piece_from_a_template(client, writer, match_report):
    client.force_login(writer)
    page = client.get(reverse("desk:article-create")).content.decode()
    assert f"?template={match_report.pk}" in page and "Start from a template" in page
    page = client.get(reverse("desk:article-create"), {"template": match_report.pk}).content.decode()
    assert 'value="Football"' in page and "Hafenstedt … : …" in page and "## The game" in page
    assert f'<option value="{match_report.section.pk}" selected>' in page
    assert "Started from the template “Match report”" in page and "Times written two ways" in page


@pytest.mark.parametrize("bad", ["999999", "x"])
def test_a_template_that_is_gone_leaves_the_form_empty_and_says_so(client, writer, bad):
    client.force_login(writer)
    response = client.get(reverse("desk:article-create"), {"template": bad})
    assert response.status_code == 200
    assert "That template no longer exists" in response.content.decode()


def test_editor_plans_from_a_template_and_the_draft_starts_from_its_skeleton(client, editor, writer, match_report):
    client.force_login(editor)
    page = client.get(reverse("desk:assignment-create"), {"template": match_report.pk}).content.decode()
    assert 'value="Hafenstedt … : …"' in page and 'value="350"' in page
    assert f'<option value="{match_report.pk}" selected>' in page
    response = client.post(
        reverse("desk:assignment-create"),
        {
            "headline": "Hafenstedt 2 : 1 Nordstadt",
            "section": match_report.section.pk,
            "planned_words": "350",
            "deadline": "2030-03-02T17:00",
            "assignees": [writer.pk],
            "template": match_report.pk,
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.template == match_report and assignment.desk == match_report.section.desk
    article = planning.start_writing(assignment, by=writer)
    assert article.body == SKELETON and article.kicker == "Football" and article.dateline == "Hafenstedt"
    assert article.headline == "Hafenstedt 2 : 1 Nordstadt" and article.section == match_report.section


def test_demo_templates_are_made_once(editor):
    sections = {slug: factories.SectionFactory(slug=slug) for slug in ("local", "culture", "sport")}
    assert ensure_piece_templates(sections=sections, by=editor) == len(TEMPLATES) == 4
    assert ensure_piece_templates(sections=sections, by=editor) == 0
    names = set(PieceTemplate.objects.values_list("name", flat=True))
    assert names == {"Breaking news", "Obituary", "Match report", "Weather warning"}
    assert all("## " in body for body in PieceTemplate.objects.values_list("body", flat=True))


def test_template_pages_speak_german(client, editor, match_report):
    DeskProfile.objects.update_or_create(user=editor, defaults={"language": "de"})
    client.force_login(editor)
    page = client.get(reverse("desk:template-list")).content.decode()
    assert "Beitragsvorlagen" in page and "Vorlage anlegen" in page and "Piece templates" not in page
    page = client.get(reverse("desk:article-create"), {"template": match_report.pk}).content.decode()
    assert "Mit der Vorlage „Match report“ begonnen." in page


def new_piece_data(**values) -> dict:
    """The new-article form as the browser sends it, without bylines or pictures."""
    data = {"kicker": "", "headline": "", "teaser": "", "dateline": "", "date": "", "body": "", "section": ""}
    for kind in ("bylines", "placements"):
        data |= {f"{kind}-TOTAL_FORMS": 0, f"{kind}-INITIAL_FORMS": 0, f"{kind}-MAX_NUM_FORMS": 1000}
    return data | values


def test_a_piece_started_from_a_template_keeps_it_and_review_shows_its_checks_to_heed(client, writer, match_report):
    match_report.checks = ["double-hyphen", "inconsistent-figures"]
    match_report.save()
    client.force_login(writer)
    page = client.get(reverse("desk:article-create"), {"template": match_report.pk}).content.decode()
    assert f'<input type="hidden" name="template" value="{match_report.pk}">' in page
    body = "The result first.\n\nA win -- at last, and a deserved one -- for the home side."
    response = client.post(
        reverse("desk:article-create"),
        new_piece_data(headline="Hafenstedt 2 : 1 Nordstadt", body=body, template=match_report.pk),
    )
    assert response.status_code == 302
    article = Article.objects.get(headline="Hafenstedt 2 : 1 Nordstadt")
    assert article.template == match_report
    page = client.get(reverse("desk:article-review", args=[article.pk])).content.decode()
    assert "To heed for this kind of piece (“Match report”):" in page
    heed = page[page.index("To heed for this kind") :].split("</p>", 1)[0]
    assert "Two hyphens for a dash: 2 findings" in heed, heed  # both places, as the list of findings says
    assert "Figures that contradict each other: nothing found" in page
    # A piece started empty says nothing of templates.
    other = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    assert "To heed for this kind" not in client.get(reverse("desk:article-review", args=[other.pk])).content.decode()


def test_a_form_whose_template_was_deleted_meanwhile_still_saves(client, writer, match_report):
    client.force_login(writer)
    pk = match_report.pk
    match_report.delete()
    response = client.post(reverse("desk:article-create"), new_piece_data(headline="Still saved", template=pk))
    assert response.status_code == 302
    assert Article.objects.get(headline="Still saved").template is None


def test_a_planned_piece_keeps_its_template_and_loses_it_quietly_when_deleted(client, editor, writer, match_report):
    assignment = factories.AssignmentFactory(template=match_report, assignees=[writer], section=match_report.section)
    article = planning.start_writing(assignment, by=writer)
    assert article.template == match_report
    match_report.delete()
    article = Article.objects.get(pk=article.pk)
    assert article.template is None  # the piece stays as it is
    client.force_login(editor)
    assert client.get(reverse("desk:article-review", args=[article.pk])).status_code == 200


def test_the_checks_to_heed_speak_german(client, editor, writer, match_report):
    DeskProfile.objects.update_or_create(user=editor, defaults={"language": "de"})
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer, template=match_report)
    client.force_login(editor)
    page = client.get(reverse("desk:article-review", args=[article.pk])).content.decode()
    assert "Zu beachten bei dieser Art Beitrag („Match report“):" in page and "nichts gefunden" in page
