"""The layout of the bar chart, computed from the data; a template draws it as SVG."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitegen.japanese.numbers import era_year, number, western_year

# Geometry in SVG user units. The chart is a horizontal bar chart so that it stays legible
# when a 320 px phone scales it down: labels sit in rows, not crowded under narrow columns.
WIDTH = 360
LABEL_WIDTH = 92
BAR_LEFT = 96
VALUE_ROOM = 72
ROW = 46
BAR_HEIGHT = 24
TOP = 8
BOTTOM = 8


@dataclass(frozen=True)
class Bar:
    """One year: its labels, its bar and its value text."""

    era: str
    western: str
    value: str
    y: int
    width: float
    label_y: int
    sublabel_y: int
    value_x: float
    value_y: int


@dataclass(frozen=True)
class ChartLayout:
    width: int
    height: int
    label_x: int
    bar_left: int
    bar_height: int
    bars: tuple[Bar, ...]


def layout(chart: dict[str, Any]) -> ChartLayout:
    """Place every bar of chart["series"] so that the longest fills the plot."""
    series = chart["series"]
    decimals = int(chart.get("decimals", 0))
    largest = max((float(point["value"]) for point in series), default=0.0) or 1.0
    room = WIDTH - BAR_LEFT - VALUE_ROOM
    bars = []
    for index, point in enumerate(series):
        top = TOP + index * ROW
        bar_y = top + (ROW - BAR_HEIGHT) // 2
        width = round(room * float(point["value"]) / largest, 2)
        bars.append(
            Bar(
                era=era_year(point["year"]),
                western=f"({western_year(point['year'])})",
                value=number(point["value"], decimals),
                y=bar_y,
                width=width,
                label_y=top + 20,
                sublabel_y=top + 37,
                value_x=round(BAR_LEFT + width + 6, 2),
                value_y=bar_y + BAR_HEIGHT // 2 + 5,
            )
        )
    height = TOP + ROW * len(series) + BOTTOM
    return ChartLayout(WIDTH, height, LABEL_WIDTH - 4, BAR_LEFT, BAR_HEIGHT, tuple(bars))
