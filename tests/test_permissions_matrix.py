"""Who may do what: every actor, every user transition, every state, through the workflow service.

Each case either succeeds (the piece lands in the transition's target state with
exactly one new event) or raises the specific error — and then nothing changed:
not the state, not the events, not the published versions.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles import workflow
from articles.models import Article, PublishedVersion, State, WorkflowEvent
from tests import factories

pytestmark = pytest.mark.django_db


ACTORS = ("anonymous", "writer_own", "writer_other", "editor", "superuser")
USER_TRANSITIONS = [name for name, spec in workflow.TRANSITIONS.items() if not spec.system]
# "updating": a published piece whose update is being written (draft, live version still online).
STATES = ("draft", "in_review", "scheduled", "published", "updating", "unpublished")

WRITER_TRANSITIONS = {"submit", "start_update", "take_back", "spike", "unspike"}
# Only the piece's own writers, not editors (they request changes instead).
WRITERS_ONLY = {name for name, spec in workflow.TRANSITIONS.items() if spec.writers_only}


def make_piece(state: str, writer, chief) -> Article:
    """A piece of `writer`'s brought into `state` through the workflow itself."""
    article = factories.ArticleFactory(authors=[writer.author], created_by=writer)
    if state == "draft":
        return article
    workflow.submit(article, by=chief)
    if state == "in_review":
        return article
    if state == "scheduled":
        return workflow.schedule(article, by=chief, publish_at=timezone.now() + datetime.timedelta(days=1))
    workflow.publish(article, by=chief)
    if state == "published":
        return article
    if state == "updating":
        return workflow.start_update(article, by=chief)
    return workflow.withdraw(article, by=chief, comment="Off the site.")


def expected_outcome(actor: str, name: str, state: str) -> type[Exception] | None:
    """None when allowed, else the error the service must raise."""
    if actor in {"anonymous", "writer_other"}:
        return workflow.NotPermitted
    if actor == "writer_own" and name not in WRITER_TRANSITIONS:
        return workflow.NotPermitted
    if actor in {"editor", "superuser"} and name in WRITERS_ONLY:
        return workflow.NotPermitted
    spec = workflow.TRANSITIONS[name]
    status = State.DRAFT if state == "updating" else state
    if status not in spec.source:
        return workflow.WrongState
    has_live_version = state in {"published", "updating"}
    if spec.needs_live_version and not has_live_version:
        return workflow.WrongState
    if spec.needs_newer_revision:  # nobody edited the scheduled piece here: nothing newer to schedule
        return workflow.WrongState
    if spec.needs_due:  # the scheduled piece here is due tomorrow: nothing overdue to publish now
        return workflow.WrongState
    if name == "spike" and has_live_version:
        return workflow.WrongState  # a live piece's update is withdrawn first, not spiked
    return None


@pytest.fixture
def actors(writer, other_writer, editor, superuser):
    return {
        "anonymous": AnonymousUser(),
        "writer_own": writer,
        "writer_other": other_writer,
        "editor": editor,
        "superuser": superuser,
    }


def snapshot(article: Article) -> tuple:
    stored = Article.objects.get(pk=article.pk)
    versions = list(PublishedVersion.objects.filter(article=article).values_list("pk", "is_live"))
    return stored.status, stored.publish_at, WorkflowEvent.objects.filter(article=article).count(), versions


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", USER_TRANSITIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(actors, writer, superuser, actor, name, state):
    article = make_piece(state, writer, superuser)
    before = snapshot(article)
    user = actors[actor]
    outcome = expected_outcome(actor, name, state)
    kwargs = {
        "by": user,
        "comment": "Reason given.",
        "publish_at": timezone.now() + datetime.timedelta(days=2),
    }
    if outcome is None:
        workflow.perform(name, article, **kwargs)
        status, _publish_at, event_count, _versions = snapshot(article)
        assert status == workflow.TRANSITIONS[name].target
        assert event_count == before[2] + 1
        event = WorkflowEvent.objects.filter(article=article).latest("pk")
        assert (event.transition, event.actor) == (name, user)
    else:
        with pytest.raises(outcome) as raised:
            workflow.perform(name, article, **kwargs)
        assert type(raised.value) is outcome
        assert str(raised.value)  # a message for the user
        assert snapshot(article) == before


@pytest.mark.parametrize("name", ["publish_due", "expire"])
@pytest.mark.parametrize("actor", ACTORS)
def test_system_transitions_are_not_for_users(actors, writer, superuser, actor, name):
    article = make_piece("published" if name == "expire" else "scheduled", writer, superuser)
    before = snapshot(article)
    with pytest.raises(workflow.NotPermitted):
        workflow.perform(name, article, by=actors[actor])
    assert snapshot(article) == before


def test_the_matrix_offers_what_it_allows(actors, writer, superuser):
    """available_transitions() lists exactly the transitions the matrix allows (besides field checks)."""
    for state in STATES:
        article = make_piece(state, writer, superuser)
        for actor, user in actors.items():
            offered = {spec.name for spec in workflow.available_transitions(article, user)}
            allowed = {name for name in USER_TRANSITIONS if expected_outcome(actor, name, state) is None}
            assert offered == allowed, (state, actor)


def test_inactive_editor_may_do_nothing(writer, superuser):
    editor = factories.EditorFactory(is_active=False)
    article = make_piece("in_review", writer, superuser)
    with pytest.raises(workflow.NotPermitted):
        workflow.publish(article, by=editor)
    assert Article.objects.get(pk=article.pk).status == State.IN_REVIEW
