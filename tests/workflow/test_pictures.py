"""Pictures follow the workflow: who may change one, pending library changes, an editor's correction of live pieces."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import generation, workflow
from articles.models import Article, Author, PublishedVersion, WorkflowEvent
from articles.workflow import history
from articles.workflow import pictures as picture_rules
from articles.workflow.snapshots import snapshot_queryset
from tests import factories
from tests.support.pictures import image_with_file, image_with_photo
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site():
    clear_site_caches()


def live_piece(image, *, writer=None, headline=None):
    author = Author.objects.get(user=writer) if writer else factories.AuthorFactory()
    fields = {"headline": headline} if headline else {}
    article = factories.ArticleFactory(authors=[author], created_by=writer, **fields)
    factories.PlacementFactory(article=article, image=image, role="lead", caption="")
    publisher = factories.EditorFactory()
    workflow.publish(workflow.submit(article, by=publisher), by=publisher)
    return article, PublishedVersion.objects.get(article=article, is_live=True)


def test_a_writer_may_not_change_a_picture_in_someone_elses_live_piece(writer, other_writer):
    image = image_with_file(uploaded_by=other_writer)
    live_piece(image, writer=other_writer, headline="Harbour wall gives way")

    assert not workflow.can_change_picture(writer, image)
    reason = picture_rules.refusal(writer, image)
    assert "ask an editor" in reason
    assert "1 piece you cannot open" in reason
    assert "Harbour wall gives way" not in reason  # never a headline the writer may not open


def test_a_writer_may_change_what_they_uploaded_or_what_only_their_drafts_use(writer, other_writer, editor):
    own = image_with_file(uploaded_by=writer)
    live_piece(own, writer=other_writer)
    assert workflow.can_change_picture(writer, own)

    theirs = image_with_file(uploaded_by=other_writer)
    draft = factories.ArticleFactory(authors=[Author.objects.get(user=writer)], created_by=writer)
    factories.PlacementFactory(article=draft, image=theirs)
    assert workflow.can_change_picture(writer, theirs)

    factories.PlacementFactory(image=theirs)  # also in a piece the writer may not edit
    assert not workflow.can_change_picture(writer, theirs)
    assert workflow.can_change_picture(editor, theirs)


def test_a_picture_no_piece_uses_may_be_completed_by_any_writer(writer, other_writer):
    image = image_with_file(uploaded_by=other_writer)
    assert workflow.can_change_picture(writer, image)
    assert picture_rules.refusal(writer, image) == ""


def test_a_library_change_is_pending_on_the_live_piece(editor):
    image = image_with_file(creator="Jana Beispiel", agencies="", copyright_notice="© Jana")
    article, _version = live_piece(image)

    image.copyright_notice = "© Newsroom"
    image.save()

    comparison = history.compare_with_live(snapshot_queryset().get(pk=article.pk))
    assert comparison.changes_pending
    assert any("Newsroom" in "".join(text for _kind, text in diff.chunks) for diff in comparison.diffs)


def test_an_editor_applies_a_credit_correction_to_every_live_piece(editor, django_capture_on_commit_callbacks):
    image = image_with_file(creator="Jana Beispeil", agencies="dpa", usage_terms="Editorial use only.")
    first, old_first = live_piece(image)
    second, old_second = live_piece(image)
    untouched_image = image_with_file()
    _third, old_third = live_piece(untouched_image)
    image.creator = "Jana Beispiel"
    image.save()
    before = generation.current()

    assert [item.version.pk for item in picture_rules.behind_the_library(image)] == sorted(
        [old_first.pk, old_second.pk], key=lambda pk: PublishedVersion.objects.get(pk=pk).headline
    )
    done = workflow.apply_picture_change(image, by=editor)

    assert len(done) == 2
    for article, old in ((first, old_first), (second, old_second)):
        live = PublishedVersion.objects.get(article=article, is_live=True)
        assert live.pk != old.pk and live.published_by == editor
        assert live.placements[0]["credit_line"] == "© Jana Beispiel/dpa"
        assert live.placements[0]["creator"] == "Jana Beispiel"
        assert live.body_html == old.body_html and live.headline == old.headline
        assert live.pictures.filter(image=image).exists()
        event = WorkflowEvent.objects.filter(article=article, transition="picture_corrected").get()
        assert event.actor == editor and "credit" in event.comment and "creator" in event.comment
        assert Article.objects.get(pk=article.pk).history.first().history_change_reason == "picture_corrected"
        assert not history.compare_with_live(snapshot_queryset().get(pk=article.pk)).changes_pending
    assert PublishedVersion.objects.get(pk=old_third.pk).is_live
    assert generation.current() > before
    assert workflow.apply_picture_change(image, by=editor) == []  # nothing left to correct


def test_a_writer_cannot_apply_a_correction(writer):
    image = image_with_file(uploaded_by=writer)
    live_piece(image, writer=writer)
    with pytest.raises(workflow.NotPermitted):
        workflow.apply_picture_change(image, by=writer)


def test_a_piece_with_its_own_caption_keeps_it(editor):
    image = image_with_file(caption="Library caption.")
    article = factories.ArticleFactory()
    factories.PlacementFactory(article=article, image=image, role="lead", caption="Our own caption.")
    workflow.publish(workflow.submit(article, by=editor), by=editor)
    image.caption = "Corrected library caption."
    image.creator = "Someone Else"
    image.save()

    workflow.apply_picture_change(image, by=editor)

    (placement,) = PublishedVersion.objects.get(article=article, is_live=True).placements
    assert placement["caption"] == "Our own caption."
    assert placement["creator"] == "Someone Else"


def test_applying_to_many_pieces_costs_no_more_statements_per_piece(editor):
    def statements(count: int) -> int:
        image = image_with_file(creator="Before")
        for _ in range(count):
            live_piece(image)
        image.creator = "After"
        image.save()
        with CaptureQueriesContext(connection) as queries:
            assert len(workflow.apply_picture_change(image, by=editor)) == count
        return len(queries)

    statements(1)  # the editor's permissions are read once and kept on the user
    assert statements(6) == statements(1)


def test_a_credit_correction_keeps_the_crop_each_piece_was_approved_with(editor):
    from articles.media.focal import set_focal_point
    from articles.models import PublishedPicture

    image = image_with_photo(800, 600, creator="Jana Beispel")
    first, _version = live_piece(image)
    set_focal_point(image, x=0.2, y=0.3, by=editor)  # a library change nobody approved for the first piece
    second, _version = live_piece(image)  # published after it: approved with the new crop
    image.refresh_from_db()
    image.creator = "Jana Beispiel"
    image.save()

    picture_rules.apply_picture_change(image, by=editor)

    crops = {
        link.version.article_id: (link.focal_x, link.focal_y)
        for link in PublishedPicture.objects.filter(image=image, version__is_live=True).select_related("version")
    }
    assert crops == {first.pk: (0.5, 0.5), second.pk: (0.2, 0.3)}
    for article in (first, second):
        placement = PublishedVersion.objects.get(article=article, is_live=True).placements[0]
        assert placement["creator"] == "Jana Beispiel"
