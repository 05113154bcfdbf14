"""Reading what people upload, and refusing what is no spreadsheet with a clear reason (never a 500)."""

import codecs
import io
import re
import zipfile

import pytest
from django.urls import reverse

from reports.imports import reading
from reports.imports.models import ImportBatch, ImportRow
from reports.imports.reading import FileRefused, read_upload

from .import_files import csv_bytes, upload, xlsx_bytes

ROWS = [["Naam school", "Postcode", "Plaats"], ["OBS De Klimop", "3532 HA", "Utrecht"],
        ["CBS Café Noord", "3521 AB", "Utrecht"]]


def read(name, data):
    return read_upload(upload(name, data))


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "utf-16"),
                                                     (";", "cp1252")])
def test_csv_in_the_ways_spreadsheet_programs_save_it(delimiter, encoding):
    table = read("scholen.csv", csv_bytes(ROWS, delimiter=delimiter, encoding=encoding))
    assert table.file_format == "csv"
    assert table.headers == ["Naam school", "Postcode", "Plaats"]
    assert table.rows == [(2, ["OBS De Klimop", "3532 HA", "Utrecht"]), (3, ["CBS Café Noord", "3521 AB", "Utrecht"])]


def test_a_title_above_the_headings_empty_rows_and_empty_columns_are_left_out():
    rows = [["Scholen schooljaar 2025-2026"], [], ["Naam school", "Postcode", "", ""],
            ["OBS De Klimop", "3532 HA", "", ""], ["", "", "", ""], ["CBS Het Kompas", "3521 AB"]]
    table = read("scholen.csv", csv_bytes(rows))
    assert (table.header_row, table.headers) == (3, ["Naam school", "Postcode"])
    assert table.rows == [(4, ["OBS De Klimop", "3532 HA"]), (6, ["CBS Het Kompas", "3521 AB"])]


def test_an_xlsx_gives_text_for_every_kind_of_cell():
    import datetime

    rows = [["Naam", "Telefoon", "VOG", "Uren", "Vrijgesteld", ""],
            ["Pieter", 612345678, datetime.date(2025, 9, 3), 4.5, True, None],
            ["Fatima", "06 12345679", datetime.datetime(2025, 9, 3, 0, 0), 8.0, False, None]]
    table = read("ambassadeurs.xlsx", xlsx_bytes(rows, title="Ambassadeurs"))
    assert (table.file_format, table.sheet_name, table.headers) == ("xlsx", "Ambassadeurs",
                                                                    ["Naam", "Telefoon", "VOG", "Uren", "Vrijgesteld"])
    assert table.rows == [(2, ["Pieter", "612345678", "2025-09-03", "4.5", "ja"]),
                          (3, ["Fatima", "06 12345679", "2025-09-03", "8", "nee"])]


def test_a_formula_in_an_xlsx_cell_is_read_as_the_formula_it_is():
    table = read("scholen.xlsx", xlsx_bytes([["Naam school", "Postcode"], ["=SUM(1,2)", "3511 AB"]]))
    assert table.rows == [(2, ["=SUM(1,2)", "3511 AB"])]


# --- Hostile files -----------------------------------------------------------------------------------


def refused(name, data) -> str:
    with pytest.raises(FileRefused) as error:
        read(name, data)
    return str(error.value)


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(settings):
    settings.IMPORT_MAX_MB = 5
    message = refused("groot.csv", b"Naam;Postcode\r\n" + b"x" * (20 * 1024 * 1024))
    assert message == ("Het bestand is 20,0\xa0MB; een import neemt hoogstens 5,0\xa0MB. Verdeel het over kleinere "
                       "bestanden.")


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, b"\x7fELF\x02\x01\x01" + b"\x00" * 500,
                                  bytes(range(256)) * 100])
def test_a_binary_file_renamed_to_csv_is_refused(data):
    assert "Dit bestand bevat geen tekst zoals een spreadsheetprogramma die schrijft" in refused("scholen.csv", data)


def test_an_old_xls_is_refused_with_what_to_do():
    message = refused("scholen.xls", reading.OLE_MAGIC + b"\x00" * 600)
    assert "Sla het blad op als Excel-werkmap (.xlsx) of als CSV" in message
    assert "oud Excel-bestand" in refused("scholen.csv", reading.OLE_MAGIC + b"\x00" * 600)


def test_other_kinds_of_file_and_false_names_are_refused():
    assert refused("scholen.pdf", b"%PDF-1.7") == "Upload een CSV-bestand of een Excel-werkmap (.xlsx)."
    assert "heet .xlsx maar is geen Excel-werkmap" in refused("scholen.xlsx", csv_bytes(ROWS))
    assert "beschadigd" in refused("scholen.xlsx", b"PK\x03\x04" + b"rommel" * 100)
    assert refused("leeg.csv", b"  \r\n") == "Het bestand is leeg."
    assert refused("koppen.csv", csv_bytes(ROWS[:1])) == "Het bestand heeft kolomkoppen, maar geen rijen daaronder."


def _replace_part(data: bytes, name: str, write) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == name:
                with target.open(name, "w", force_zip64=True) as handle:
                    write(handle)
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def xlsx_bomb(megabytes: int) -> bytes:
    """A workbook whose sheet unpacks to `megabytes` of rows while the file itself stays small."""
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>' * 10000

    def write(handle):
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData>')
        for _ in range(megabytes * 1024 * 1024 // len(row)):
            handle.write(row)
        handle.write(b"</sheetData></worksheet>")

    return _replace_part(xlsx_bytes(ROWS), "xl/worksheets/sheet1.xml", write)


def test_an_xlsx_bomb_is_refused_without_unpacking_it():
    data = xlsx_bomb(60)
    assert len(data) < 1024 * 1024
    assert "Dit bestand pakt uit tot" in refused("scholen.xlsx", data)


def test_a_part_that_unpacks_to_hundreds_of_times_its_size_is_refused():
    data = xlsx_bomb(8)
    assert "Dit bestand pakt uit tot" in refused("scholen.xlsx", data)


def test_an_xml_entity_bomb_in_the_sheet_is_refused():
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c><c r="B1" t="inlineStr"><is><t>x</t></is>'
              "</c></row></sheetData></worksheet>").encode()
    data = _replace_part(xlsx_bytes(ROWS), "xl/worksheets/sheet1.xml", lambda handle: handle.write(laughs))
    assert "beschadigd" in refused("scholen.xlsx", data)


def test_more_rows_or_columns_than_an_import_takes_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    many = [ROWS[0]] + [[f"School {i}", "3511 AB", "Utrecht"] for i in range(4)]
    assert refused("scholen.csv", csv_bytes(many)) == ("Het bestand heeft meer dan 3 rijen; een import neemt er "
                                                       "hoogstens 3. Verdeel het over kleinere bestanden.")
    assert "meer dan 3 rijen" in refused("scholen.xlsx", xlsx_bytes(many))
    wide = [[f"Kolom {i}" for i in range(61)], ["x"] * 61]
    assert refused("breed.csv", csv_bytes(wide)) == "Rij 1 heeft meer dan 60 kolommen; een import neemt er hoogstens 60."


def test_a_cell_larger_than_csv_allows_is_refused():
    data = b"Naam;Postcode\r\n\"" + b"x" * 200_000 + b"\";3511 AB\r\n"
    assert "is niet te lezen als CSV" in refused("scholen.csv", data)


def test_an_xlsx_claiming_a_huge_sheet_reads_only_the_rows_and_columns_that_are_there():
    def write(handle):
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
                     b'<row r="1"><c r="A1" t="inlineStr"><is><t>Naam school</t></is></c>'
                     b'<c r="B1" t="inlineStr"><is><t>Postcode</t></is></c></row>'
                     b'<row r="2"><c r="A2" t="inlineStr"><is><t>OBS De Klimop</t></is></c>'
                     b'<c r="B2" t="inlineStr"><is><t>3532 HA</t></is></c><c r="XFD2"><v>1</v></c></row>'
                     b"</sheetData></worksheet>")

    table = read("scholen.xlsx", _replace_part(xlsx_bytes(ROWS), "xl/worksheets/sheet1.xml", write))
    assert (table.headers, table.rows) == (["Naam school", "Postcode"], [(2, ["OBS De Klimop", "3532 HA"])])


# --- Through the page: a clear error, the kind kept, nothing saved ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), [
    ("groot.csv", b"Naam;Postcode\r\n" + b"x" * (20 * 1024 * 1024), "Het bestand is 20,0\xa0MB"),
    ("foto.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "Dit bestand bevat geen tekst"),
    ("bom.xlsx", None, "Dit bestand pakt uit tot"),
    ("formules.exe", b"MZ\x90\x00", "Upload een CSV-bestand of een Excel-werkmap (.xlsx)."),
])
def test_hostile_uploads_get_a_clear_error_on_the_page_and_nothing_is_kept(client, staff_user, name, data, message):
    client.force_login(staff_user)
    data = xlsx_bomb(60) if data is None else data
    response = client.post(reverse("reports:import_list"), {"kind": "ambassadors", "file": upload(name, data)})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert re.search(r'name="kind" value="ambassadors"\s+id="id_kind_1" required checked', body)  # the choice is kept
    assert not ImportBatch.objects.exists() and not ImportRow.objects.exists()


@pytest.mark.django_db
def test_a_formula_in_a_cell_is_shown_as_an_error_of_its_row_and_column(client, staff_user):
    from .test_imports_flow import link_columns, start

    client.force_login(staff_user)
    rows = [["Naam school", "Postcode", "Schoolbestuur"], ['=HYPERLINK("http://x.example","Klik")', "3511 AB", "B"],
            ["OBS De Klimop", "3532 HA", "+Bestuur"], ["CBS Het Kompas", "3521 AB", "Stichting"]]
    for data, name in ((csv_bytes(rows), "f.csv"), (xlsx_bytes([rows[0], ["=1+2", "3511 AB", "B"]] + rows[2:]),
                                                    "f.xlsx")):
        batch = link_columns(client, start(client, "schools", name, data))
        actions = dict(batch.rows.values_list("number", "action"))
        assert actions == {2: "error", 3: "error", 4: "new"}
        body = client.get(reverse("reports:import_detail", args=[batch.pk])).content.decode()
        assert "Naam school (A):</span> Deze cel begint met „=”, en dat voert een spreadsheet uit als formule" in body
        assert "Schoolbestuur (C):</span> Deze cel begint met „+”" in body


def test_the_bomb_helper_builds_what_it_says():
    data = xlsx_bomb(8)
    part = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert part.file_size > 8_000_000 and part.compress_size < part.file_size / 200
    assert codecs.lookup("cp1252")  # the encoding Excel on Windows writes CSV in
