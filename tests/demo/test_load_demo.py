"""load_demo: development only, idempotent, every workflow state reached through the workflow."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image as PILImage

from articles import demo
from articles.models import Article, Author, Image, PublishedVersion, ReviewComment, Section, State, WorkflowEvent
from articles.review.checks import blocking_findings
from articles.roles import EDITOR, WRITER

pytestmark = pytest.mark.django_db

PASSWORD_RE = re.compile(r"Demo account (?P<username>\w+) \([^)]*\), password: (?P<password>\S+)")


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(settings):
    settings.DEBUG = True
    return load()


def piece(slug):
    return Article.objects.get(slug=slug)


def test_refused_while_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        load()
    with pytest.raises(demo.DemoRefused):
        demo.load_demo()

    assert not Article.objects.exists()
    assert not get_user_model().objects.exists()


def test_accounts_with_printed_passwords(loaded):
    passwords = {match["username"]: match["password"] for match in PASSWORD_RE.finditer(loaded)}
    assert set(passwords) == {"writer", "editor", "admin", "photographer"}
    assert len(set(passwords.values())) == 4  # random, not one shared password

    User = get_user_model()
    writer, editor, admin = (User.objects.get(username=name) for name in ("writer", "editor", "admin"))
    for user in (writer, editor, admin):
        assert user.check_password(passwords[user.username])
    assert list(writer.groups.values_list("name", flat=True)) == [WRITER]
    assert list(editor.groups.values_list("name", flat=True)) == [EDITOR]
    assert writer.author.sign_off == "wsc"
    assert admin.is_superuser and admin.is_staff
    assert editor.is_staff and not editor.is_superuser
    assert not writer.is_staff


def test_second_run_duplicates_nothing_and_keeps_passwords(loaded, settings):
    counts = [model.objects.count() for model in (Article, Image, Section, Author, WorkflowEvent, PublishedVersion)]
    writer = get_user_model().objects.get(username="writer")

    again = load()

    assert [model.objects.count() for model in (Article, Image, Section, Author, WorkflowEvent, PublishedVersion)] == (
        counts
    )
    assert not PASSWORD_RE.search(again)
    assert "writer (Writer) already exists: its password was kept" in again
    assert get_user_model().objects.get(username="writer").password == writer.password


def test_missing_pieces_are_added_on_a_second_run(loaded):
    article = piece("rowing-club-plans-new-boathouse")
    article.slug = "renamed-by-someone"
    article.save(update_fields=["slug"])

    load()

    assert Article.objects.filter(slug="rowing-club-plans-new-boathouse").count() == 1
    assert Article.objects.count() == len(demo.PIECES) + 1
    assert Image.objects.count() == len(demo.IMAGES)


def test_dry_run_writes_nothing(settings):
    settings.DEBUG = True

    out = load("--dry-run", "-v", "2")

    assert f"would create {len(demo.PIECES)} pieces and 4 accounts" in out
    assert not Article.objects.exists() and not Image.objects.exists()


def test_sample_articles_are_complete_news_pieces(loaded):
    assert len(demo.PIECES) >= 8
    assert {s.name for s in Section.objects.all()} >= {"Politics", "Business", "Culture", "Local", "Sport"}
    assert {a.section.name for a in Article.objects.select_related("section")} == {
        "Politics",
        "Business",
        "Culture",
        "Local",
        "Sport",
    }
    for article in Article.objects.all():
        assert article.kicker and article.headline and article.teaser and article.dateline
        assert "\n\n## " in article.body, article.headline
        assert article.ordered_authors(), article.headline


def test_every_workflow_state_reached_through_the_workflow(loaded):
    states = set(Article.objects.values_list("status", flat=True))
    # Spiked pieces are archived drafts, out of every desk list: the demo shows none.
    assert states == set(State.values) - {State.SPIKED}

    # Every non-draft piece got there through recorded transitions.
    for article in Article.objects.exclude(status=State.DRAFT):
        assert article.events.exists(), article.headline
    published = Article.objects.published()
    assert published.count() >= 3
    for article in published:
        assert article.is_live
        assert article.events.filter(transition="publish").exists()
        assert not blocking_findings(article)
    assert published.filter(placements__role="lead").distinct().count() >= 2

    scheduled = Article.objects.scheduled().get()
    assert scheduled.publish_at > timezone.now()
    assert scheduled.events.get(transition="schedule").actor.username == "editor"

    withdrawn = Article.objects.get(status=State.UNPUBLISHED)
    assert not withdrawn.is_live
    assert withdrawn.events.get(transition="withdraw").comment

    in_review = Article.objects.in_review().get()
    assert in_review.events.get(transition="submit").actor.username == "writer"
    assert ReviewComment.objects.filter(article=in_review).exists()

    changes = piece("parking-fees-rise-old-town")
    assert changes.status == State.DRAFT
    assert "price table" in changes.events.get(transition="request_changes").comment


def test_published_piece_with_an_update_in_draft(loaded):
    article = piece("roadworks-close-bahnhofstrasse")

    assert article.status == State.DRAFT
    live = article.live_version
    assert live is not None
    assert "Update" in article.body
    assert "Update" not in live.body_html
    assert list(article.events.values_list("transition", flat=True)) == ["submit", "publish", "start_update"]
    assert article.version == 2  # the update was saved through the conflict-safe path


def test_pictures_are_real_jpegs_with_captions_and_credits(loaded):
    images = list(Image.objects.all())
    assert len(images) == len(demo.IMAGES) >= 5
    for image in images:
        assert image.caption and image.alt_text and image.credit_line.startswith("© ")
        assert image.copyright_notice
        with image.file.open("rb") as handle, PILImage.open(handle) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (image.width, image.height)
    # Dimensions are stored, not only computed when a row is loaded.
    assert not Image.objects.filter(width__isnull=True).exists()
    assert Image.objects.filter(is_archive=True).count() == 1
    assert Image.objects.rights_expiring(days=30).count() == 1
    assert not Image.objects.rights_expired().exists()
    assert not Image.objects.missing_credit().exists()


def test_demo_text_is_original_not_corpus_text(loaded, corpus_article):
    """No run of eight words from the corpus article appears in the demo copy."""

    def shingles(text):
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    corpus = shingles(corpus_article.read_text(encoding="utf-8"))
    demo_text = " ".join(f"{p.headline} {p.teaser} {p.body}" for p in demo.PIECES)
    assert not corpus & shingles(demo_text)
