"""With the desk in German, no page shows an English UI string: desk, admin additions, public site.

Every page is rendered with German content (so the content cannot hide English) and two things
are looked for in its visible text and its labels (title, aria-label, placeholder, alt):
every English source string of our catalogue whose German differs, and common English words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import polib
import pytest
from django.urls import reverse

from articles.models import DeskProfile
from tests.i18n.german_newsroom import german_newsroom
from tests.i18n.test_catalogues import GERMAN
from tests.support.site import clear_site_caches

pytestmark = pytest.mark.django_db

# English words that German text never contains as words (content and UI alike).
# Lowercase function words as they stand inside English text, and English UI words as labels.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|of|to|your|you|with|this|for|not|has|been|are|is|no|yet|here|by|from|none|more|on|at"
    r"|[Ss]ave|[Ee]dit|[Cc]ancel|[Ss]earch|[Ss]how|[Aa]dd|[Rr]emove|[Bb]ack|[Nn]ext|[Pp]revious|[Pp]age"
    r"|[Pp]ieces?|[Dd]raft|[Rr]eview|[Pp]ublished|[Ss]cheduled|[Ww]ithdrawn|[Ii]mages?|[Aa]uthors?|[Ss]ign)\b"
)
# Words that are German too, or names, or the product: they may appear on a German page.
ALLOWED = {"in", "Newsroom", "Desk", "Status", "Name", "Version", "Workflow", "Slug", "Online", "online", "Text"}
LABEL_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: element text outside script/style, and label attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        for name, value in attrs:
            if name in LABEL_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_source_strings() -> list[str]:
    """Catalogue entries that read differently in German, long enough to be unmistakable."""
    found = []
    for entry in polib.pofile(str(GERMAN)):
        if "%" in entry.msgid or "{" in entry.msgid or entry.msgid == entry.msgstr:
            continue
        if len(entry.msgid) >= 8 and " " in entry.msgid:
            found.append(entry.msgid)
    return found


ENGLISH = english_source_strings()


def english_left(html: str) -> list[str]:
    text = visible_text(html)
    problems = [source for source in ENGLISH if source in text]
    problems += sorted(
        {word for word in ENGLISH_WORDS.findall(text) if word not in ALLOWED and word.lower() not in ALLOWED}
    )
    return problems


@pytest.fixture
def newsroom(settings):
    settings.NEWSROOM_SITE_LANGUAGE = "de"
    clear_site_caches()
    return german_newsroom()


def desk_pages(newsroom) -> list[str]:
    pieces, image = newsroom["pieces"], newsroom["image"]
    draft = pieces["draft"]
    return [
        reverse("desk:dashboard"),
        reverse("desk:article-list"),
        reverse("desk:article-list") + "?status=published",
        reverse("desk:calendar"),
        reverse("desk:calendar") + "?view=day",
        reverse("desk:image-list"),
        reverse("desk:image-detail", args=[image.pk]),
        reverse("desk:image-upload"),
        reverse("desk:author-list"),
        reverse("desk:author-create"),
        reverse("desk:author-edit", args=[newsroom["writer"].author.pk]),
        reverse("desk:article-create"),
        reverse("desk:article-edit", args=[draft.pk]),
        reverse("desk:profile"),
        reverse("password_change"),
        *(reverse("desk:article-review", args=[piece.pk]) for piece in pieces.values()),
        reverse("desk:article-history", args=[draft.pk]),
        reverse("desk:article-diff", args=[draft.pk]),  # the latest change
    ]


def test_every_desk_page_is_german(client, newsroom):
    client.force_login(newsroom["editor"])
    for url in desk_pages(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_left(response.content.decode()) == [], (url, english_left(response.content.decode()))


def test_the_writers_desk_is_german(client, newsroom):
    client.force_login(newsroom["writer"])
    for url in (reverse("desk:dashboard"), reverse("desk:article-edit", args=[newsroom["pieces"]["draft"].pk])):
        assert english_left(client.get(url).content.decode()) == [], url


def test_admin_additions_are_german(client, newsroom):
    client.force_login(newsroom["editor"])
    pieces = newsroom["pieces"]
    for url in (
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[pieces["in_review"].pk]),
        reverse("admin:articles_image_changelist"),
        reverse("admin:articles_image_change", args=[newsroom["image"].pk]),
        reverse("admin:articles_checksetting_changelist"),
        reverse("admin:articles_stylerule_changelist"),
        reverse("admin:articles_deskprofile_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # Django's own admin strings are Django's translation; ours are in the catalogue.
        problems = [source for source in ENGLISH if source in visible_text(html)]
        assert problems == [], url


def test_public_site_is_german(client, newsroom):
    piece = newsroom["pieces"]["published"]
    version = piece.versions.get(is_live=True)
    for url in ("/", "/politik/", version.get_absolute_url(), f"/authors/{newsroom['writer'].author.slug}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_left(response.content.decode()) == [], (url, english_left(response.content.decode()))
    missing = client.get("/politik/gibt-es-nicht/")
    assert missing.status_code == 404
    assert english_left(missing.content.decode()) == []


def test_sign_in_and_error_pages_are_german(client, settings):
    for url in ("/accounts/login/", "/accounts/login/?signed_out=1"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
        assert english_left(response.content.decode()) == [], (url, english_left(response.content.decode()))
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("de"):
        for template in ("403.html", "500.html", "404.html"):
            assert english_left(render_to_string(template)) == [], template


def test_the_detector_finds_english_on_an_english_desk(client, newsroom):
    DeskProfile.objects.filter(user=newsroom["editor"]).update(language="en")
    client.force_login(newsroom["editor"])
    left = english_left(client.get(reverse("desk:dashboard")).content.decode())
    assert "Dashboard" not in left  # one word, not a catalogue phrase…
    assert "Write a new piece" in left  # …but this phrase is
    assert "the" in left or "and" in left or "Draft" in left


def test_the_scheduled_pieces_pending_edits_are_shown_in_german(client, newsroom):
    client.force_login(newsroom["editor"])
    page = client.get(reverse("desk:article-review", args=[newsroom["pieces"]["scheduled"].pk])).content.decode()
    assert "Änderungen gegenüber der geplanten Fassung" in page
    assert "nicht eingeplant: Zum geplanten Zeitpunkt erhalten die Leser Fassung" in page
    assert english_left(page) == []
