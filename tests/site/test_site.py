"""The public site: only live versions are shown, and an article reads like the corpus piece."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles.models import PublishedVersion
from articles.workflow.snapshots import build_version, snapshot_queryset
from tests import factories
from tests.support.pictures import image_with_file, jpeg
from tests.support.site import clear_site_caches, go_live

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_site_caches():
    clear_site_caches()


def article_html(response) -> str:
    """The rendered piece: the <article> element of the page."""
    html = response.content.decode()
    return html[html.index('<article class="piece">') : html.index("</article>")]


@pytest.fixture
def politics():
    return factories.SectionFactory(name="Politics", slug="politics")


@pytest.fixture
def fabian():
    return factories.AuthorFactory(name="Fabian Müller", slug="fabian-mueller", sign_off="fmu")


@pytest.fixture
def corpus_like(politics, fabian):
    """A piece shaped like the corpus article (invented text): dateline, subheadings, an archive image, a sign-off."""
    article = factories.ArticleFactory(
        section=politics,
        authors=[fabian],
        kicker="Energy",
        headline="Ministers delay the decision on the northern pipeline",
        slug="northern-pipeline",
        teaser="The government still does not want to approve the pipeline through the national park.",
        dateline="Berlin/Oslo",
        body=(
            "The ministry will take more time before it decides on the route.\n\n"
            "For months, the operator has been asking for a permit to start building.\n\n"
            "## A route through the park\n\n"
            "The planned line crosses forty kilometres of protected forest.\n\n"
            "Shortly after the last hearing, the park authority asked for a new survey.\n\n"
            "## Neighbours are divided\n\n"
            "The operator said: “We have answered every question the ministry asked.”\n\n"
            "There is still no agreement between the two governments on this question."
        ),
        date=datetime.date(2024, 7, 17),
    )
    image = image_with_file(
        caption="Engineers would like to start work on the coast this autumn.",
        alt_text="Pipes stacked on a quay",
        creator="Jana Beispiel",
        organisation="Port Authority",
        agencies="AP/dpa",
        is_archive=True,
    )
    factories.PlacementFactory(article=article, image=image, role="inline", position=5)
    return article


# --- what appears ---------------------------------------------------------------------


def test_live_piece_is_on_front_section_author_and_article_pages(client, corpus_like, fabian, politics):
    version = go_live(corpus_like)
    for url in ("/", "/politics/", f"/authors/{fabian.slug}/", version.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert corpus_like.headline in response.content.decode(), url
    assert version.get_absolute_url() == "/politics/northern-pipeline/"


def test_draft_without_live_version_is_404_everywhere(client, politics, fabian):
    article = factories.ArticleFactory(section=politics, authors=[fabian], slug="secret-plan")
    assert client.get("/politics/secret-plan/").status_code == 404
    assert article.headline not in client.get("/").content.decode()
    assert article.headline not in client.get("/politics/").content.decode()
    assert client.get(f"/authors/{fabian.slug}/").status_code == 404


def test_withdrawn_version_is_404(client, corpus_like):
    version = go_live(corpus_like)
    PublishedVersion.objects.filter(pk=version.pk).update(is_live=False)
    response = client.get(version.get_absolute_url())
    assert response.status_code == 404
    assert corpus_like.headline not in client.get("/").content.decode()


def test_expired_version_is_404_even_before_the_system_withdraws_it(client, corpus_like):
    version = go_live(corpus_like)
    PublishedVersion.objects.filter(pk=version.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(version.get_absolute_url()).status_code == 404
    assert corpus_like.headline not in client.get("/politics/").content.decode()


def test_404_is_never_cached(client):
    response = client.get("/politics/nothing-here/")
    assert response.status_code == 404
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_unknown_section_is_404(client):
    assert client.get("/no-such-section/").status_code == 404


def test_changed_slug_answers_301_to_the_current_address(client, corpus_like):
    old = go_live(corpus_like)
    corpus_like.slug = "northern-pipeline-route"
    corpus_like.save()
    new = go_live(corpus_like)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == new.get_absolute_url() == "/politics/northern-pipeline-route/"


def test_changed_section_answers_301(client, corpus_like):
    old = go_live(corpus_like)
    corpus_like.section = factories.SectionFactory(name="World", slug="world")
    corpus_like.save()
    go_live(corpus_like)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == "/world/northern-pipeline/"


def test_old_slug_of_a_withdrawn_piece_is_404_not_a_redirect(client, corpus_like):
    old = go_live(corpus_like)
    corpus_like.slug = "northern-pipeline-route"
    corpus_like.save()
    new = go_live(corpus_like)
    PublishedVersion.objects.filter(pk=new.pk).update(is_live=False)
    assert client.get(old.get_absolute_url()).status_code == 404


def test_section_page_lists_only_its_own_pieces(client, corpus_like):
    go_live(corpus_like)
    elsewhere = factories.ArticleFactory(section=factories.SectionFactory(slug="sport"))
    go_live(elsewhere)
    html = client.get("/politics/").content.decode()
    assert corpus_like.headline in html
    assert elsewhere.headline not in html


def test_pagination_on_the_front_page(client, politics):
    for number in range(23):
        go_live(factories.ArticleFactory(section=politics, headline=f"Piece number {number:02d}"))
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert "Piece number 22" in first and "Piece number 00" not in first
    assert "Piece number 00" in second and "Piece number 22" not in second
    assert 'href="?page=2"' in first
    assert client.get("/?page=3").status_code == 404
    for odd in ("zero", "0", "-1", "²", "99999999999999999999999", ""):
        assert client.get("/", {"page": odd}).status_code == 404, odd


def test_pages_do_not_answer_post(client, corpus_like):
    version = go_live(corpus_like)
    assert client.post(version.get_absolute_url()).status_code == 405


# --- how an article reads ------------------------------------------------------------------


def test_article_reads_in_corpus_order(client, corpus_like):
    version = go_live(corpus_like)
    html = article_html(client.get(version.get_absolute_url()))
    order = [
        '<li><a href="/">Front page</a></li>',
        '<a href="/politics/">Politics</a>',
        "Energy",
        corpus_like.headline,
        '<time datetime="2024-07-17">',
        '<a href="/authors/fabian-mueller/" rel="author">Fabian Müller</a>',
        corpus_like.teaser,
        '<p><span class="dateline">Berlin/Oslo</span> \N{EN DASH} The ministry will take more time',
        "<h2>A route through the park</h2>",
        "Shortly after the last hearing",
        "Engineers would like to start work",
        "(Archive image)",
        "© Jana Beispiel/Port Authority/AP/dpa",
        "<h2>Neighbours are divided</h2>",
        'on this question. <span class="sign-off">(fmu)</span></p>',
    ]
    positions = [html.index(part) for part in order]
    assert positions == sorted(positions)


def test_caption_archive_flag_and_credit_sit_in_one_figcaption(client, corpus_like):
    version = go_live(corpus_like)
    html = article_html(client.get(version.get_absolute_url()))
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", caption)
    assert text == (
        "Engineers would like to start work on the coast this autumn. (Archive image) "
        "© Jana Beispiel/Port Authority/AP/dpa"
    )


def test_lead_image_comes_before_the_body(client, corpus_like):
    lead = image_with_file(caption="The ministry in Berlin.", creator="Jane Doe", agencies="dpa")
    factories.PlacementFactory(article=corpus_like, image=lead, role="lead")
    version = go_live(corpus_like)
    html = article_html(client.get(version.get_absolute_url()))
    assert html.index("The ministry in Berlin.") < html.index('class="piece-body"')
    assert "piece-figure-lead" in html


def test_no_archive_mark_without_the_flag(client, corpus_like):
    image = image_with_file(caption="Fresh picture.", is_archive=False)
    factories.PlacementFactory(article=corpus_like, image=image, role="lead")
    corpus_like.placements.filter(role="inline").delete()
    html = article_html(client.get(go_live(corpus_like).get_absolute_url()))
    assert "Fresh picture." in html
    assert "(Archive image)" not in html


def test_several_authors_share_the_byline_and_the_sign_off(client, politics, fabian):
    other = factories.AuthorFactory(name="Anna Berg", slug="anna-berg", sign_off="abe")
    article = factories.ArticleFactory(section=politics, authors=[fabian, other], dateline="")
    html = article_html(client.get(go_live(article).get_absolute_url()))
    assert "Fabian Müller</a> and <a" in html
    assert '<span class="sign-off">(fmu/abe)</span></p>' in html
    assert 'class="dateline"' not in html


def test_correction_note_is_shown(client, corpus_like):
    version = go_live(corpus_like, correction_note="An earlier version gave the wrong length of the route.")
    html = article_html(client.get(version.get_absolute_url()))
    assert "Correction:" in html
    assert "An earlier version gave the wrong length of the route." in html


def test_open_graph_and_json_ld(client, corpus_like, settings):
    settings.SITE_URL = "https://news.example"
    image = image_with_file(caption="Lead.")
    factories.PlacementFactory(article=corpus_like, image=image, role="lead")
    version = go_live(corpus_like)
    html = client.get(version.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{corpus_like.headline}">' in html
    assert '<meta property="og:url" content="https://news.example/politics/northern-pipeline/">' in html
    assert '<meta property="og:image" content="https://news.example/media/' in html
    assert '<link rel="canonical" href="https://news.example/politics/northern-pipeline/">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == corpus_like.headline
    assert data["author"] == [
        {"@type": "Person", "name": "Fabian Müller", "url": "https://news.example/authors/fabian-mueller/"}
    ]
    assert data["datePublished"] == version.first_published_at.isoformat()
    assert data["image"][0]["url"].startswith("https://news.example/media/")


def test_partial_renders_an_unsaved_preview_without_queries(corpus_like, django_assert_num_queries):
    """The desk includes site/_article.html with an unsaved version: it must not touch the database."""
    from django.template.loader import render_to_string

    article = snapshot_queryset().get(pk=corpus_like.pk)
    preview = build_version(article)
    with django_assert_num_queries(0):
        html = render_to_string("site/_article.html", {"piece": preview})
    assert '<span class="dateline">Berlin/Oslo</span>' in html
    assert "(Archive image)" in html
    assert "(fmu)</span></p>" in html


# --- hostile markup -------------------------------------------------------------------------

HOSTILE_BODY = (
    "<script>alert('body')</script>\n\n"
    '<img src=x onerror="alert(1)">\n\n'
    "[click me](javascript:alert(2)) and [ok](https://example.org)\n\n"
    '<a href="javascript:alert(3)" onclick="alert(4)">raw</a>\n\n'
    "</script><script>alert(5)</script>"
)
HOSTILE_TEXT = "</script><script>alert('x')</script><b onmouseover=alert(6)>"


class ActiveMarkup(HTMLParser):
    """Collects what a browser would run: script elements, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/ld+json":
            self.found.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"{tag} {name}={value}")


def assert_inert(markup: str) -> None:
    parser = ActiveMarkup()
    parser.feed(markup)
    parser.close()
    assert parser.found == []


def test_hostile_markup_is_inert_on_the_page(client, politics):
    article = factories.ArticleFactory(
        section=politics,
        body=HOSTILE_BODY,
        headline=HOSTILE_TEXT,
        teaser=HOSTILE_TEXT,
        kicker=HOSTILE_TEXT,
        dateline=HOSTILE_TEXT,
        slug="hostile",
        authors=[factories.AuthorFactory(name=HOSTILE_TEXT)],
    )
    image = image_with_file(caption=HOSTILE_TEXT, alt_text=HOSTILE_TEXT, creator=HOSTILE_TEXT)
    factories.PlacementFactory(article=article, image=image, role="inline", position=1)
    version = go_live(article)
    html = client.get(version.get_absolute_url()).content.decode()
    # The only script elements are the JSON-LD data block and our own files.
    assert_inert(html)
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in json_ld
    assert json.loads(json_ld)["headline"] == HOSTILE_TEXT
    assert 'href="https://example.org"' in html
    for page in ("/", "/politics/"):
        assert_inert(client.get(page).content.decode())


# --- every state, through the workflow ------------------------------------------------------


def states_through_the_workflow(editor, section) -> dict:
    """One article in each state a reader must not see, made the way the desk makes them."""
    from articles import workflow

    def fresh(name: str):
        return factories.ArticleFactory(section=section, slug=name, headline=f"Headline of the {name} piece")

    made = {"draft": fresh("draft")}
    made["in_review"] = workflow.submit(fresh("in-review"), by=editor)
    made["scheduled"] = workflow.schedule(
        workflow.submit(fresh("scheduled"), by=editor),
        by=editor,
        publish_at=timezone.now() + datetime.timedelta(hours=1),
    )
    withdrawn = workflow.publish(workflow.submit(fresh("withdrawn"), by=editor), by=editor)
    made["unpublished"] = workflow.withdraw(withdrawn, by=editor, comment="Legal asked us to take it down.")
    expired = fresh("expired")
    expired.expire_at = timezone.now() + datetime.timedelta(hours=1)
    expired.save()
    made["expired"] = workflow.publish(workflow.submit(expired, by=editor), by=editor)
    return made


def test_no_state_without_a_live_version_is_readable(client, editor, politics):
    made = states_through_the_workflow(editor, politics)
    # The expiry passes; the system has not withdrawn it yet, the site already hides it.
    PublishedVersion.objects.filter(article=made["expired"]).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    listings = "".join(
        client.get(url).content.decode()
        for url in ("/", "/politics/", "/feeds/rss/", "/feeds/atom/", "/sitemap-pieces.xml", "/sitemap-news.xml")
    )
    for state, article in made.items():
        # A withdrawn piece is Gone (410, with a notice) at its last address; the others were never there.
        expected = 410 if state == "unpublished" else 404
        assert client.get(f"/politics/{article.slug}/").status_code == expected, state
        assert article.headline not in listings, state
        assert f"/politics/{article.slug}/" not in listings, state


def test_published_through_the_workflow_is_readable_and_an_update_keeps_it_online(client, editor, politics):
    from articles import workflow

    article = factories.ArticleFactory(section=politics, slug="budget")
    workflow.publish(workflow.submit(article, by=editor), by=editor)
    assert client.get("/politics/budget/").status_code == 200
    workflow.start_update(article, by=editor)
    response = client.get("/politics/budget/")
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_the_corpus_article_reads_in_its_own_order(client, corpus_article):
    """The real piece, imported and put live, reads like the original page."""
    from articles.exchange.importer import import_file

    article = import_file(corpus_article).article
    placement = article.placements.select_related("image").get()
    placement.image.file.save("corpus.jpg", jpeg(), save=True)
    version = go_live(article)
    author = article.bylines.get().author
    html = article_html(client.get(version.get_absolute_url()))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    order = [
        article.section.name,
        author.name,
        article.teaser,
        f"{article.dateline} \N{EN DASH} ",
        placement.effective_caption,
        "(Archive image)",
        placement.image.credit_line,
        f"({author.sign_off})",
    ]
    positions = [text.index(" ".join(part.split())) for part in order]
    assert positions == sorted(positions)
    assert text.rstrip().endswith(f"({author.sign_off})")
    assert html.count("<h2>") >= 2  # the corpus piece's subheadings


def test_site_name_comes_from_the_settings(client, corpus_like, settings):
    settings.NEWSROOM_SITE_NAME = "Harbour Herald"
    version = go_live(corpus_like)
    for url in ("/", "/politics/", version.get_absolute_url(), "/politics/missing/"):
        html = client.get(url).content.decode()
        assert '<a class="masthead-title" href="/">Harbour Herald</a>' in html, url
    assert "Harbour Herald: latest news" in client.get("/feeds/rss/").content.decode()
