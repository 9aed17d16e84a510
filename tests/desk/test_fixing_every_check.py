"""Every "apply" the review page offers works as rendered: the form the browser would send changes the text.

A correction that cannot be applied from the review page (it is in a caption) is not offered, and labels name
the characters a reader cannot see ("two spaces → one")."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.models import Article
from articles.review.findings import Finding
from articles.templatetags.desk_editing import fix_label
from tests import factories

pytestmark = pytest.mark.django_db

# One slip of every kind that carries a correction.
BODY = (
    "The council met on Monday.The vote was close.  It voted on the the harbour wall -- again.\n\n"
    "Their was no plan. We recieve it."
)


class ApplyForms(HTMLParser):
    """The hidden fields of each "apply" form on the page, as a browser would send them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.forms, self.current = action, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == self.action:
            self.current = {}
        elif tag == "input" and self.current is not None and attrs.get("type") == "hidden":
            self.current[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None


def apply_forms(client, article) -> list[dict]:
    page = client.get(reverse("desk:article-review", kwargs={"pk": article.pk})).content.decode()
    parser = ApplyForms(reverse("desk:finding-apply", kwargs={"pk": article.pk}))
    parser.feed(page)
    return [form for form in parser.forms if "every" not in form]


def test_every_offered_apply_changes_the_text(client, editor):
    article = factories.ArticleFactory(body=BODY)
    client.force_login(editor)
    forms = apply_forms(client, article)
    codes = {form["code"] for form in forms}
    assert {"double-space", "repeated-word", "spelling"} <= codes
    for code in sorted(codes):
        article = Article.objects.get(pk=article.pk)
        form = next((form for form in apply_forms(client, article) if form["code"] == code), None)
        if form is None:
            continue  # an earlier correction also took this one away
        before = article.body
        form.pop("csrfmiddlewaretoken", None)
        response = client.post(reverse("desk:finding-apply", kwargs={"pk": article.pk}), form, follow=True)
        text = response.content.decode()
        assert "Nothing changed" not in text, (code, form)
        assert "Applied 1 correction(s)." in text, code
        assert Article.objects.get(pk=article.pk).body != before, code


def test_apply_on_the_double_space_removes_it(client, editor):
    article = factories.ArticleFactory(body="The council met.  It voted.")
    client.force_login(editor)
    (form,) = [form for form in apply_forms(client, article) if form["code"] == "double-space"]
    assert form["target"] == "  "
    form.pop("csrfmiddlewaretoken", None)
    response = client.post(reverse("desk:finding-apply", kwargs={"pk": article.pk}), form, follow=True)
    assert "Applied 1 correction(s)." in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "The council met. It voted."


def test_labels_name_invisible_characters(client, editor):
    article = factories.ArticleFactory(body="The council met.  It voted.")
    client.force_login(editor)
    page = client.get(reverse("desk:article-review", kwargs={"pk": article.pk})).content.decode()
    assert "Apply: two spaces → one" in page
    hidden = Finding("x", "warning", "body", "", 0, 2, text="a\u00ad", fix="a")
    assert fix_label(hidden) == "Apply: “a⟨soft hyphen⟩” → “a”"


def test_a_correction_only_in_a_caption_is_not_offered():
    finding = Finding("double-space", "warning", "caption", "", 3, 5, text="  ", placement_id=7, fix=" ")
    assert fix_label(finding) == ""
    assert fix_label(Finding("double-space", "warning", "body", "", 3, 5, text="  ", fix=" ")) != ""


def test_the_history_note_of_an_applied_correction_reads_in_each_readers_language(client, editor):
    from django.utils import translation

    from articles.models import DeskProfile, Revision

    DeskProfile.objects.create(user=editor, language="de")  # whoever acts reads German…
    article = factories.ArticleFactory(body="The council met.  It voted.")
    client.force_login(editor)
    (form,) = [form for form in apply_forms(client, article) if form["code"] == "double-space"]
    form.pop("csrfmiddlewaretoken", None)
    client.post(reverse("desk:finding-apply", kwargs={"pk": article.pk}), form)
    revision = Revision.objects.get(article=article, number=Article.objects.get(pk=article.pk).version)
    assert (revision.note_key, revision.note_params) == ("fixes_applied", {"count": 1, "checks": "double-space"})
    with translation.override("en"):  # …and a colleague on the English desk reads it in English
        assert revision.note_text == "1 correction(s) applied from the review (double-space)"
    with translation.override("de"):
        assert revision.note_text == "1 Korrektur(en) aus der Prüfung übernommen (double-space)"
