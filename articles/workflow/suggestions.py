"""Suggestion mode: a reviewer's changes kept as suggestions, which whoever may edit the piece accepts or rejects.

    propose(article, by=reviewer, …)  → Suggestion rows (one per changed run of words), a "suggested" event, notices
    accept(article, by=writer, ids)    → one conflict-safe save through `saving.save_submission` (a revision,
                                         history, merged with a save that came first), an event, notices
    reject(article, by=writer, ids)    → the suggestions closed, an event, notices

A suggestion is anchored like a comment (its words, their context and offset); one whose words are no longer
in the text is marked outdated, never applied (finding them, and the publishing gate: `suggestion_reading`).
docs/suggestions.md tells the whole story.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Notice, Suggestion, WorkflowEvent
from articles.workflow import merging, notifications
from articles.workflow.editing import EDITABLE_FIELDS
from articles.workflow.errors import NotPermitted, WorkflowError
from articles.workflow.permissions import can_edit, is_editor, is_writer_of
from articles.workflow.saving import Outcome, SaveResult, Submission, save_submission
from articles.workflow.suggestion_reading import TEXT_FIELDS, find
from articles.workflow.suggestion_text import apply as apply_edits
from articles.workflow.suggestion_text import changes


class NothingToAccept(WorkflowError):
    default_message = gettext_lazy(
        "There is nothing to accept: the suggestions are decided or their words have changed."
    )


class SuggestionConflict(WorkflowError):
    default_message = gettext_lazy(
        "Nothing was accepted: someone changed the same words in the meantime. Reload the editor and decide again."
    )


def can_suggest(user, article: Article) -> bool:
    """Whoever may review the piece (editors) may suggest changes to it."""
    return is_editor(user)


def can_decide(user, article: Article) -> bool:
    """Whoever may edit the piece accepts or rejects its suggestions."""
    return can_edit(user, article)


def refusal_to_suggest() -> NotPermitted:
    return NotPermitted(
        _("Only editors may suggest changes to a piece. To change your own piece, edit it; otherwise comment on it.")
    )


def refusal_to_decide() -> NotPermitted:
    return NotPermitted(
        _("Only the piece's writers and editors may accept or reject its suggestions. Comment on them instead.")
    )


# --- proposing ---------------------------------------------------------------------------------------


def propose(
    article: Article,
    *,
    by,
    base_version: int,
    fields: dict[str, str],
    captions: dict[int, str] | None = None,
) -> list[Suggestion]:
    """Keep the differences between what `by` saw (revision `base_version`) and what they typed as suggestions.

    `fields`: text fields of `TEXT_FIELDS` as typed; `captions`: placement id → caption as typed.
    Nothing else of the piece changes. Raises NotPermitted for anyone who may not review the piece.
    """
    if not can_suggest(by, article):
        raise refusal_to_suggest()
    base = merging.base_fields(article, base_version) or merging.stored_fields(article)
    made: list[Suggestion] = []
    for name in TEXT_FIELDS:
        if name in fields:
            made += _suggestions(article, by, base_version, name, base.get(name), fields[name])
    placements = {placement.pk: placement for placement in article.placements.select_related("image")}
    base_captions = _base_captions(article, base_version)
    for pk, typed in (captions or {}).items():
        placement = placements.get(pk)
        if placement is None:
            continue
        seen = base_captions.get(placement.image_id, placement.caption)
        made += _suggestions(article, by, base_version, Suggestion.Field.CAPTION, seen, typed, placement=placement)
    # The same form sent twice (or the same change typed again) is not a second suggestion.
    kept = set(article.suggestions.open().values_list("field", "placement_id", "original", "proposed", "prefix"))
    made = [s for s in made if (s.field, s.placement_id, s.original, s.proposed, s.prefix) not in kept]
    if not made:
        return []
    with transaction.atomic():
        Suggestion.objects.bulk_create(made)
        _event(article, "suggested", by=by, comment=_summary(made))
        recipients = _writers(article)
        notifications.store(notifications.render("suggested", article, recipients, by=by, comment=_summary(made)))
        Notice.objects.bulk_create(
            notifications.notices(Notice.Kind.SUGGESTED, article, recipients, by=by, comment=_summary(made))
        )
    return made


def _suggestions(article, by, base_version, field, seen, typed, *, placement=None) -> list[Suggestion]:
    return [
        Suggestion(
            article=article,
            field=field,
            placement=placement,
            kind=change.kind,
            original=change.original,
            proposed=change.proposed,
            offset=change.offset,
            prefix=change.prefix,
            suffix=change.suffix,
            base_version=base_version,
            author=by,
        )
        for change in changes(seen, typed)
    ]


def _base_captions(article: Article, version: int) -> dict[int, str]:
    """Image id → caption as revision `version` froze it (the placement's own, "" for the picture's)."""
    lists = merging.base_lists(article, version)
    if lists is None:
        return {}
    return {image: caption for image, _role, _position, caption in lists["placements"]}


def _summary(suggestions: list[Suggestion]) -> str:
    lines = []
    for suggestion in suggestions[:20]:
        where = suggestion.get_field_display()
        if suggestion.kind == Suggestion.Kind.INSERTION:
            lines.append(_("%(field)s: insert “%(new)s”") % {"field": where, "new": suggestion.proposed.strip()})
        elif suggestion.kind == Suggestion.Kind.DELETION:
            lines.append(_("%(field)s: delete “%(old)s”") % {"field": where, "old": suggestion.original.strip()})
        else:
            lines.append(
                _("%(field)s: “%(old)s” → “%(new)s”")
                % {"field": where, "old": suggestion.original.strip(), "new": suggestion.proposed.strip()}
            )
    if len(suggestions) > 20:
        lines.append(_("… and %(count)d more") % {"count": len(suggestions) - 20})
    return "\n".join(lines)


# --- deciding ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """What became of a decision: how many were accepted or rejected, how many turned out outdated."""

    done: int
    outdated: int
    saved: SaveResult | None = None


def accept(article: Article, *, by, ids: list[int] | None = None) -> Decided:
    """Apply the open suggestions `ids` (all open ones: None) as one conflict-safe save by `by`.

    The words of each are found again in the stored text first; those gone are marked outdated and left
    out. Raises NothingToAccept when none can be applied, SuggestionConflict when a save in between changed
    the same words (nothing accepted), NotPermitted for anyone who may not edit the piece.
    """
    if not can_decide(by, article):
        raise refusal_to_decide()
    outdated = _mark_outdated(article, ids, by=by)
    with transaction.atomic():
        stored = Article.objects.select_related("section").get(pk=article.pk)
        chosen = list(_chosen(stored, ids).select_for_update(of=("self",)))
        placements = {placement.pk: placement for placement in stored.placements.select_related("image")}
        for suggestion in chosen:
            if suggestion.placement_id:
                suggestion.placement = placements.get(suggestion.placement_id)
        values = {name: getattr(stored, name) for name in EDITABLE_FIELDS}
        captions = {pk: placement.caption for pk, placement in placements.items()}
        accepted = _apply(stored, chosen, values, captions)
        if not accepted:
            raise NothingToAccept()
        submission = Submission(
            values=values,
            authors=[byline.author for byline in stored.bylines.select_related("author").order_by("position", "pk")],
            pictures=[
                (placement.image, placement.role, placement.position, captions[placement.pk])
                for placement in sorted(placements.values(), key=lambda p: (p.position, p.pk))
            ],
            base_version=stored.version,
        )
        names = ", ".join(sorted({_name(suggestion.author) for suggestion in accepted}))
        stored._revision_note = ("suggestions_accepted", {"count": len(accepted), "names": names})
        saved = save_submission(stored, submission, by=by)
        if saved.outcome is Outcome.CONFLICT:
            raise SuggestionConflict()
        _close(accepted, Suggestion.State.ACCEPTED, by=by)
        revision = stored.revisions.filter(number=saved.article.version).first()
        _event(stored, "suggestions_accepted", by=by, comment=_summary(accepted), revision=revision)
        _tell_authors(stored, accepted, Notice.Kind.SUGGESTIONS_ACCEPTED, by=by)
    return Decided(len(accepted), outdated, saved)


def reject(article: Article, *, by, ids: list[int] | None = None) -> Decided:
    """Close the open suggestions `ids` (all open ones: None) unapplied."""
    if not can_decide(by, article):
        raise refusal_to_decide()
    with transaction.atomic():
        chosen = list(_chosen(article, ids).select_for_update(of=("self",)))
        if not chosen:
            return Decided(0, 0)
        _close(chosen, Suggestion.State.REJECTED, by=by)
        _event(article, "suggestions_rejected", by=by, comment=_summary(chosen))
        _tell_authors(article, chosen, Notice.Kind.SUGGESTIONS_REJECTED, by=by)
    return Decided(len(chosen), 0)


def _chosen(article: Article, ids: list[int] | None):
    rows = Suggestion.objects.open().filter(article_id=article.pk)
    return rows if ids is None else rows.filter(pk__in=ids)


def _mark_outdated(article: Article, ids: list[int] | None, *, by) -> int:
    """Mark the chosen suggestions whose words are gone as outdated (committed even if nothing is accepted)."""
    with transaction.atomic():
        stored = Article.objects.get(pk=article.pk)
        chosen = list(_chosen(stored, ids).select_related("placement").select_for_update(of=("self",)))
        gone = [suggestion for suggestion in chosen if find(stored, suggestion) is None]
        _close(gone, Suggestion.State.OUTDATED, by=by)
    return len(gone)


def _apply(stored: Article, chosen: list[Suggestion], values: dict, captions: dict[int, str]) -> list[Suggestion]:
    """Write the chosen suggestions into `values`/`captions`; the ones applied (overlapping ones stay open)."""
    groups: dict[tuple[str, int | None], list[tuple[Suggestion, tuple[int, int]]]] = defaultdict(list)
    for suggestion in chosen:
        if suggestion.field == Suggestion.Field.CAPTION and suggestion.placement is None:
            continue
        span = find(stored, suggestion)
        if span is not None:
            groups[(suggestion.field, suggestion.placement_id)].append((suggestion, span))
    accepted = []
    for (field, placement_id), rows in groups.items():
        text = captions[placement_id] if placement_id else (values[field] or "")
        text, applied = apply_edits(text, [(span[0], span[1], suggestion.proposed) for suggestion, span in rows])
        if placement_id:
            captions[placement_id] = text
        else:
            values[field] = text
        accepted += [rows[index][0] for index in applied]
    return accepted


def _close(suggestions: list[Suggestion], state: str, *, by) -> None:
    now = timezone.now()
    for suggestion in suggestions:
        suggestion.state, suggestion.decided_by, suggestion.decided_at = state, by, now
    Suggestion.objects.bulk_update(suggestions, ["state", "decided_by", "decided_at"])


def _event(article: Article, transition: str, *, by, comment: str = "", revision=None) -> None:
    WorkflowEvent.objects.create(
        article=article,
        transition=transition,
        from_state=article.status,
        to_state=article.status,
        actor=by,
        comment=comment,
        revision=revision,
    )


def _writers(article: Article) -> list:
    """Who hears of new suggestions: the piece's bylined writers and whoever created it, each once."""
    writers = {user.pk: user for user in notifications.bylined_writers(article)}
    creator = article.created_by
    if creator is not None and creator.is_active and is_writer_of(creator, article):
        writers.setdefault(creator.pk, creator)
    return list(writers.values())


def _tell_authors(article: Article, suggestions: list[Suggestion], kind: str, *, by) -> None:
    by_author: dict[int, list[Suggestion]] = defaultdict(list)
    for suggestion in suggestions:
        by_author[suggestion.author_id].append(suggestion)
    for rows in by_author.values():
        author = rows[0].author
        notifications.store(notifications.render(kind, article, [author], by=by, comment=_summary(rows)))
        Notice.objects.bulk_create(notifications.notices(kind, article, [author], by=by, comment=_summary(rows)))


def _name(user) -> str:
    return user.get_full_name() or user.get_username()
