"""Body markup to sanitised HTML, done once at publication.

The body is plain text with light markup (blank-line paragraphs, ``## `` subheadings,
``> `` quotations, ``*emphasis*``, links). markdown-it parses it with raw HTML
switched off; nh3 (the Ammonia sanitiser) then keeps only the tags and URL
schemes a news body needs, so nothing a writer types can run in a reader's browser.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Bump when `render_body` gives other HTML for the same text (a sanitiser fix, a new markup rule):
# revisions store their body rendered when they were saved, and one rendered by an older
# renderer is rendered again when it is published.
RENDERING = 1

ALLOWED_TAGS = {"p", "h2", "h3", "blockquote", "em", "strong", "a", "ul", "ol", "li", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# "commonmark" with html off: raw tags in the text are shown as text, not markup.
_markdown = MarkdownIt("commonmark", {"html": False}).disable(
    ["image", "code", "fence", "html_block", "html_inline", "lheading", "hr", "table"], ignoreInvalid=True
)


def _promote_subheadings(text: str) -> str:
    """Only “## ” starts a subheading; every other level is rendered as h2 too (one level in news copy)."""
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("#") and stripped.lstrip("#").startswith(" "):
            lines.append("## " + stripped.lstrip("#").strip())
        else:
            lines.append(line)
    return "\n".join(lines)


def render_body(text: str) -> str:
    """Sanitised HTML for an article body; safe to mark as safe in templates."""
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return sanitise(_markdown.render(_promote_subheadings(text)))


def sanitise(html: str) -> str:
    """HTML cut down to what a news body may hold (the tags, links and schemes above), nothing that runs."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def paragraphs(text: str) -> list[str]:
    """The body's blocks, split on blank lines, as the writer typed them."""
    return [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
