"""Geometry for the server-rendered SVG bar charts (the template draws them, numbers also in a table).

Each label sits above its bar, so the chart is narrow: a phone shows it at nearly its own size
(beside the bar, a 200-unit label column scaled the text down to 7 px at 390 px).
"""

from dataclasses import dataclass

LABEL_HEIGHT = 18  # the label's line, above the bar
BAR_HEIGHT = 18
GAP = 10
BAR_AREA = 300
VALUE_WIDTH = 60  # room for the number after the longest bar
ROW = LABEL_HEIGHT + BAR_HEIGHT + GAP


@dataclass
class Bar:
    label: str
    value: int
    y: int  # the top of the row: the label, then the bar
    width: int
    css: str = ""

    @property
    def label_y(self) -> int:
        return self.y + LABEL_HEIGHT - 5

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT

    @property
    def value_x(self) -> int:
        return self.width + 6

    @property
    def value_y(self) -> int:
        return self.bar_y + BAR_HEIGHT // 2 + 5


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = BAR_AREA + VALUE_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(items: list[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars scaled to the largest value; items are (label, value, css class)."""
    largest = max((value for _label, value, _css in items), default=0) or 1
    bars = [
        Bar(label=str(label), value=value, y=index * ROW, width=round(BAR_AREA * value / largest), css=css)
        for index, (label, value, css) in enumerate(items)
    ]
    return BarChart(bars=bars, height=max(len(bars) * ROW - GAP, ROW))
