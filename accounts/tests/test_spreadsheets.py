from datetime import date
from decimal import Decimal

import pytest

from accounts.spreadsheets import safe_cell


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+31 6 1234", "-2+3", "@cmd", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_stays_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Utrecht", "", "a=b", "2024-25", None, 3, -3, Decimal("-1.5"), date(2025, 1, 1)])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value
