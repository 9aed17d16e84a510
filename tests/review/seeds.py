# ruff: noqa: RUF001
"""Seeded defects for the review corpus: slips of the kinds copy editors catch, put into copies of the real
Wikinews pieces (see tests/data/review_corpus/SOURCES), each with the check that must find it."""

from tests.review.corpus import Seed

SEEDS: list[Seed] = [
    # Spelling: misspellings, and two words run together.
    Seed("01_afghan_robotics.txt", "encourage interest in applied", "encourage intrest in applied", "spelling"),
    Seed("02_asylum_seekers_rescued.txt", "700 asylum seekers whose", "700 asylum seekrs whose", "spelling"),
    Seed("04_mecca_crane_collapse.txt", "Construction was underway", "Constrution was underway", "spelling"),
    Seed("07_fan_expo_toronto.txt", "thousands to the event", "thousands to the evnet", "spelling"),
    Seed("10_internet_explorer_6.txt", "face big problems", "face big porblems", "spelling"),
    Seed("14_taipei_lantern_festival.txt", "festival is crowded", "festival is crouded", "spelling"),
    Seed("17_ottawa_document.txt", "The 131-page document", "The 131-page documnet", "spelling"),
    Seed("18_world_cup_day_five.txt", "chance to equalise", "chance to equaliase", "spelling"),
    Seed("21_warhol_polaroids.txt", "attract large audiences", "attract large audeinces", "spelling"),
    Seed("05_scientology_defector.txt", "Montalvo had read", "Montalvohad read", "spelling"),
    Seed("16_uk_asylum_questionnaire.txt", "Braverman told GB News", "Bravermantold GB News", "spelling"),
    Seed("20_italy_school_taxes.txt", "the president of the Lombardy", "the president ofthe Lombardy", "spelling"),
    # Commonly confused words.
    Seed(
        "02_asylum_seekers_rescued.txt",
        "Estimates suggest 8000 migrants may be currently at sea",
        "Their are an estimated 8000 migrants currently at sea",
        "confused-words",
    ),
    Seed(
        "06_hong_kong_election.txt",
        "in his party due to its election defeat",
        "in his party after a heavy loose of votes",
        "confused-words",
    ),
    Seed(
        "16_uk_asylum_questionnaire.txt", "could put people’s safety", "could of put people’s safety", "confused-words"
    ),
    Seed("20_italy_school_taxes.txt", "more than 11,000", "more then 11,000", "confused-words"),
    Seed(
        "22_ozone_crops.txt",
        "US surface ozone has dropped partly due to the Clean Air Act",
        "the Clean Air Act has lead to a drop in US surface ozone",
        "confused-words",
    ),
    # Weekday that does not match its date.
    Seed("13_north_korea_alert.txt", "began on August 10", "began on Sunday, August 10", "weekday-date"),
    Seed("15_shuttle_anniversary.txt", "On April 12, 1981, Space", "On Monday, April 12, 1981, Space", "weekday-date"),
    # Figures that contradict each other, and ranges high to low.
    Seed("09_homeopathy_trial.txt", "Thomas Sam, a practising", "Thomas Sam, 43, a practising", "inconsistent-figures"),
    Seed(
        "05_scientology_defector.txt",
        "Montalvo has been assisted",
        "Montalvo, 20, has been assisted",
        "inconsistent-figures",
    ),
    Seed("12_iodine_deficiency.txt", "aged 8–10 years", "aged 10–8 years", "reversed-range"),
    Seed("16_uk_asylum_questionnaire.txt", "40 to 50 questions", "between 50 and 40 questions", "reversed-range"),
    # Sentences run together.
    Seed("06_hong_kong_election.txt", "60,760 votes. Other", "60,760 votes Other", "run-together"),
    Seed(
        "13_north_korea_alert.txt",
        "11-year lull. The broadcasts",
        "11-year lull in early August On Monday the broadcasts",
        "run-together",
    ),
    Seed(
        "18_world_cup_day_five.txt",
        "possession in the game. Korea's",
        "possession in the game Meanwhile, Korea's",
        "run-together",
    ),
    # No space after a full stop.
    Seed("01_afghan_robotics.txt", "every year. Next year's", "every year.Next year's", "missing-space"),
    Seed("19_hajj_stampede.txt", "causing a bottleneck. Those", "causing a bottleneck.Those", "missing-space"),
    # Words typed twice, capitalised or not.
    Seed(
        "03_texas_student_clock.txt", "Mark Zuckerberg tweeted", "Mark Zuckerberg Zuckerberg tweeted", "repeated-name"
    ),
    Seed("18_world_cup_day_five.txt", "Romelu Lukaku doubled", "Romelu Lukaku Lukaku doubled", "repeated-name"),
    Seed(
        "11_freewinds_claims.txt",
        "told to disconnect from her mother",
        "told to to disconnect from her mother",
        "repeated-word",
    ),
    Seed("06_hong_kong_election.txt", "In the Kowloon West", "In the the Kowloon West", "repeated-word"),
    # British and American spelling mixed in one piece.
    Seed("14_taipei_lantern_festival.txt", "Colorful lantern", "Colourful lantern", "spelled-two-ways"),
    Seed("12_iodine_deficiency.txt", "iodised salt used in foods", "iodized salt used in foods", "spelled-two-ways"),
    # Straight and curly quotation marks mixed; "--" for a dash.
    Seed("20_italy_school_taxes.txt", '"dangerous" ((it))', "“dangerous” ((it))", "mixed-quotes"),
    Seed("07_fan_expo_toronto.txt", "photo-ops, with proceeds", "photo-ops -- with proceeds", "double-hyphen"),
    Seed(
        "17_ottawa_document.txt",
        "resign as Foreign Affairs minister after",
        "resign as Foreign Affairs minister--after",
        "double-hyphen",
    ),
    # Web debris inside a paragraph and on a line of its own.
    Seed(
        "03_texas_student_clock.txt",
        "an international phenomenon.",
        "an international phenomenon (click here for more).",
        "inline-debris",
    ),
    Seed(
        "12_iodine_deficiency.txt",
        "Professor Eastman says manufacturers",
        "Advertisement Professor Eastman says manufacturers",
        "inline-debris",
    ),
    Seed(
        "15_shuttle_anniversary.txt",
        "Space Shuttle Discovery will take",
        "Story continues below. Space Shuttle Discovery will take",
        "inline-debris",
    ),
    Seed(
        "08_scientology_website_attack.txt",
        "The Church's website is currently unreachable",
        "Read more: Scientology\n\nThe Church's website is currently unreachable",
        None,
    ),
    Seed(
        "21_warhol_polaroids.txt",
        "Kathryn Waters, director",
        "Skip to content\n\nToggle caption\n\nKathryn Waters, director",
        None,
    ),
    # Unbalanced quotation marks and brackets.
    Seed("11_freewinds_claims.txt", "being a walking zombie", 'being "a walking zombie', "unbalanced-quotes"),
    Seed(
        "17_ottawa_document.txt",
        "Environment Minister John Baird has",
        "Environment Minister John Baird (Conservative has",
        "unbalanced-brackets",
    ),
    # Attribution: a sign-off that is not the byline's.
    Seed("22_ozone_crops.txt", "US National Park Service.", "US National Park Service. (xqz)", "sign-off"),
    # A caption without a credit: the credit check must fire.
    Seed(
        "07_fan_expo_toronto.txt",
        "The far end of part of the convention floor, shortly after opening Friday. Image: Nick Moreau",
        "Image: The far end of part of the convention floor, shortly after opening Friday.",
        "image-credit",
    ),
    # Issue #26: kinds a careful reader catches and a dictionary does not (made-up slips in the real copy).
    Seed("09_homeopathy_trial.txt", "the Crown that both", "theCrown that both", "glued-words"),
    Seed("12_iodine_deficiency.txt", "of Australia this week", "ofAustralia this week", "glued-words"),
    Seed(
        "05_scientology_defector.txt",
        "who helped him leave the organization",
        "who wanted him leave the organization",
        "missing-word",
    ),
    Seed("01_afghan_robotics.txt", "among the 163 teams in", "among a group teams in", "missing-word"),
    Seed("16_uk_asylum_questionnaire.txt", "The forms are part", "The forms is part", "agreement"),
    Seed("09_homeopathy_trial.txt", "The parents are also", "The parents is also", "agreement"),
    Seed(
        "10_internet_explorer_6.txt",
        "one of the most successful software products ever",
        "one of the most successful product ever",
        "agreement",
    ),
    Seed("10_internet_explorer_6.txt", "away from the antiquated", "away form the antiquated", "confused-words"),
    Seed(
        "05_scientology_defector.txt",
        "bail on Thursday. Montalvo was charged",
        "bail on Thursday Montalvo said he was charged",
        "run-together",
    ),
    Seed(
        "17_ottawa_document.txt",
        "said the combined security lapses",
        "told the 13 reporters the combined security lapses",
        "inconsistent-figures",
        also=(("told CBC News the department", "told 12 reporters the department"),),
    ),
    Seed("04_mecca_crane_collapse.txt", "scattered debris.", "scattered debris", "paragraph-end"),
    Seed("22_ozone_crops.txt", "depending on the scenario.", "depending on the scenario", "paragraph-end"),
    Seed(
        "03_texas_student_clock.txt",
        "Mohamed brought the digital clock",
        "Leave a reply\n\nMohamed brought the digital clock",
        None,
    ),
    Seed(
        "18_world_cup_day_five.txt",
        "In the first game of the day",
        "Sign up for our newsletter\n\nIn the first game of the day",
        None,
    ),
]
