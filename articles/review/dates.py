"""A weekday that does not fall on its date: "Monday, March 3" in a 2023 piece (a Friday).

The year is the one written next to the date, else the one that puts the date nearest the piece's
own date (a piece of 2 January may speak of "Friday, December 29" of the year before). Without a
piece date and without a written year nothing is reported: the weekday may be right.
"""

from __future__ import annotations

import calendar
import datetime
import re

from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext as _

from articles.review.findings import CAPTION, Run, quoted

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_MONTH = (
    r"(?P<month>"
    + "|".join(name for name in calendar.month_name if name)
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
# "Monday, March 3", "Monday March 3rd, 2023", "Monday, 3 March", "Monday (3 March)", "Monday 3rd of March".
WEEKDAY_DATE_RE = re.compile(
    _WEEKDAY
    + r",?\s+\(?(?:(?:the\s+)?"
    + _DAY
    + r"(?:\s+of)?\s+"
    + _MONTH
    + r"|"
    + _MONTH.replace("month", "month2")
    + r"\s+"
    + _DAY.replace("day", "day2")
    + r")\b"
    + _YEAR
)


def _date_near(month: int, day: int, anchor: datetime.date) -> datetime.date | None:
    """The date with that month and day nearest the anchor (last year, this year or next)."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda candidate: abs(candidate - anchor), default=None)


def check_weekday_date(run: Run) -> None:
    anchor = run.article.date
    for source in run.texts_of("headline", "kicker", "teaser", "body", CAPTION):
        for match in WEEKDAY_DATE_RE.finditer(source.text):
            month = MONTHS.get((match["month"] or match["month2"]).rstrip(".").casefold())
            day = int(match["day"] or match["day2"])
            if not month:
                continue
            if match["year"]:
                try:
                    date = datetime.date(int(match["year"]), month, day)
                except ValueError:
                    continue
            elif anchor:
                date = _date_near(month, day, anchor)
            else:
                continue
            if date is None:
                continue
            actual = WEEKDAYS[date.weekday()]
            if actual == match["weekday"]:
                continue
            run.report_at(
                source,
                match.start("weekday"),
                match.end("weekday"),
                _("%(date)s falls on a %(actual)s, not a %(weekday)s.")
                % {
                    "date": quoted(match.group().strip()),
                    "actual": WEEKDAY_NAMES[date.weekday()],
                    "weekday": match["weekday"],
                },
                fix=actual,
            )
