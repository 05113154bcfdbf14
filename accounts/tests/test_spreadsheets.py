import datetime
from decimal import Decimal

import pytest

from accounts.spreadsheets import safe_cell


@pytest.mark.parametrize("typed", ["=1+1", '=HYPERLINK("http://evil.example","Klik")', "+31 6 12345678", "-2+3",
                                   "@SUM(A1:A2)", "\t=1+1", "\r=1+1"])
def test_a_cell_that_starts_like_a_formula_is_shown_as_text(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("value", ["Anouk", "06 12345678", " =1+1", "", "'al tekst", "Jan-Willem", None, 42, -3,
                                   Decimal("-1.5"), datetime.date(2026, 3, 1)])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value
