"""Tables as CSV (semicolons, UTF-8 with a byte order mark, as Dutch spreadsheet programs read it) and as XLSX (one
sheet per table, numbers as numbers). Every cell goes through accounts.spreadsheets.safe_cell."""

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.formats import number_format
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.spreadsheets import safe_cell

from .figures.tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"int": "#,##0", "fte": "0.00", "decimal": "0.0", "percent": '0.0" %"'}
PLACES = {"fte": 2, "decimal": 1, "percent": 1}


def _csv_value(kind, value):
    if value is None:
        return ""
    if isinstance(value, Decimal | float) or kind in PLACES:
        return number_format(value, decimal_pos=PLACES.get(kind), use_l10n=True)
    return safe_cell(str(value)) if isinstance(value, str) else value


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(value) if isinstance(value, str) else value


def _rows(table: Table):
    return [*table.rows, *([table.total] if table.total else [])]


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([safe_cell(str(column.label)) for column in table.columns])
    for row in _rows(table):
        writer.writerow([_csv_value(column.kind, row.get(column.key)) for column in table.columns])
    return response


def _sheet_title(title: str, taken: set) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "", title)[:31] or "Sheet"  # Excel allows 31 characters
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:28]} {n}", n + 1
    taken.add(name)
    return name


def xlsx_response(tables: list[Table], filename: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(str(table.title), taken))
        sheet.append([safe_cell(str(column.label)) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in _rows(table):
            sheet.append([_xlsx_value(row.get(column.key)) for column in table.columns])
        for index, column in enumerate(table.columns, start=1):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if column.kind in FORMATS and isinstance(cell.value, int | float):
                    cell.number_format = FORMATS[column.kind]
            sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(column.label)) + 2))
        if table.note:
            sheet.append([])
            sheet.append([safe_cell(str(table.note))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
