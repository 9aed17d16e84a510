"""Template filters for the desk's editing and review pages."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from articles.i18n.languages import site_language
from articles.review.comments import MENTION_RE
from articles.review.findings import Finding
from articles.workflow.fixes import can_apply

register = template.Library()


@register.filter
def mentions(body: str) -> SafeString:
    """The comment escaped, @mentions marked, line breaks kept."""
    escaped = escape(body or "")
    marked = MENTION_RE.sub(lambda match: f'<span class="mention">@{match.group(1)}</span>', escaped)
    # Safe: built from escaped text; only our own span tags are added.
    return mark_safe(marked.replace("\n", "<br>"))


# Characters a reader of a label cannot see: named instead of shown.
BLANKS = {" ", "\t", "\u00a0", "\u202f"}
HIDDEN = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def _hidden_names() -> dict[str, str]:
    return {
        "\u00a0": _("no-break space"),
        "\u202f": _("narrow no-break space"),
        "\u200b": _("zero-width space"),
        "\u200c": _("zero-width non-joiner"),
        "\u200d": _("zero-width joiner"),
        "\u2060": _("word joiner"),
        "\ufeff": _("zero-width no-break space"),
        "\u00ad": _("soft hyphen"),
    }


def describe_blank(text: str) -> str:
    """White space in words: "two spaces", "a tab", "3 spaces and tabs"."""
    count = len(text)
    if set(text) == {" "}:
        if count == 2:
            return _("two spaces")
        return ngettext("one space", "%(count)s spaces", count) % {"count": count}
    if set(text) == {"\t"}:
        return ngettext("a tab", "%(count)s tabs", count) % {"count": count}
    if len(set(text)) == 1:
        return _hidden_names()[text[0]] if count == 1 else f"{count} \u00d7 {_hidden_names()[text[0]]}"
    return ngettext("%(count)s space or tab", "%(count)s spaces and tabs", count) % {"count": count}


def shown(text: str) -> str:
    """The text as a label quotes it: invisible characters named, white space alone described."""
    if text and set(text) <= BLANKS:
        return describe_blank(text)
    names = _hidden_names()
    visible = "".join(f"⟨{names[char]}⟩" if char in HIDDEN else char for char in text)
    return pgettext("quoted text in a label", "“%(text)s”") % {"text": visible}


@register.filter
def fix_label(finding: Finding) -> str:
    """The "apply" button's label, or "" when the correction cannot be applied here (it is in a caption)."""
    if not can_apply(finding):
        return ""
    old, new = finding.text, finding.fix
    if not new:
        return _("Apply: remove %(old)s") % {"old": shown(old)}
    if old and set(old) == {" "} and new == " ":
        return _("Apply: %(old)s → one") % {"old": shown(old)}
    return _("Apply: %(old)s → %(new)s") % {"old": shown(old), "new": shown(new)}


@register.simple_tag
def reader_language() -> str:
    """The language readers get the piece in (the public site's), whatever the desk user reads the desk in."""
    return site_language()


@register.simple_tag
def diff_chunk(op: str, text: str) -> SafeString:
    """One chunk of a word diff: inserted text in <ins>, deleted in <del>."""
    if op == "insert":
        return format_html('<ins class="diff-ins">{}</ins>', text)
    if op == "delete":
        return format_html('<del class="diff-del">{}</del>', text)
    return format_html("{}", text)


@register.simple_tag
def findings_compact(findings) -> SafeString:
    """The editor's list of findings, one <li> each with its severity badge.

    Written in one pass: a piece in another language can have hundreds of spelling findings, and a
    template loop cost a quarter of the editor page for them.
    """
    badges = {
        True: format_html('<span class="badge text-bg-danger">{}</span>', _("blocking")),
        False: format_html('<span class="badge text-bg-warning">{}</span>', _("warning")),
    }
    items = (f"<li>{badges[found.is_blocking]} {conditional_escape(found.message)}</li>" for _n, found in findings)
    # Safe: the badges are built above, every message is escaped.
    return mark_safe("\n".join(items))


@register.filter
def picture_detail_field(field) -> SafeString:
    """One field of a placed picture's details (label, input, help text), as the small panel shows it.

    Written without a template: every placed picture has a panel of six fields.
    """
    help_text = str(field.help_text)
    helps = ""
    if help_text:
        helps = format_html('<div class="form-text" id="{}_helptext">{}</div>', field.auto_id, help_text)
    if getattr(field.field.widget, "input_type", None) == "checkbox":
        return format_html(
            '<div class="form-check mb-2">{} <label class="form-check-label" for="{}">{}</label>{}</div>',
            field,
            field.id_for_label,
            field.label,
            helps,
        )
    return format_html(
        '<div class="mb-2">\n<label class="form-label small mb-0" for="{}">{}</label>\n{}\n{}</div>',
        field.id_for_label,
        field.label,
        field,
        helps,
    )
