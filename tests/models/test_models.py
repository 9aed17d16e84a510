"""Every model rule: database constraints, __str__, the credit line and the querysets."""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import (
    Article,
    Byline,
    CheckDismissal,
    CheckSetting,
    EditLock,
    Image,
    Placement,
    PublishedVersion,
    ReviewComment,
    Section,
    State,
    StyleRule,
    WorkflowEvent,
)
from articles.workflow.snapshots import build_version
from tests import factories
from tests.support.site import go_live

pytestmark = pytest.mark.django_db


def refused():
    """The database refuses the write; the savepoint keeps the test's transaction usable."""

    class _Refused:
        def __enter__(self):
            self.raises = pytest.raises(IntegrityError)
            self.raises.__enter__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            suppress_atomic = self.atomic.__exit__(*exc)
            return self.raises.__exit__(*exc) or suppress_atomic

    return _Refused()


def set_state(article, state, **fields):
    """Test set-up only: put a row in a state without the workflow (the app never does this)."""
    Article.objects.filter(pk=article.pk).update(status=state, **fields)
    return Article.objects.get(pk=article.pk)


def publish_version(article, **fields):
    version = build_version(article)
    for name, value in fields.items():
        setattr(version, name, value)
    version.save()
    return version


# --- Section -------------------------------------------------------------------------------------


def test_section_str_url_and_ordering():
    later = factories.SectionFactory(name="Sport", slug="sport", position=2)
    first = factories.SectionFactory(name="Politics", slug="politics", position=1)
    assert str(first) == "Politics"
    assert first.get_absolute_url() == "/politics/"
    assert list(Section.objects.all()) == [first, later]


def test_section_slug_unique_and_not_empty():
    factories.SectionFactory(slug="local")
    with refused():
        Section.objects.create(name="Local again", slug="local")
    with refused():
        Section.objects.create(name="No slug", slug="")


def test_section_with_children_cannot_be_deleted():
    from django.db.models import ProtectedError

    parent = factories.SectionFactory()
    factories.SectionFactory(parent=parent)
    with pytest.raises(ProtectedError):
        parent.delete()


# --- Author --------------------------------------------------------------------------------------


def test_author_str_and_url():
    author = factories.AuthorFactory(name="Fabian Müller", sign_off="fmu", slug="fabian-mueller")
    assert str(author) == "Fabian Müller (fmu)"
    assert author.get_absolute_url() == "/authors/fabian-mueller/"


def test_sign_off_unique_ignoring_case():
    factories.AuthorFactory(sign_off="fmu")
    with refused():
        factories.AuthorFactory(sign_off="FMU")


def test_sign_off_not_empty_and_slug_unique():
    factories.AuthorFactory(slug="anna")
    with refused():
        factories.AuthorFactory(sign_off="")
    with refused():
        factories.AuthorFactory(slug="anna")


def test_author_with_bylines_cannot_be_deleted():
    from django.db.models import ProtectedError

    author = factories.AuthorFactory()
    factories.ArticleFactory(authors=[author])
    with pytest.raises(ProtectedError):
        author.delete()


# --- Article -------------------------------------------------------------------------------------


def test_new_article_is_a_draft_and_state_cannot_be_assigned():
    article = factories.ArticleFactory()
    assert article.status == State.DRAFT
    assert article.version == 1
    with pytest.raises(AttributeError):
        article.status = State.PUBLISHED


def test_article_str_falls_back_when_headline_missing():
    assert str(factories.ArticleFactory(headline="Ferry times change")) == "Ferry times change"
    untitled = factories.ArticleFactory(headline="")
    assert str(untitled) == f"(no headline) #{untitled.pk}"


def test_article_url_is_the_desk_review_page():
    article = factories.ArticleFactory()
    assert article.get_absolute_url() == f"/desk/articles/{article.pk}/"


def test_scheduled_needs_publish_at():
    article = factories.ArticleFactory()
    with refused():
        set_state(article, State.SCHEDULED, publish_at=None)
    assert set_state(article, State.SCHEDULED, publish_at=timezone.now()).status == State.SCHEDULED


def test_published_needs_published_at():
    article = factories.ArticleFactory()
    with refused():
        set_state(article, State.PUBLISHED, published_at=None)
    assert set_state(article, State.PUBLISHED, published_at=timezone.now()).status == State.PUBLISHED


def test_state_must_be_a_known_state():
    with refused():
        set_state(factories.ArticleFactory(), "lost")


def test_version_at_least_one():
    article = factories.ArticleFactory()
    with refused():
        Article.objects.filter(pk=article.pk).update(version=0)


def test_withdrawal_time_after_publication_time():
    now = timezone.now()
    article = factories.ArticleFactory()
    with refused():
        Article.objects.filter(pk=article.pk).update(publish_at=now, expire_at=now)
    Article.objects.filter(pk=article.pk).update(publish_at=now, expire_at=now + datetime.timedelta(hours=1))
    # Either time alone is fine.
    factories.ArticleFactory(expire_at=now)


def test_slug_unique_but_many_may_be_empty():
    factories.ArticleFactory(slug="ferry")
    with refused():
        factories.ArticleFactory(slug="ferry")
    factories.ArticleFactory(slug="")
    factories.ArticleFactory(slug="")
    assert Article.objects.filter(slug="").count() == 2


def test_import_key_unique_but_many_may_be_empty():
    factories.ArticleFactory(import_key="a" * 64)
    with refused():
        factories.ArticleFactory(import_key="a" * 64)
    factories.ArticleFactory()
    factories.ArticleFactory()
    assert Article.objects.filter(import_key="").count() == 2


def test_ordered_authors_follow_byline_position():
    first, second = factories.AuthorFactory(name="Second"), factories.AuthorFactory(name="First")
    article = factories.ArticleFactory(authors=[])
    Byline.objects.create(article=article, author=first, position=1)
    Byline.objects.create(article=article, author=second, position=0)
    assert article.ordered_authors() == [second, first]


def test_history_records_content_saves():
    article = factories.ArticleFactory(headline="First")
    article.headline = "Second"
    article.save()
    assert [record.headline for record in article.history.all()] == ["Second", "First"]


def test_section_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    article = factories.ArticleFactory()
    with pytest.raises(ProtectedError):
        article.section.delete()


# --- Byline --------------------------------------------------------------------------------------


def test_byline_author_once_per_article_and_str():
    author = factories.AuthorFactory(name="Anna Berg")
    article = factories.ArticleFactory(headline="Harbour news", authors=[author])
    assert str(article.bylines.get()) == "Anna Berg · Harbour news"
    with refused():
        Byline.objects.create(article=article, author=author, position=1)


# --- Image ---------------------------------------------------------------------------------------


def test_credit_line_reads_like_the_corpus():
    image = Image(creator="Sgt. 1st Class Andrew Dickson", organisation="US Army", agencies="AP/dpa")
    assert image.agency_chain == "US Army/AP/dpa"
    assert image.credit_line == "© Sgt. 1st Class Andrew Dickson/US Army/AP/dpa"
    # The importer keeps the whole chain in `agencies`: the line prints the same.
    imported = Image(creator="Sgt. 1st Class Andrew Dickson", agencies="US Army/AP/dpa")
    assert imported.agency_chain == "US Army/AP/dpa"
    assert imported.credit_line == image.credit_line


@pytest.mark.parametrize(
    ("creator", "organisation", "agencies", "line"),
    [
        ("", "", "", ""),
        ("Jana Beispiel", "", "", "© Jana Beispiel"),
        ("", "", "dpa", "© dpa"),
        ("", "Newsroom", "", "© Newsroom"),
        ("Jana Beispiel", "Newsroom", "", "© Jana Beispiel/Newsroom"),
        ("", "US Army", "AP/dpa", "© US Army/AP/dpa"),
    ],
)
def test_credit_line_parts(creator, organisation, agencies, line):
    image = Image(creator=creator, organisation=organisation, agencies=agencies)
    assert image.credit_line == line
    assert image.has_credit is bool(line)


def test_image_str_variants():
    assert str(factories.ImageFactory(caption="Low tide.")) == "Low tide."
    assert str(factories.ImageFactory(caption="", alt_text="A harbour wall")) == "A harbour wall"
    long = factories.ImageFactory(caption="x" * 80)
    assert str(long) == "x" * 60 + "…"
    bare = factories.ImageFactory(caption="", alt_text="")
    assert str(bare) == f"Image #{bare.pk}"
    with_file = factories.ImageFactory(caption="", alt_text="")
    with_file.file.save("wall.png", ContentFile(tiny_png(), name="wall.png"), save=True)
    assert str(with_file).endswith("wall.png")
    with_file.refresh_from_db(fields=["width", "height"])
    assert (with_file.width, with_file.height) == (3, 2)


def tiny_png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (3, 2), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_image_dimensions_positive():
    image = factories.ImageFactory()
    with refused():
        Image.objects.filter(pk=image.pk).update(width=0)
    with refused():
        Image.objects.filter(pk=image.pk).update(height=0)


def test_image_querysets():
    today = datetime.date(2026, 11, 25)
    credited = factories.ImageFactory(creator="A", agencies="")
    uncredited = factories.ImageFactory(creator="", organisation="", agencies="", alt_text="")
    expired = factories.ImageFactory(rights_expire_on=today - datetime.timedelta(days=1))
    expiring = factories.ImageFactory(rights_expire_on=today + datetime.timedelta(days=10))
    later = factories.ImageFactory(rights_expire_on=today + datetime.timedelta(days=60))

    assert list(Image.objects.missing_credit()) == [uncredited]
    assert list(Image.objects.missing_alt_text()) == [uncredited]
    assert list(Image.objects.rights_expired(today=today)) == [expired]
    assert list(Image.objects.rights_expiring(days=30, today=today)) == [expiring]
    assert set(Image.objects.rights_expiring(days=90, today=today)) == {expiring, later}
    assert credited not in Image.objects.rights_expiring(days=90, today=today)


def test_image_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    placement = factories.PlacementFactory()
    with pytest.raises(ProtectedError):
        placement.image.delete()


# --- Placement -----------------------------------------------------------------------------------


def test_one_lead_image_per_article_many_inline():
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, role=Placement.Role.LEAD)
    factories.PlacementFactory(article=article, role=Placement.Role.INLINE, position=1)
    factories.PlacementFactory(article=article, role=Placement.Role.INLINE, position=2)
    with refused():
        factories.PlacementFactory(article=article, role=Placement.Role.LEAD)
    assert article.placements.count() == 3


def test_placement_caption_falls_back_to_the_image_and_str():
    placement = factories.PlacementFactory(
        article__headline="Harbour news", image__caption="Default caption.", caption=""
    )
    assert placement.effective_caption == "Default caption."
    placement.caption = "For this piece."
    assert placement.effective_caption == "For this piece."
    assert str(placement) == "Lead image: Default caption. · Harbour news"


# --- PublishedVersion ----------------------------------------------------------------------------


def test_one_live_version_per_article():
    article = factories.ArticleFactory()
    publish_version(article)
    with refused():
        publish_version(article, slug="another-slug")
    publish_version(article, is_live=False)
    assert article.versions.count() == 2


def test_live_slug_unique_among_live_versions():
    publish_version(factories.ArticleFactory(slug="same"))
    other = factories.ArticleFactory(slug="other")
    with refused():
        publish_version(other, slug="same")
    publish_version(other, slug="same", is_live=False)


def test_live_is_the_one_rule_for_readers():
    now = timezone.now()
    live = publish_version(factories.ArticleFactory())
    retired = publish_version(factories.ArticleFactory(), is_live=False)
    expired = publish_version(factories.ArticleFactory(), expire_at=now - datetime.timedelta(minutes=1))
    expiring_later = publish_version(factories.ArticleFactory(), expire_at=now + datetime.timedelta(days=1))

    assert set(PublishedVersion.objects.live(now=now)) == {live, expiring_later}
    assert retired not in PublishedVersion.objects.live() and expired not in PublishedVersion.objects.live()
    # The article asks the same rule.
    assert live.article.is_live and live.article.live_version == live
    assert not expired.article.is_live
    assert not retired.article.is_live


def test_published_version_str_url_and_sign_off():
    authors = [factories.AuthorFactory(sign_off="fmu"), factories.AuthorFactory(sign_off="abc")]
    article = factories.ArticleFactory(headline="Ferry", slug="ferry", section__slug="local", authors=authors)
    version = publish_version(article, published_at=datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC))
    assert str(version) == "Ferry (2026-03-02 09:30)"
    assert version.get_absolute_url() == "/local/ferry/"
    assert version.sign_off == "fmu/abc"


def test_article_with_published_versions_cannot_be_deleted():
    from django.db.models import ProtectedError

    article = factories.ArticleFactory()
    publish_version(article)
    with pytest.raises(ProtectedError):
        article.delete()


# --- Records and settings ------------------------------------------------------------------------


def test_workflow_event_str_names_the_actor_or_the_system():
    article = factories.ArticleFactory(headline="Ferry")
    user = factories.UserFactory(username="anna")
    by_user = WorkflowEvent.objects.create(
        article=article, transition="submit", from_state="draft", to_state="in_review", actor=user
    )
    by_system = WorkflowEvent.objects.create(
        article=article, transition="publish_due", from_state="scheduled", to_state="published"
    )
    assert str(by_user) == "Ferry: Draft → In review (anna)"
    assert str(by_system) == "Ferry: Scheduled → Published (system)"
    assert list(article.events.all()) == [by_user, by_system]


def test_review_comment_not_empty_and_str():
    article = factories.ArticleFactory()
    user = factories.UserFactory(username="eda")
    comment = ReviewComment.objects.create(article=article, author=user, body="Second source, please. " * 5)
    assert str(comment) == "eda: " + comment.body[:50]
    with refused():
        ReviewComment.objects.create(article=article, author=user, body="")


def test_edit_lock_one_per_article_and_str():
    article = factories.ArticleFactory(headline="Ferry")
    user = factories.UserFactory(username="anna")
    lock = EditLock.objects.create(article=article, user=user)
    assert str(lock) == "Ferry — anna"
    with refused():
        EditLock.objects.create(article=article, user=factories.UserFactory())


def test_check_setting_unique_code_and_str():
    setting = CheckSetting.objects.create(code="double-space", severity=CheckSetting.Severity.WARNING)
    assert str(setting) == "double-space: Warning"
    with refused():
        CheckSetting.objects.create(code="double-space", severity=CheckSetting.Severity.OFF)


def test_style_rule_constraints_and_str():
    rule = StyleRule.objects.create(wrong="Hafenstadt", right="Hafenstedt")
    assert str(rule) == "Hafenstadt → Hafenstedt"
    with refused():
        StyleRule.objects.create(wrong="Hafenstadt", right="Other")
    with refused():
        StyleRule.objects.create(wrong="", right="Something")
    with refused():
        StyleRule.objects.create(wrong="Something", right="")


def test_seeded_house_style():
    assert StyleRule.objects.get(wrong="Kiev", language="en").right == "Kyiv"
    assert StyleRule.objects.get(wrong="Kiev", language="de").right == "Kiew"
    assert StyleRule.objects.get(wrong="Kyjiw", language="de").right == "Kiew"


def test_check_dismissal_once_with_a_reason_and_str():
    article = factories.ArticleFactory(headline="Ferry")
    editor = factories.UserFactory()
    dismissal = CheckDismissal.objects.create(
        article=article, code="style", target="Kiev", reason="In a quotation.", dismissed_by=editor
    )
    assert str(dismissal) == "Ferry: style (Kiev)"
    with refused():
        CheckDismissal.objects.create(article=article, code="style", target="Kiev", reason="Again", dismissed_by=editor)
    with refused():
        CheckDismissal.objects.create(article=article, code="style", target="Odessa", reason="", dismissed_by=editor)


# --- ArticleQuerySet -----------------------------------------------------------------------------


def test_state_querysets():
    now = timezone.now()
    draft = factories.ArticleFactory()
    review = set_state(factories.ArticleFactory(), State.IN_REVIEW)
    due = set_state(factories.ArticleFactory(), State.SCHEDULED, publish_at=now - datetime.timedelta(minutes=1))
    later = set_state(factories.ArticleFactory(), State.SCHEDULED, publish_at=now + datetime.timedelta(hours=1))
    published = set_state(factories.ArticleFactory(), State.PUBLISHED, published_at=now)
    past_expiry = set_state(
        factories.ArticleFactory(),
        State.PUBLISHED,
        published_at=now - datetime.timedelta(days=1),
        expire_at=now - datetime.timedelta(minutes=1),
    )

    assert list(Article.objects.drafts()) == [draft]
    assert list(Article.objects.in_review()) == [review]
    assert set(Article.objects.scheduled()) == {due, later}
    assert set(Article.objects.published()) == {published, past_expiry}
    assert list(Article.objects.due_for_publishing(now)) == [due]
    assert list(Article.objects.due_for_expiry(now)) == []  # the approved version decides, and there is none
    go_live(past_expiry)  # its live version carries the expiry it was approved with
    assert list(Article.objects.due_for_expiry(now)) == [past_expiry]
    assert set(Article.objects.due_for_publishing(now + datetime.timedelta(hours=2))) == {due, later}


def test_with_live_version():
    live = factories.ArticleFactory()
    publish_version(live)
    retired = factories.ArticleFactory()
    publish_version(retired, is_live=False)
    factories.ArticleFactory()
    assert list(Article.objects.with_live_version()) == [live]


def test_by_author_user_bylined_or_created(writer, other_writer):
    bylined = factories.ArticleFactory(authors=[writer.author, other_writer.author])
    created = factories.ArticleFactory(created_by=writer, authors=[])
    factories.ArticleFactory(authors=[other_writer.author])

    assert set(Article.objects.by_author_user(writer)) == {bylined, created}
    assert Article.objects.by_author_user(writer).count() == 2  # no duplicates from the join


def test_visible_to_each_role(writer, other_writer, editor, superuser):
    mine = factories.ArticleFactory(authors=[writer.author])
    theirs = factories.ArticleFactory(authors=[other_writer.author])
    everything = {mine, theirs}

    assert set(Article.objects.visible_to(AnonymousUser())) == set()
    assert set(Article.objects.visible_to(writer)) == {mine}
    assert set(Article.objects.visible_to(other_writer)) == {theirs}
    assert set(Article.objects.visible_to(editor)) == everything
    assert set(Article.objects.visible_to(superuser)) == everything

    # No role at all: nothing, even for a staff account.
    nobody = factories.UserFactory(is_staff=True)
    assert set(Article.objects.visible_to(nobody)) == set()

    # A deactivated editor sees nothing.
    editor.is_active = False
    editor.save()
    assert set(Article.objects.visible_to(editor)) == set()


def test_visible_to_follows_permissions_not_group_names():
    reviewer = factories.UserFactory()
    reviewer.user_permissions.add(Permission.objects.get(codename="review_article"))
    article = factories.ArticleFactory()
    assert list(Article.objects.visible_to(reviewer)) == [article]
