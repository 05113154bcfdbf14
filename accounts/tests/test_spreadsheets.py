from datetime import date
from decimal import Decimal

import pytest

from accounts.spreadsheets import safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+31 6 12345678", "-2", "@SUM(A1)", "\t=1", "\r=1",
                                   '=HYPERLINK("http://x.example","klik")'])
def test_texts_a_spreadsheet_would_run_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Basisschool De Regenboog", "06 12345678", "'t Klokhuis", "", 12, -3, 1.5, None])
def test_other_values_are_written_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+31 6 1234", "-2+3", "@cmd", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_stays_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Utrecht", "", "a=b", "2024-25", None, 3, -3, Decimal("-1.5"), date(2025, 1, 1)])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value
