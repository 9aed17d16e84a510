"""Laying out a published piece: where the dateline, the figures and the sign-off go."""

import datetime

from articles.models import PublishedVersion
from articles.rendering import render_body
from articles.site.public import body_blocks, teaser_image


def piece(body: str, *, dateline: str = "Hamburg", placements=(), sign_offs=("fmu",)) -> PublishedVersion:
    return PublishedVersion(
        headline="Headline",
        dateline=dateline,
        date=datetime.date(2026, 11, 20),
        body_html=render_body(body),
        bylines=[{"id": n, "name": s, "slug": s, "sign_off": s} for n, s in enumerate(sign_offs)],
        placements=list(placements),
    )


def figure(position: int, caption: str = "A picture", url: str = "/media/a.jpg") -> dict:
    return {"role": "inline", "position": position, "url": url, "caption": caption}


def layout(version: PublishedVersion) -> list[str]:
    return [block.figure["caption"] if block.figure else str(block.html) for block in body_blocks(version)]


def test_dateline_goes_into_the_first_paragraph_even_after_a_subheading():
    blocks = layout(piece("## Opening\n\nFirst paragraph.\n\nSecond paragraph."))
    assert blocks[0] == "<h2>Opening</h2>"
    assert blocks[1] == '<p><span class="dateline">Hamburg</span> \N{EN DASH} First paragraph.</p>'


def test_figures_follow_position_blocks_and_late_ones_go_to_the_end():
    version = piece("One.\n\n## Two\n\nThree.", placements=[figure(2, "after two"), figure(9, "at the end")])
    blocks = layout(version)
    assert blocks[2] == "after two"
    assert blocks[3].startswith("<p>Three.")
    assert blocks[-1] == "at the end"


def test_figure_at_position_zero_opens_the_body():
    assert layout(piece("One.", placements=[figure(0, "first")]))[0] == "first"


def test_sign_off_closes_the_last_paragraph_or_gets_its_own():
    assert layout(piece("One.\n\nTwo."))[-1] == '<p>Two. <span class="sign-off">(fmu)</span></p>'
    blocks = layout(piece("One.\n\n## Last words", sign_offs=("fmu", "abe")))
    assert blocks[-1] == '<p class="sign-off-line"><span class="sign-off">(fmu/abe)</span></p>'


def test_a_sign_off_the_writer_typed_is_printed_once():
    assert layout(piece("One.\n\nTwo. (fmu)"))[-1] == "<p>Two. (fmu)</p>"
    assert layout(piece("Two. (FMU/abe)", sign_offs=("fmu", "abe")))[-1].endswith("(FMU/abe)</p>")
    # Somebody else's initials are not a sign-off of this piece: ours follows.
    assert layout(piece("Two. (xyz)"))[-1].endswith('(xyz) <span class="sign-off">(fmu)</span></p>')


def test_attribute_values_with_angle_brackets_do_not_confuse_the_split():
    blocks = layout(piece('See [this](https://example.org "a > b").\n\nNext.', dateline=""))
    assert len(blocks) == 2
    assert blocks[1].startswith("<p>Next.")


def test_dateline_and_sign_off_are_escaped():
    blocks = layout(piece("Text.", dateline="<b>Bonn</b>", sign_offs=("<i>x</i>",)))
    assert "&lt;b&gt;Bonn&lt;/b&gt;" in blocks[0]
    assert "(&lt;i&gt;x&lt;/i&gt;)" in blocks[0]


def test_teaser_image_prefers_the_lead_and_skips_missing_files():
    lead = {"role": "lead", "position": 0, "url": "/media/lead.jpg"}
    missing = figure(1, url="")
    inline = figure(2)
    assert teaser_image(piece("x", placements=[inline, lead])) == lead
    assert teaser_image(piece("x", placements=[missing, inline])) == inline
    assert teaser_image(piece("x", placements=[missing])) is None
