"""Benchmark: all editorial checks on a 2,000-word piece. Target: under 20 ms per run.

The piece is generated from realistic news sentences (quotations, names such as
"The Hague", abbreviations such as "U.S. Army", numbers such as "3.5", subheadings,
a few house-style slips) with two image placements and two bylines, on a fresh SQLite
database in a temporary folder (never the configured one). Prints milliseconds per run for `run_checks`
(everything, including its few queries) and for the rules alone (settings and style
rules loaded once, relations prefetched — how `check_articles` runs them).

    python bench/bench_checks.py           # or: make bench
    BENCH_RUNS=500 python bench/bench_checks.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
WORDS = 2000
TARGET_MS = 20.0

SUBJECTS = [
    "The council",
    "The minister",
    "A spokesman for the ministry",
    "The court in The Hague",
    "Officials in Kyiv",
    "The U.S. Army",
    "Sgt. 1st Class Andrew Dickson",
    "The opposition",
    "Several members of parliament",
    "The defence alliance",
]
VERBS = ["said", "warned", "confirmed", "denied", "announced", "argued", "stressed", "reported"]
CLAUSES = [
    "that the budget for the harbour wall had grown by 3.5 percent",
    "that talks with the neighbouring region would resume in spring",
    "that no agreement had been reached on the delivery of weapons",
    "that the missiles have a range of about 300 kilometers",
    "that the election committee would meet again on Monday",
    "that the costs were higher than expected",
    "that the new rules would apply from the beginning of July",
]
QUOTES = [
    "“We do not want any escalation,” {subject} {verb}.",
    "{subject} {verb}: “Our policy has not changed.”",
    "“There is still no agreement on this issue,” {subject_lower} {verb} on Tuesday.",
]
EXTRAS = [
    "However, the decision could change within weeks.",
    "In some countries of the alliance, there is a growing willingness to act.",
    "The figures were published by the statistics office in Kiev on Friday.",
    "Prices rose by 2.1 percent in May (after 1.8 percent in April).",
    "But the plan remains subject to strict conditions.",
]


def sentence(rng: random.Random) -> str:
    roll = rng.random()
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    if roll < 0.2:
        return rng.choice(QUOTES).format(subject=subject, subject_lower=subject[0].lower() + subject[1:], verb=verb)
    if roll < 0.35:
        return rng.choice(EXTRAS)
    return f"{subject} {verb} {rng.choice(CLAUSES)}."


def body_text(words: int = WORDS, seed: int = 6) -> str:
    """About `words` words in paragraphs of three to five sentences, with a subheading every fifth paragraph."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        if paragraphs and len(paragraphs) % 5 == 0:
            paragraphs.append("## What happens next in the region")
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    # Two slips an editor should catch.
    paragraphs[3] += " Troops moved to the Crimea The missiles were moved too."
    paragraphs[7] += " The the committee met again."
    return "\n\n".join(paragraphs)


def build():
    from articles.models import Article, Author, Byline, Image, Placement, Section

    section = Section.objects.create(name="Politics", slug="politics")
    article = Article.objects.create(
        headline="Council agrees on the harbour budget after a long night",
        teaser="After a long night of talks the council has agreed on how to pay for the new harbour wall.",
        dateline="Hamburg",
        body=body_text(),
        section=section,
    )
    for position, (name, sign_off) in enumerate([("Fabian Müller", "fmu"), ("Agency", "dpa")]):
        author = Author.objects.create(name=name, slug=sign_off, sign_off=sign_off)
        Byline.objects.create(article=article, author=author, position=position)
    for position in range(2):
        image = Image.objects.create(
            alt_text="Workers on the harbour wall", caption="The old harbour wall.", creator="Jana", agencies="dpa"
        )
        Placement.objects.create(article=article, image=image, role="inline", position=position * 3)
    return article


def measure(function, runs: int) -> tuple[float, float]:
    function()  # warm up: compiled patterns, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> int:
    tmp = tempfile.TemporaryDirectory()
    # Always a throw-away database: the benchmark writes rows and must never touch real data.
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article
    from articles.review.checks import CHECK_PREFETCH, Checker, run_checks

    call_command("migrate", verbosity=0)
    article = build()
    words = len(article.body.split())
    findings = run_checks(article)

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        run_checks(article)

    full_median, full_p95 = measure(lambda: run_checks(article), RUNS)
    checker = Checker.load()
    prefetched = Article.objects.prefetch_related(*CHECK_PREFETCH).get(pk=article.pk)
    rules_median, rules_p95 = measure(lambda: checker.run(prefetched), RUNS)

    verdict = "meets" if full_median < TARGET_MS else "MISSES"
    print(f"piece: {words} words, {len(article.body):,} characters, 2 images; {len(findings)} findings:")
    for finding in findings:
        print(f"  {finding.code} {finding.field} “{finding.text}”")
    print(
        f"run_checks: {full_median:.2f} ms per run (p95 {full_p95:.2f} ms, {queries} queries; "
        f"{verdict} the target of {TARGET_MS:.0f} ms)"
    )
    print(f"rules alone (Checker loaded once, relations prefetched): {rules_median:.2f} ms (p95 {rules_p95:.2f} ms)")
    connection.close()
    tmp.cleanup()
    return 0 if full_median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
