"""Geometry for the server-rendered SVG bar charts (the template draws them, numbers also in a table)."""

from dataclasses import dataclass

BAR_HEIGHT = 24
GAP = 8
LABEL_WIDTH = 200
BAR_AREA = 360


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    css: str = ""

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = LABEL_WIDTH + BAR_AREA + 60
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(items: list[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars scaled to the largest value; items are (label, value, css class)."""
    largest = max((value for _label, value, _css in items), default=0) or 1
    bars = [
        Bar(
            label=str(label),
            value=value,
            y=index * (BAR_HEIGHT + GAP),
            width=round(BAR_AREA * value / largest),
            css=css,
        )
        for index, (label, value, css) in enumerate(items)
    ]
    return BarChart(bars=bars, height=max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT))
