"""Seeded defects for the review corpus: the slips of the kinds copy editors catch, each with the check
that must find it. Written for this corpus (see tests/data/review_corpus/SOURCES)."""

from tests.review.corpus import Seed

SEEDS: list[Seed] = [
    # Spelling: misspellings and two words run together.
    Seed("01_harbour_budget.txt", "Residents will see", "Residents will recieve", "spelling"),
    Seed("02_court_ruling.txt", "relied on bird counts", "relied on bird coutns", "spelling"),
    Seed("03_rail_strike.txt", "disruption in a decade", "disruption in a decdae", "spelling"),
    Seed("04_heatwave.txt", "Several towns have opened", "Several towns have opend", "spelling"),
    Seed("08_hospital_waiting.txt", "The median wait", "The meidan wait", "spelling"),
    Seed("09_tech_layoffs.txt", "would fight compulsory", "would fight compulsary", "spelling"),
    Seed("12_housing_prices.txt", "Lenders have cut", "Lenders have cutt", "spelling"),
    Seed("14_school_meals.txt", "The scheme will cost", "The scheme will cosst", "spelling"),
    Seed("20_energy_prices.txt", "The government said it would keep", "The goverment said it would keep", "spelling"),
    Seed("05_election_results.txt", "Hanus said on election night", "Hanussaid on election night", "spelling"),
    Seed("16_parliament_vote.txt", "because its battery", "becauseits battery", "spelling"),
    # Commonly confused words.
    Seed(
        "05_election_results.txt",
        "has lost its absolute majority",
        "has suffered a loose of its majority",
        "confused-words",
    ),
    Seed("10_wildfire.txt", "No one was killed.", "Their was no one killed.", "confused-words"),
    Seed("12_housing_prices.txt", "rose less than in", "rose less then in", "confused-words"),
    Seed("17_trial_verdict.txt", "He spent much of it", "He could of spent much of it", "confused-words"),
    Seed("22_water_quality.txt", "caused by warm water", "lead by warm water", "confused-words"),
    # Weekday that does not match its date.
    Seed("01_harbour_budget.txt", "on Friday, March 14", "on Thursday, March 14", "weekday-date"),
    Seed("03_rail_strike.txt", "Tuesday, June 17", "Wednesday, June 17", "weekday-date"),
    Seed("07_striker_transfer.txt", "Saturday, September 13", "Sunday, September 13", "weekday-date"),
    # Figures that contradict each other, and ranges high to low.
    Seed("15_flood_defences.txt", "rescued 23 people", "rescued 23 peple", "spelling"),
    Seed("10_wildfire.txt", "Five people were injured, four", "Six people were injured, four", "inconsistent-figures"),
    Seed(
        "17_trial_verdict.txt",
        "Over nine years the 58-year-old",
        "Over nine years the man, aged 57,",
        "inconsistent-figures",
    ),
    Seed("01_harbour_budget.txt", "between 38 and 42 million", "between 42 and 38 million", "reversed-range"),
    Seed("04_heatwave.txt", "between 36 and 40 degrees", "between 40 and 36 degrees", "reversed-range"),
    # Sentences run together.
    Seed("02_court_ruling.txt", "in 2022.\n\n“This", "in 2022 The campaign was long.\n\n“This", "run-together"),
    Seed(
        "09_tech_layoffs.txt",
        "third quarter.\n\nThe works",
        "third quarter On Monday, the works council met.\n\nThe works",
        "run-together",
    ),
    Seed("07_striker_transfer.txt", "against Brighton on", "against Brighton The striker plays on", "run-together"),
    Seed(
        "19_film_festival.txt",
        "two summers.\n\nThe prize",
        "two summers However, it premiered.\n\nThe prize",
        "run-together",
    ),
    # No space after a full stop.
    Seed(
        "06_museum_reopening.txt",
        "planned.\n\nThe new wing",
        "planned.It was worth it.\n\nThe new wing",
        "missing-space",
    ),
    Seed("13_space_mission.txt", "in craters.", "in craters.They glow.", "missing-space"),
    # Words typed twice, capitalised or not.
    Seed("09_tech_layoffs.txt", "Chief executive Lars Brandt", "Chief executive Lars Brandt Brandt", "repeated-name"),
    Seed("18_bird_survey.txt", "the bird charity said", "the bird charity charity said", "repeated-word"),
    Seed("21_marathon.txt", "In the men's race", "In the men's race Kenya Kenya", "repeated-name"),
    # The same word spelled two ways.
    Seed("06_museum_reopening.txt", "Many of the artefacts", "Many of the artifacts", "spelled-two-ways"),
    Seed("04_heatwave.txt", "Doctors advise", "Doctors at the health centers advise", "spelled-two-ways"),
    Seed("21_marathon.txt", "single-day event.", "single-day event, the organizers added.", "spelled-two-ways"),
    # Straight and curly quotation marks mixed; "--" for a dash.
    Seed(
        "05_election_results.txt",
        "talk “to everyone who respects the constitution”",
        'talk "to everyone who respects the constitution"',
        "mixed-quotes",
    ),
    Seed("11_obituary.txt", "in Tromsø, the daughter", "in Tromsø -- the daughter", "double-hyphen"),
    Seed("16_parliament_vote.txt", "12 abstentions. It", "12 abstentions--a record. It", "double-hyphen"),
    # Web debris inside a paragraph and on a line of its own.
    Seed("12_housing_prices.txt", "Estate agents expect", "Advertisement Estate agents expect", "inline-debris"),
    Seed("18_bird_survey.txt", "more common. Experts", "more common (click here for more). Experts", "inline-debris"),
    Seed(
        "20_energy_prices.txt",
        "gas on the wholesale market.",
        "gas on the wholesale market. Story continues below.",
        "inline-debris",
    ),
    Seed(
        "15_flood_defences.txt",
        "The government has promised",
        "Read more: Storm warnings\n\nThe government has promised",
        None,
    ),
    Seed("22_water_quality.txt", "The canton wants", "Skip to content\n\nToggle caption\n\nThe canton wants", None),
    # Unbalanced quotation marks and brackets.
    Seed("13_space_mission.txt", "disappoint us,” said", "disappoint us, said", "unbalanced-quotes"),
    Seed("19_film_festival.txt", "(mbi)", "(film", "unbalanced-brackets"),
    # Attribution: a sign-off that is not the byline's.
    Seed("21_marathon.txt", "(ika)", "(xqz)", "sign-off"),
    # A caption without a credit: the credit check must fire.
    Seed("03_rail_strike.txt", " © Mark Ellis/PA", "", "image-credit"),
    # House style.
    Seed("02_court_ruling.txt", "Campaigners had gone", "Campaigners in Kiev had gone", "style-spelling"),
]
