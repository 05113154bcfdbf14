"""Cells written into a spreadsheet (CSV or XLSX) are data, never formulas.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, a tab or a carriage
return) as a formula: a name such as `=HYPERLINK(...)` typed into a form would run on the computer of whoever opens an
export. Every cell of every export goes through `safe_cell`, which puts an apostrophe in front of such a text, the
spreadsheet programs' own sign for "this is text".
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value to write into a cell: texts that a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
