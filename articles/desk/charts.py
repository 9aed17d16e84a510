"""Column charts drawn on the server as SVG geometry: the template turns it into an accessible `<svg role="img">`.

A chart is its table (categories x series); the drawing is computed from the same numbers, so what the
chart shows and what its table (and CSV) say cannot differ. No JavaScript, no charting library needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40
# At most this many category labels under the axis (every n-th day of a long period).
MAX_LABELS = 8


@dataclass
class Chart:
    """One figure: a title, what it shows, its table and how the numbers read (unit)."""

    key: str
    title: str
    description: str
    category_label: str
    series: list[str]
    rows: list[tuple[str, list[float | None]]]
    unit: str = ""
    decimals: int = 0
    # The axis reaches at least this far (hours: 1; shares: 100), so tiny values stay tiny bars.
    axis_top: float = 1
    notes: list[str] = field(default_factory=list)
    # Category labels for the CSV where the page's are abbreviated (ISO dates instead of "Nov 10").
    csv_labels: list[str] | None = None

    @property
    def is_empty(self) -> bool:
        return not any(value for _label, values in self.rows for value in values)

    def formatted_rows(self) -> list[tuple[str, list[str]]]:
        return [(label, [self.format(value) for value in values]) for label, values in self.rows]

    def format(self, value: float | None) -> str:
        if value is None:
            return "\N{EN DASH}"
        return number_format(value, self.decimals)

    def drawing(self) -> dict:
        return draw(self)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10ⁿ at or above `value` (an axis that ends on a round number)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def draw(chart: Chart) -> dict:
    """Bars, grid lines and labels in SVG coordinates."""
    values = [value for _label, row in chart.rows for value in row if value is not None]
    top = nice_ceiling(max([*values, chart.axis_top]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slots = max(len(chart.rows), 1)
    slot = plot_w / slots
    bar_w = max(slot * 0.8 / max(len(chart.series), 1), 1)
    every = math.ceil(slots / MAX_LABELS)
    bars, labels = [], []
    for index, (label, row) in enumerate(chart.rows):
        x0 = LEFT + index * slot + slot * 0.1
        for series, value in enumerate(row):
            if not value:
                continue
            height = plot_h * value / top
            bars.append(
                {
                    "x": round(x0 + series * bar_w, 1),
                    "y": round(TOP + plot_h - height, 1),
                    "width": round(bar_w, 1),
                    "height": round(height, 1),
                    "series": series,
                    "title": f"{label} · {chart.series[series]}: {chart.format(value)} {chart.unit}".strip(),
                }
            )
        if index % every == 0:
            labels.append({"x": round(LEFT + index * slot + slot / 2, 1), "text": label})
    grid = []
    for step in range(5):
        value = top * step / 4
        grid.append({"y": round(TOP + plot_h - plot_h * step / 4, 1), "text": _tick(value)})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 18,
        "bars": bars,
        "labels": labels,
        "grid": grid,
    }


def _tick(value: float) -> str:
    return number_format(value, 0 if value == int(value) else 2 if value < 1 else 1)
