"""The invented pieces of the demo, as data: sections, and each piece's text, byline and target state.

Everything here was written for this project (the town of Hafenstedt is made up).
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import State

# --------------------------------------------------------------------------- the cast

SECTIONS = [
    ("Politics", "politics"),
    ("Business", "business"),
    ("Culture", "culture"),
    ("Local", "local"),
    ("Sport", "sport"),
]


@dataclass(frozen=True)
class DemoPiece:
    slug: str
    section: str  # section slug
    state: str  # what the demo shows: a State value, or "update" / "changes_requested"
    kicker: str
    headline: str
    teaser: str
    dateline: str
    body: str
    sign_offs: tuple[str, ...]
    days_ago: int = 0
    lead_image: str | None = None
    inline_image: tuple[str, int] | None = None  # (image key, after this many body blocks)
    comment: str = ""  # the editor's comment for request changes / withdraw, or a review comment
    update: str = ""  # text added by the update in progress


PIECES = [
    DemoPiece(
        slug="council-backs-night-bus-trial",
        section="politics",
        state=State.PUBLISHED,
        kicker="Transport",
        headline="Council backs a year-long night bus trial",
        teaser=(
            "From January two night buses will link the harbour, the station and the new estates on weekends. "
            "The trial costs the town about 180,000 euros."
        ),
        dateline="Hafenstedt",
        body=(
            "The town council has voted for a one-year trial of night buses on Friday and Saturday nights. "
            "Twenty-seven councillors supported the plan, nine voted against it and two abstained.\n\n"
            "The two routes will run every forty minutes between midnight and five in the morning. "
            "One links the harbour with the station, the other serves the estates on the eastern edge of town.\n\n"
            "## Who pays for the buses\n\n"
            "The town pays two thirds of the cost; the regional transport association covers the rest. "
            "Tickets cost the same as during the day.\n\n"
            "## What happens after the trial\n\n"
            "The council wants passenger figures every three months. "
            "If fewer than forty people use a bus on an average night, the route will be reviewed."
        ),
        sign_offs=("wsc",),
        days_ago=3,
        lead_image="council",
    ),
    DemoPiece(
        slug="bakery-opens-second-shop-old-post-office",
        section="business",
        state=State.PUBLISHED,
        kicker="Retail",
        headline="Family bakery opens a second shop in the old post office",
        teaser=(
            "After two years of empty windows the old post office on Marktplatz has a tenant again. "
            "A bakery that started in a garage is moving in."
        ),
        dateline="Hafenstedt",
        body=(
            "The Lindqvist bakery opened its second shop on Saturday morning. "
            "By nine o'clock the queue reached the corner of Kirchgasse.\n\n"
            "Owner Karin Lindqvist started baking in her parents' garage eleven years ago. "
            "Her first shop near the harbour now employs fourteen people.\n\n"
            "## Room for a café\n\n"
            "The former counter hall of the post office has space for thirty seats. "
            "The café part will open in spring, once the kitchen has been approved.\n\n"
            "The building belongs to the town, which rents it out at a reduced price for the first three years."
        ),
        sign_offs=("jke",),
        days_ago=2,
        lead_image="bakery",
    ),
    DemoPiece(
        slug="hafenstedt-women-reach-cup-semi-final",
        section="sport",
        state=State.PUBLISHED,
        kicker="Football",
        headline="Hafenstedt women reach the cup semi-final",
        teaser=(
            "A late header from captain Jule Brandes sends Hafenstedt into the last four of the regional cup. "
            "Nearly two thousand people watched the game."
        ),
        dateline="Hafenstedt",
        body=(
            "For eighty-seven minutes it looked as if extra time was coming. "
            "Then Jule Brandes rose highest at a corner and headed in the only goal of the game.\n\n"
            "The visitors from Kliffhagen had the better chances in the first half. "
            "Goalkeeper Sara Nowak saved twice from close range.\n\n"
            "## A record crowd\n\n"
            "The club counted 1,940 spectators, the most ever for a women's match at the harbour ground. "
            "The north stand had to be opened for the first time this season.\n\n"
            "The semi-final will be drawn next week."
        ),
        sign_offs=("mok",),
        days_ago=1,
        lead_image="stadium",
    ),
    DemoPiece(
        slug="nordbad-open-air-pool-reopens",
        section="local",
        state=State.PUBLISHED,
        kicker="Leisure",
        headline="The Nordbad open-air pool reopens after ten years",
        teaser=(
            "Ten years after it closed for repairs, the Nordbad will welcome swimmers again in June. "
            "A residents' association raised much of the money."
        ),
        dateline="Hafenstedt",
        body=(
            "The pool closed in the autumn of its sixtieth year, when the tiles started to come loose. "
            "Repairs were put off again and again for lack of money.\n\n"
            "Three years ago a group of neighbours founded the association Pro Nordbad. "
            "It collected donations, organised fun runs and found two local companies to help.\n\n"
            "## A smaller pool, a longer season\n\n"
            "The new pool is shorter than the old one but heated by solar panels on the changing rooms. "
            "It will open from May to September.\n\n"
            "Season tickets go on sale at the town hall in April."
        ),
        sign_offs=("wsc", "pbr"),
        days_ago=5,
        inline_image=("pool", 2),
    ),
    DemoPiece(
        slug="roadworks-close-bahnhofstrasse",
        section="local",
        state="update",
        kicker="Traffic",
        headline="Roadworks close the lower Bahnhofstrasse until March",
        teaser=(
            "New water pipes mean the lower end of Bahnhofstrasse is closed to cars for three months. "
            "Buses take a diversion through Mühlenweg."
        ),
        dateline="Hafenstedt",
        body=(
            "The utility company started replacing the water pipes below Bahnhofstrasse on Monday. "
            "The pipes are more than eighty years old.\n\n"
            "Pedestrians can still reach the shops on both sides of the street. "
            "Delivery vans may enter before ten in the morning.\n\n"
            "## Diversion for buses\n\n"
            "Lines 3 and 5 run through Mühlenweg while the street is closed. "
            "The stop at the fountain moves about two hundred metres to the north."
        ),
        update=("## Update\n\nThe utility company now expects to finish two weeks earlier, in the middle of February."),
        sign_offs=("wsc",),
        days_ago=4,
        lead_image="roadworks",
    ),
    DemoPiece(
        slug="shipyard-buyer-pulls-out",
        section="business",
        state=State.UNPUBLISHED,
        kicker="Shipyard",
        headline="Buyer for the old shipyard pulls out",
        teaser=(
            "The investor who wanted to turn the old shipyard into flats has withdrawn his offer. "
            "The town is looking for a new buyer."
        ),
        dateline="Hafenstedt",
        body=(
            "The sale of the old shipyard has fallen through. "
            "The investor told the town in a letter that the costs of cleaning up the site were too high.\n\n"
            "## What the town says\n\n"
            "The mayor's office said it regretted the decision but would offer the site again next year."
        ),
        comment="Withdrawn: the investor denies having sent the letter. We are checking before we publish again.",
        sign_offs=("jke",),
        days_ago=6,
    ),
    DemoPiece(
        slug="library-extends-sunday-opening",
        section="culture",
        state=State.SCHEDULED,
        kicker="Library",
        headline="Library extends Sunday opening to the whole year",
        teaser=(
            "The town library will open on Sunday afternoons all year round from next month. "
            "Volunteers from the friends' association will help at the desk."
        ),
        dateline="Hafenstedt",
        body=(
            "Sunday opening started as a winter experiment two years ago. "
            "On an average Sunday more than three hundred people came, many of them families.\n\n"
            "## Volunteers at the desk\n\n"
            "The friends' association has trained twenty volunteers to help with loans and returns. "
            "Library staff will take turns on Sundays.\n\n"
            "The reading café on the first floor will also open on Sundays."
        ),
        sign_offs=("pbr",),
    ),
    DemoPiece(
        slug="harbour-festival-moves-to-old-shipyard",
        section="culture",
        state=State.IN_REVIEW,
        kicker="Harbour festival",
        headline="Harbour festival moves to the old shipyard",
        teaser=(
            "This summer's harbour festival will take place in the old shipyard hall for the first time. "
            "The organisers expect more visitors than ever."
        ),
        dateline="Hafenstedt",
        body=(
            "After twenty years on the quay, the harbour festival is moving indoors. "
            "The organisers say the shipyard hall protects the stages from wind and rain.\n\n"
            "## Three stages, one weekend\n\n"
            "Bands from the region will play on three stages from Friday to Sunday. "
            "Entry to the hall is free until six in the evening.\n\n"
            "The quay will still have food stalls and the traditional boat parade on Sunday."
        ),
        comment="Nice piece. Can we get the number of visitors from last year for the second paragraph?",
        sign_offs=("pbr", "wsc"),
        lead_image="festival",
    ),
    DemoPiece(
        slug="parking-fees-rise-old-town",
        section="politics",
        state="changes_requested",
        kicker="Parking",
        headline="Parking fees in the old town to rise",
        teaser=(
            "Parking in the old town will cost more from April. "
            "The council wants fewer cars in the narrow streets around the market."
        ),
        dateline="Hafenstedt",
        body=(
            "An hour of parking in the old town will cost two euros instead of one euro fifty. "
            "The council's transport committee agreed to the increase on Tuesday evening.\n\n"
            "## Traders are worried\n\n"
            "Shop owners fear that customers will drive to the retail park outside town instead."
        ),
        comment="Please add the price table and a comment from the traders' association before we run this.",
        sign_offs=("wsc",),
    ),
    DemoPiece(
        slug="rowing-club-plans-new-boathouse",
        section="sport",
        state=State.DRAFT,
        kicker="Rowing",
        headline="Rowing club plans a new boathouse",
        teaser=(
            "The Hafenstedt rowing club wants to replace its wooden boathouse on the river. "
            "Members will vote on the plans in March."
        ),
        dateline="Hafenstedt",
        body=(
            "The boathouse was built by members in the nineteen-fifties and has been patched many times. "
            "Last winter's storm damaged the roof again.\n\n"
            "## A building for the whole river\n\n"
            "The new boathouse would also have room for the canoe club and the school rowing teams."
        ),
        sign_offs=("mok",),
    ),
]
