"""Bar charts drawn on the server as SVG: no script, printable, and readable without colour.

Each series has its own fill pattern (solid, hatched, dotted, open) as well as its own colour, every bar carries its
value as text, and every chart stands beside the table with the same numbers.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

WIDTH = 640
LABEL_WIDTH = 170
VALUE_SPACE = 70
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_HEIGHT = 28
PATTERNS = ["solid", "hatch", "dots", "open"]


@dataclass
class ChartBar:
    y: float
    width: float
    pattern: str
    value_text: str
    value_x: float
    series: str

    @property
    def value_y(self):
        return self.y + BAR_HEIGHT - 4


@dataclass
class ChartGroup:
    label: str
    y: float
    label_y: float
    bars: list[ChartBar] = field(default_factory=list)


@dataclass
class Chart:
    slug: str
    title: str
    height: float
    width: float = WIDTH
    label_width: float = LABEL_WIDTH
    legend: list[dict] = field(default_factory=list)
    groups: list[ChartGroup] = field(default_factory=list)

    @property
    def text_x(self):
        return self.label_width - 8

    @property
    def axis_top(self):
        return LEGEND_HEIGHT - 4 if self.legend else 2

    @property
    def patterns(self):
        return PATTERNS


def _text(value, unit, places):
    if value is None:
        return "–"
    text = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{text}{unit}"


def bar_chart(*, slug: str, title: str, categories: list[str], series: list[tuple[str, list]], unit: str = "",
              places: int = 0, scale_max=None) -> Chart | None:
    """Horizontal bars, one group per category and one bar per series in it. None when there is nothing to draw."""
    values = [v for _name, column in series for v in column if v is not None]
    if not categories or not values:
        return None
    top = max([float(v) for v in values] + [float(scale_max or 0)]) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_SPACE
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    chart = Chart(slug=slug, title=title, height=0,
                  legend=[{"name": name, "pattern": PATTERNS[i % len(PATTERNS)], "x": LABEL_WIDTH + i * 170,
                           "text_x": LABEL_WIDTH + i * 170 + 20}
                          for i, (name, _column) in enumerate(series)] if len(series) > 1 else [])
    y = LEGEND_HEIGHT if chart.legend else 6
    for index, label in enumerate(categories):
        group = ChartGroup(label=str(label), y=y, label_y=y + group_height / 2 + 4)
        for s, (name, column) in enumerate(series):
            value = column[index]
            width = 0.0 if value is None else max(0.0, float(value)) * span / top
            bar_y = y + s * (BAR_HEIGHT + BAR_GAP)
            group.bars.append(ChartBar(y=bar_y, width=round(width, 1), pattern=PATTERNS[s % len(PATTERNS)],
                                       value_text=_text(value, unit, places), value_x=round(LABEL_WIDTH + width + 4, 1),
                                       series=name))
        chart.groups.append(group)
        y += group_height + GROUP_GAP
    chart.height = y
    return chart
