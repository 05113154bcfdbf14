from decimal import Decimal

from django.utils import translation

from reports.charts import LABEL_WIDTH, VALUE_SPACE, WIDTH, bar_chart


def test_bars_are_as_long_as_their_values_and_each_series_has_its_own_pattern():
    with translation.override("nl"):
        chart = bar_chart(slug="x", title="Per regio", categories=["Utrecht", "Leiden"],
                          series=[("Scholen", [10, 5]), ("FTE", [Decimal("22.5"), None])], places=1)
    span = WIDTH - LABEL_WIDTH - VALUE_SPACE
    utrecht, leiden = chart.groups
    assert [bar.width for bar in utrecht.bars] == [round(span * 10 / 22.5, 1), span]
    assert [bar.pattern for bar in utrecht.bars] == ["solid", "hatch"]  # told apart without colour
    assert [bar.value_text for bar in utrecht.bars] == ["10,0", "22,5"]  # every bar says its value
    assert leiden.bars[1].width == 0 and leiden.bars[1].value_text == "–"
    assert [item["name"] for item in chart.legend] == ["Scholen", "FTE"]
    assert chart.height > leiden.bars[-1].y


def test_a_fixed_scale_for_shares():
    chart = bar_chart(slug="x", title="t", categories=["2025"], series=[("Aandeel", [50])], scale_max=100)
    assert chart.groups[0].bars[0].width == round((WIDTH - LABEL_WIDTH - VALUE_SPACE) / 2, 1)
    assert chart.legend == []  # one series needs no legend


def test_nothing_to_draw_is_no_chart():
    assert bar_chart(slug="x", title="t", categories=[], series=[("a", [])]) is None
    assert bar_chart(slug="x", title="t", categories=["a"], series=[("a", [None])]) is None
