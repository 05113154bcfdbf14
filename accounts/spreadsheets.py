"""Cells for CSV and XLSX exports: text that a spreadsheet would run as a formula is written as text.

A cell starting with =, +, -, @, a tab or a carriage return can be taken for a formula (CSV injection);
a leading apostrophe keeps it text. Numbers, dates and empty values pass unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
