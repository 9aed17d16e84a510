"""The suggestion list's items, written in one pass in Python: a hundred suggestions cost what one template would.

Every text from the database goes through `escape`; the words around it are translated once per list.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.models import Suggestion
from articles.workflow.suggestion_reading import Located

register = template.Library()


@register.simple_tag
def suggestion_items(located: list[Located], may_decide: bool, show_in_text: bool = False) -> SafeString:
    """One `<li>` per suggestion: where, what kind, who and when, its words marked, accept/reject (as allowed)."""
    outdated = escape(_("outdated"))
    deleted, inserted = escape(_("deleted")), escape(_("inserted"))
    gone = escape(
        _("These words have changed since: the suggestion cannot be applied. Reject it, or make the change yourself.")
    )
    accept, reject, show = escape(_("Accept")), escape(_("Reject")), escape(_("Show in text"))
    numbered, caption, when = _("suggestion %(number)s"), _("Caption of picture #%(number)s"), _("j M, H:i")
    fields = {key: escape(label) for key, label in Suggestion.Field.choices}
    kinds = {key: escape(label) for key, label in Suggestion.Kind.choices}
    names: dict[int, str] = {}
    times: dict[object, tuple[str, str]] = {}
    items = []
    for number, item in enumerate(located, start=1):
        s = item.suggestion
        if s.author_id not in names:
            names[s.author_id] = escape(s.author.get_full_name() or s.author.get_username())
        minute = s.created_at.replace(second=0, microsecond=0)
        if minute not in times:  # one propose writes many at the same time
            local = timezone.localtime(minute)
            times[minute] = (local.isoformat(timespec="minutes"), escape(date_format(local, when)))
        stamp, shown_time = times[minute]
        if s.field == Suggestion.Field.CAPTION:
            where = escape(caption % {"number": s.placement.image_id if s.placement else "—"})
        else:
            where = fields[s.field]
        hidden = f' <span class="visually-hidden">{escape(numbered % {"number": number})}</span>'
        buttons = ""
        if may_decide:
            if not item.outdated:
                buttons += (
                    f'<button type="submit" form="suggestion-form" name="action" value="accept:{s.pk}" '
                    f'class="btn btn-sm btn-outline-success">{accept}{hidden}</button>'
                )
            buttons += (
                f'<button type="submit" form="suggestion-form" name="action" value="reject:{s.pk}" '
                f'class="btn btn-sm btn-outline-danger">{reject}{hidden}</button>'
            )
        if item.span and show_in_text:
            buttons += (
                f'<button type="button" class="btn btn-link btn-sm p-0" data-show-suggestion hidden>{show}</button>'
            )
        text = (
            escape(item.before)
            + (f'<del class="suggestion-del" title="{deleted}">{escape(s.original)}</del>' if s.original else "")
            + (f'<ins class="suggestion-ins" title="{inserted}">{escape(s.proposed)}</ins>' if s.proposed else "")
            + escape(item.after)
        )
        attributes = f' data-placement="{s.placement_id}"' if s.placement_id else ""
        if item.span:
            attributes += f' data-start="{item.span[0]}" data-end="{item.span[1]}"'
        items.append(
            f'<li class="suggestion{" suggestion-outdated" if item.outdated else ""}" id="suggestion-{s.pk}" '
            f'data-suggestion="{s.pk}" data-field="{s.field}"{attributes}>'
            f'<div class="small suggestion-meta"><strong>{where}</strong> <span class="text-body-secondary">'
            f'· {kinds[s.kind]} · {names[s.author_id]} · <time datetime="{stamp}">{shown_time}</time></span>'
            + (f' <span class="badge text-bg-warning">{outdated}</span>' if item.outdated else "")
            + f'</div><p class="suggestion-text mb-1">{text}</p>'
            + (f'<p class="small text-body-secondary mb-1">{gone}</p>' if item.outdated else "")
            + f'<div class="d-flex flex-wrap gap-2 align-items-center">{buttons}</div></li>'
        )
    return mark_safe("\n".join(items))
