"""Cells for CSV and XLSX files that open safely in a spreadsheet program."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet cell: text that a spreadsheet would run as a formula gets a leading apostrophe.

    `=HYPERLINK(...)`, `+1+1`, `-2+3`, `@SUM(...)` and text starting with a tab or carriage return are shown as
    text instead of being evaluated (OWASP's advice for CSV injection); numbers and dates are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
