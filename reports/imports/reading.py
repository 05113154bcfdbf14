"""An uploaded file as rows of text, whatever people send: CSV (comma, semicolon or tab; UTF-8, UTF-16 or
Windows-1252) or XLSX. What is no spreadsheet is refused with a reason before it costs memory or time: a file that is
too large, a binary file with another name, an old .xls, an XLSX that unpacks to far more than it weighs (a zip bomb),
or more rows or columns than an import takes.

What the cells mean is not read here (see columns and kinds); a formula is kept as the text it is, so the preview can
name the cell.
"""

import csv
import datetime
import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

logger = logging.getLogger(__name__)

MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # what the parts of an XLSX may unpack to together
MAX_RATIO = 200  # a part that unpacks to more than 200 times its packed size is no spreadsheet someone typed
MAX_PARTS = 1000
HEADER_SEARCH_ROWS = 20
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) container
EXTENSIONS = {".csv", ".txt", ".xlsx"}


class FileRefused(Exception):
    """Why a file cannot be imported, in words for the person who uploaded it."""


@dataclass
class Table:
    file_format: str
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number as the spreadsheet shows it, cells)
    header_row: int = 1
    sheet_name: str = ""


def max_bytes() -> int:
    return int(settings.IMPORT_MAX_MB * 1024 * 1024)


def read_upload(upload) -> Table:
    """Read an UploadedFile (or any object with .name, .size and .read()) into a Table, or raise FileRefused."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix in {".xls", ".ods", ".numbers", ".xlsm", ".xlsb"}:
        raise FileRefused(_("Files of type %(type)s cannot be imported. Save the sheet as Excel workbook (.xlsx) or as "
                            "CSV and upload that file.") % {"type": suffix})
    if suffix not in EXTENSIONS:
        raise FileRefused(_("Upload a CSV file or an Excel workbook (.xlsx)."))
    limit = max_bytes()
    if (upload.size or 0) > limit:
        raise FileRefused(_("The file is %(size)s; an import takes at most %(limit)s. Split it into smaller files.")
                          % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(_("The file is larger than %(limit)s; split it into smaller files.")
                          % {"limit": filesizeformat(limit)})
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise FileRefused(_("This is an old Excel file (.xls) or another kind of document. Save the sheet as Excel "
                            "workbook (.xlsx) or as CSV and upload that file."))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if suffix == ".xlsx":
        raise FileRefused(_("This file is called .xlsx but is no Excel workbook. Open it in your spreadsheet program "
                            "and save it again as .xlsx or CSV."))
    return _read_csv(data)


# --- CSV ----------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" as Excel saves it
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return data.decode("cp1252")  # CSV as Excel on Windows saves it
            except UnicodeDecodeError:
                pass
    raise FileRefused(_("This file holds no text a spreadsheet program writes. Is it a CSV file? Save the sheet as "
                        "CSV or Excel workbook (.xlsx) and upload that file."))


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:65536]
    control = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n\f")
    return control > max(5, len(sample) // 200)


def _delimiter(text: str) -> str:
    """The separator found on the most of the first lines (a title line above the headings has none)."""
    lines = [line for line in text[:65536].splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    scores = {d: (sum(1 for line in lines if d in line), text.count(d, 0, 65536)) for d in (";", ",", "\t")}
    best = max(scores, key=scores.get)
    return best if scores[best][0] else ","


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if _looks_binary(text):
        raise FileRefused(_("This file holds no text a spreadsheet program writes. Is it a CSV file? Save the sheet "
                            "as CSV or Excel workbook (.xlsx) and upload that file."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = _collect((reader.line_num, [cell.strip() for cell in row]) for row in reader)
    except csv.Error as exc:
        raise FileRefused(_("Line %(line)s of the file cannot be read as CSV (%(error)s).")
                          % {"line": reader.line_num, "error": exc}) from exc
    return _table("csv", rows)


# --- XLSX ---------------------------------------------------------------------------------------


def _check_archive(data: bytes) -> None:
    """Refuse a zip that unpacks to far more than a typed sheet could (the parts' sizes bound what zipfile unpacks)."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRefused(_("This Excel file is damaged and cannot be opened. Save it again as .xlsx or CSV.")) from exc
    unpacked = sum(part.file_size for part in parts)
    if (len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES
            or any(part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1)
                   for part in parts)):
        raise FileRefused(_("This file unpacks to %(size)s: far more than a sheet of schools or people holds. It is "
                            "not imported. Save the sheet again as .xlsx or CSV with only the rows you need.")
                          % {"size": filesizeformat(unpacked)})


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    text = getattr(value, "text", None)  # an array or data-table formula
    return str(text if text is not None else value).strip()


def _read_xlsx(data: bytes) -> Table:
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged or hostile workbook raises, the answer is the same
        logger.info("import: workbook refused: %r", exc)
        raise FileRefused(_("This Excel file is damaged and cannot be opened. Save it again as .xlsx or CSV.")) from exc
    try:
        sheet = next((ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")), None)
        if sheet is None:
            raise FileRefused(_("This Excel file has no sheet with rows."))
        sheet.reset_dimensions()  # read the rows that are there, not the size the file claims
        numbered = ((number, [_cell_text(value) for value in row])
                    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1))
        try:
            rows = _collect(numbered)
        except FileRefused:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken or hostile sheet gives a message, never a 500
            logger.info("import: sheet refused: %r", exc)
            raise FileRefused(_("This Excel file is damaged and cannot be opened. Save it again as .xlsx or CSV.")) from exc
        table = _table("xlsx", rows)
        table.sheet_name = sheet.title[:100]
        return table
    finally:
        workbook.close()


# --- Both ---------------------------------------------------------------------------------------


def _collect(numbered) -> list[tuple[int, list[str]]]:
    """The non-empty rows, refusing more columns or rows than an import takes (read no further than needed)."""
    rows = []
    limit = settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    for number, cells in numbered:
        if not any(cells):
            continue
        if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
            raise FileRefused(_("Row %(row)s has more than %(max)s columns; an import takes at most %(max)s.")
                              % {"row": number, "max": MAX_COLUMNS})
        rows.append((number, cells[:MAX_COLUMNS]))
        if len(rows) > limit:
            break
    return rows


def _table(file_format: str, rows) -> Table:
    """Find the row of column headings (the first with two or more cells filled; a title above it is left out)."""
    if not rows:
        raise FileRefused(_("The file has no rows."))
    head = next((i for i, (_n, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]) if sum(1 for c in cells if c) >= 2), 0)
    header_row, headers = rows[head]
    data = rows[head + 1:]
    width = max(len(cells) for _n, cells in rows[head:])
    while width and not any(len(cells) >= width and cells[width - 1] for _n, cells in rows[head:]):
        width -= 1
    if len(data) > settings.IMPORT_MAX_ROWS:
        raise FileRefused(_("The file has more than %(max)s rows; an import takes at most %(max)s. Split it into "
                            "smaller files.") % {"max": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", ".")})
    if not data:
        raise FileRefused(_("The file has column headings but no rows below them."))
    headers = [headers[i] if i < len(headers) and headers[i] else _("Column %(letter)s") % {"letter": get_column_letter(i + 1)}
               for i in range(width)]
    rows = [(number, (cells + [""] * width)[:width]) for number, cells in data]
    return Table(file_format=file_format, headers=headers, rows=rows, header_row=header_row)
