"""Helpers for the review checks' tests: run every check on an unsaved article and keep one code."""

import datetime

from articles.models import Article
from articles.review.checks import Checker, Finding

RULES = [("Byelorussia", "Belarus"), ("Kharkov", "Kharkiv"), ("Kiev", "Kyiv"), ("Odessa", "Odesa")]
TODAY = datetime.date(2026, 11, 25)


def text_findings(code: str, *, rules=RULES, **fields) -> list[Finding]:
    """Run every check on an unsaved article (no database) and keep one code's findings."""
    defaults = {"headline": "Council agrees on the harbour budget", "teaser": "", "body": ""}
    article = Article(**{**defaults, **fields})
    findings = Checker(severities={}, rules=rules, today=TODAY).run(article)
    for finding in findings:
        if finding.start is not None:
            source = getattr(article, finding.field)
            assert source[finding.start : finding.end] == finding.text, "a span must point at its text"
    return [finding for finding in findings if finding.code == code]


def texts(code: str, **fields) -> list[str]:
    return [finding.text for finding in text_findings(code, **fields)]


def factories_image_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    # The smallest valid GIF: a real picture file, so width and height are read.
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    return SimpleUploadedFile("harbour.gif", gif, content_type="image/gif")
