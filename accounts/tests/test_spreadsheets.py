import pytest

from accounts.spreadsheets import safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+31 6 12345678", "-2", "@SUM(A1)", "\t=1", "\r=1",
                                   '=HYPERLINK("http://x.example","klik")'])
def test_texts_a_spreadsheet_would_run_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Basisschool De Regenboog", "06 12345678", "'t Klokhuis", "", 12, -3, 1.5, None])
def test_other_values_are_written_as_they_are(value):
    assert safe_cell(value) == value
