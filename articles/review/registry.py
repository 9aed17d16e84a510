"""The registry and the runner: every check's stable code, label and default severity (`CHECKS`),
the severities editors set (`CheckSetting`) and house-style rules read once per run (`Checker`),
dismissed warnings left out (`run_checks`), and what stops publication (`blocking_findings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from articles.models import Article, Author, CheckSetting, DictionaryWord, StyleRule
from articles.review.confusables import check_confused_words
from articles.review.dates import check_weekday_date
from articles.review.debris import check_inline_debris, check_web_debris
from articles.review.dictionaries import DEFAULT_LANGUAGE
from articles.review.figures import check_inconsistent_figures, check_reversed_range
from articles.review.findings import Check, Confidence, Finding, Run, Severity
from articles.review.german import check_confusables_german, check_quote_style
from articles.review.german_slips import check_intro_comma, check_time_format
from articles.review.grammar import check_agreement, check_glued_words, check_missing_word, check_paragraph_end
from articles.review.images import (
    check_image_alt_text,
    check_image_caption,
    check_image_credit,
    check_image_file,
    check_image_rights_expired,
    check_image_rights_expiring,
)
from articles.review.languages import check_language
from articles.review.lengths import check_headline_length, check_teaser_length
from articles.review.punctuation import check_unbalanced_brackets, check_unbalanced_quotes
from articles.review.required import check_required
from articles.review.run_together import check_run_together
from articles.review.sign_off import check_sign_off
from articles.review.slips import check_double_space, check_repeated_name, check_repeated_word
from articles.review.spelling import check_spelling
from articles.review.style import check_style_inconsistent, check_style_spelling
from articles.review.typography import check_double_hyphen, check_missing_space, check_mixed_quotes
from articles.review.variants import check_spelled_two_ways

# ---------------------------------------------------------------------------
# The registry: stable codes, labels for the admin, default severities.

CHECKS: tuple[Check, ...] = (
    Check("required", gettext_lazy("Required fields"), Severity.BLOCKING, check_required),
    Check("headline-length", gettext_lazy("Headline length"), Severity.WARNING, check_headline_length),
    Check("teaser-length", gettext_lazy("Teaser length"), Severity.WARNING, check_teaser_length),
    Check("style-spelling", gettext_lazy("House-style spelling"), Severity.WARNING, check_style_spelling),
    Check("spelling", gettext_lazy("Spelling"), Severity.WARNING, check_spelling, Confidence.MEDIUM),
    Check("style-inconsistent", gettext_lazy("Name spelled two ways"), Severity.WARNING, check_style_inconsistent),
    Check(
        "run-together", gettext_lazy("Sentences run together"), Severity.WARNING, check_run_together, Confidence.MEDIUM
    ),
    Check("unbalanced-quotes", gettext_lazy("Unbalanced quotation marks"), Severity.WARNING, check_unbalanced_quotes),
    Check("unbalanced-brackets", gettext_lazy("Unbalanced brackets"), Severity.WARNING, check_unbalanced_brackets),
    Check("repeated-word", gettext_lazy("Repeated word"), Severity.WARNING, check_repeated_word),
    Check("double-space", gettext_lazy("Double space"), Severity.WARNING, check_double_space),
    Check("web-debris", gettext_lazy("Web debris"), Severity.WARNING, check_web_debris),
    Check("inline-debris", gettext_lazy("Web debris inside a paragraph"), Severity.WARNING, check_inline_debris),
    Check("confused-words", gettext_lazy("Commonly confused words"), Severity.WARNING, check_confused_words),
    Check("missing-space", gettext_lazy("No space after a full stop"), Severity.WARNING, check_missing_space),
    Check("repeated-name", gettext_lazy("Capitalised word repeated"), Severity.WARNING, check_repeated_name),
    Check("weekday-date", gettext_lazy("Weekday does not match the date"), Severity.WARNING, check_weekday_date),
    Check("spelled-two-ways", gettext_lazy("Word spelled two ways"), Severity.WARNING, check_spelled_two_ways),
    Check("mixed-quotes", gettext_lazy("Straight and curly quotes mixed"), Severity.WARNING, check_mixed_quotes),
    Check("double-hyphen", gettext_lazy("Two hyphens for a dash"), Severity.WARNING, check_double_hyphen),
    Check(
        "inconsistent-figures",
        gettext_lazy("Figures that contradict each other"),
        Severity.WARNING,
        check_inconsistent_figures,
    ),
    Check("reversed-range", gettext_lazy("Range given high to low"), Severity.WARNING, check_reversed_range),
    # A sign-off that is not the byline's may mean a wrong author: a published error.
    Check("sign-off", gettext_lazy("Sign-off not in the byline"), Severity.BLOCKING, check_sign_off),
    Check("image-file", gettext_lazy("Image file"), Severity.BLOCKING, check_image_file),
    Check("image-alt-text", gettext_lazy("Image alt text"), Severity.BLOCKING, check_image_alt_text),
    Check("image-credit", gettext_lazy("Image credit line"), Severity.BLOCKING, check_image_credit),
    Check("image-caption", gettext_lazy("Image caption"), Severity.WARNING, check_image_caption),
    # Printing a picture whose licence has lapsed is as serious as printing it without credit.
    Check("image-rights-expired", gettext_lazy("Image rights expired"), Severity.BLOCKING, check_image_rights_expired),
    Check(
        "image-rights-expiring",
        gettext_lazy("Image rights run out while the piece is online"),
        Severity.WARNING,
        check_image_rights_expiring,
    ),
    Check(
        "language",
        gettext_lazy("Text in another language than the piece's"),
        Severity.WARNING,
        check_language,
        Confidence.MEDIUM,
    ),
    # Grammar-level slips (articles/review/grammar.py, German in german_slips.py).
    Check("glued-words", gettext_lazy("Two words run together"), Severity.WARNING, check_glued_words),
    Check(
        "missing-word",
        gettext_lazy("A word left out or left over"),
        Severity.WARNING,
        check_missing_word,
        Confidence.MEDIUM,
    ),
    Check("agreement", gettext_lazy("Agreement and case"), Severity.WARNING, check_agreement, Confidence.LOW),
    Check(
        "paragraph-end",
        gettext_lazy("Paragraph without its closing full stop"),
        Severity.WARNING,
        check_paragraph_end,
        Confidence.MEDIUM,
    ),
    Check(
        "intro-comma",
        gettext_lazy("Comma between an introductory phrase and its verb"),
        Severity.WARNING,
        check_intro_comma,
    ),
    Check("time-format", gettext_lazy("Times written two ways"), Severity.WARNING, check_time_format),
    # German pieces only (articles/review/german.py).
    Check("quote-style", gettext_lazy("Quotation marks in the wrong style"), Severity.WARNING, check_quote_style),
    Check("confusables", gettext_lazy("Confused words"), Severity.WARNING, check_confusables_german),
)
CHECKS_BY_CODE = {check.code: check for check in CHECKS}


def check_choices() -> list[tuple[str, Promise]]:
    """(code, label) of every check, for the admin's CheckSetting form."""
    return [(check.code, check.label) for check in CHECKS]


# ---------------------------------------------------------------------------
# Running the checks.


def _related(article: Article, name: str, *select: str) -> list:
    """A reverse relation's rows, from a prefetch when the caller made one, else in one query."""
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    if name in prefetched:
        return list(prefetched[name])
    manager = getattr(article, name)
    return list(manager.select_related(*select) if select else manager.all())


class Checker:
    """Settings and style rules loaded once; `run()` may then check any number of articles.

    For many articles, prefetch `bylines__author`, `placements__image` and `dismissals`
    (see `CHECK_PREFETCH`) so that the queries do not grow with the number of pieces.
    """

    def __init__(
        self,
        *,
        severities: dict[str, str],
        rules: Iterable[tuple[str, ...]],
        today: date | None = None,
        authors: dict[str, str] | None = None,
        words: dict[str, frozenset[str]] | None = None,
        look_up_authors: bool = False,
    ):
        self.severities = {check.code: severities.get(check.code, check.default) for check in CHECKS}
        # (wrong, right, language); a rule without a language applies to pieces in every language.
        self.rules = tuple(rule if len(rule) == 3 else (*rule, "") for rule in rules)
        self.today = today or timezone.localdate()
        # Casefolded sign-off -> name, to say whose sign-off it is: given, and (when loaded from the
        # database) looked up there the first time a piece has a sign-off that is not its bylines'.
        self._owners: dict[str, str | None] = {key.casefold(): name for key, name in (authors or {}).items()}
        self.look_up_authors = look_up_authors
        self.words = words or {}  # language -> the newsroom dictionary's words, casefolded

    @classmethod
    def load(cls, *, today: date | None = None) -> Checker:
        severities = dict(CheckSetting.objects.values_list("code", "severity"))
        rules = StyleRule.objects.filter(is_active=True).order_by("wrong").values_list("wrong", "right", "language")
        words: dict[str, set[str]] = {}
        for language, word in DictionaryWord.objects.values_list("language", "word"):
            words.setdefault(language.casefold(), set()).add(word.casefold())
        frozen = {language: frozenset(found) for language, found in words.items()}
        return cls(severities=severities, rules=rules, today=today, words=frozen, look_up_authors=True)

    def sign_off_owner(self, sign_off: str) -> str | None:
        """The name of the author who signs `sign_off`, or None; one query per unknown sign-off at most."""
        key = sign_off.casefold()
        if key not in self._owners and self.look_up_authors:
            owner = Author.objects.filter(sign_off__iexact=sign_off).values_list("name", flat=True).first()
            self._owners[key] = owner
        return self._owners.get(key)

    def rules_for(self, language: str) -> tuple[tuple[str, str], ...]:
        """The house-style rules for a piece in `language` ("de-AT" uses the "de" rules)."""
        base = (language or "").split("-")[0]
        return tuple((wrong, right) for wrong, right, rule_language in self.rules if rule_language in ("", base))

    def severity(self, code: str) -> str:
        return self.severities[code]

    def run(self, article: Article, *, include_dismissed: bool = False) -> list[Finding]:
        bylines = _related(article, "bylines", "author") if article.pk else []
        placements = _related(article, "placements", "image") if article.pk else []
        placements.sort(key=lambda placement: (placement.position, placement.pk or 0))
        run = Run(
            article=article,
            placements=placements,
            sign_offs={byline.author.sign_off.casefold() for byline in bylines},
            has_bylines=bool(bylines),
            rules=self.rules_for(article.language),
            today=self.today,
            sign_off_owner=self.sign_off_owner,
            language=piece_language(article),
        )
        run.newsroom_words = self.words.get(run.language.split("-")[0], frozenset()) | self.words.get(
            run.language, frozenset()
        )
        for check in CHECKS:
            severity = self.severities[check.code]
            if severity == Severity.OFF:
                continue
            run.code, run.severity, run.confidence = check.code, severity, check.confidence
            check.run(run)
        dismissals = _related(article, "dismissals") if article.pk else []
        if not dismissals:
            return run.findings
        dismissed = {(dismissal.code, dismissal.target) for dismissal in dismissals}
        result = []
        for finding in run.findings:
            is_dismissed = not finding.is_blocking and (
                (finding.code, "") in dismissed or (finding.code, finding.target) in dismissed
            )
            if not is_dismissed:
                result.append(finding)
            elif include_dismissed:
                result.append(replace(finding, dismissed=True))
        return result


CHECK_PREFETCH = ("bylines__author", "placements__image", "dismissals")


def piece_language(article: Article) -> str:
    """The piece's language (its own, once pieces have one), lowercased; English by default."""
    return (getattr(article, "language", "") or DEFAULT_LANGUAGE).casefold()


def run_checks(article: Article, *, include_dismissed: bool = False) -> list[Finding]:
    """Every finding on the piece, in check order then reading order; dismissed warnings left out."""
    return Checker.load().run(article, include_dismissed=include_dismissed)


def blocking_findings(article: Article) -> list[Finding]:
    """The findings that stop "publish now" and "schedule"."""
    return [finding for finding in run_checks(article) if finding.is_blocking]
