"""Spreadsheets as the foundation keeps them today: Dutch headings, dates typed every way, one row that is wrong."""

import csv
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from schools import school_year

YEAR = school_year.current_school_year()
LAST = YEAR - 1  # dates in the last school year lie in the past whenever the tests run


def csv_bytes(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, *, title="Blad1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


SCHOOLS = [
    ["Naam school", "BRIN", "Soort onderwijs", "Schoolbestuur", "Adres", "Postcode", "Plaats", "Schoolleider",
     "E-mail", "Telefoon", "Schooljaar", "Aantal ambassadeurs"],
    ["OBS De Klimop", "31KA", "PO", "Stichting Openbaar Onderwijs Utrecht", "Vleutenseweg 10", "3532 HA", "Utrecht",
     "Marloes de Wit", "m.dewit@klimop.example", "030 2345678", f"{YEAR}-{YEAR + 1}", "2"],
    ["CBS Het Kompas", "31KB", "basisonderwijs", "Stichting Christelijk Onderwijs Utrecht", "Kompasweg 3", "3521ab",
     "", "Johan Smit", "J.Smit@HetKompas.example", "06-12345678", f"{YEAR}/{YEAR + 1 - 2000}", "1"],
    ["Het Baken", "", "VO", "Stichting Openbaar Onderwijs Utrecht", "Bakenlaan 1", "3584 CS", "Utrecht",
     "", "", "", f"{YEAR}-{YEAR + 1}", ""],
    ["De Fontein", "31KD", "PO", "Stichting Openbaar Onderwijs Utrecht", "Fonteinplein 2", "3512", "Utrecht",
     "Sara Bakker", "s.bakker@fontein.example", "12345", f"{YEAR}-{YEAR + 1}", "1"],  # broken row (row 5)
    ["OBS De Klimop", "31KA", "PO", "Stichting Openbaar Onderwijs Utrecht", "Vleutenseweg 10", "3532 HA", "Utrecht",
     "Marloes de Wit", "m.dewit@klimop.example", "030 2345678", f"{LAST}-{YEAR}", "1"],  # history of the first school
    ["IKC De Wegwijzer", "31KF", "PO", "Vereniging Christelijk Onderwijs Almere", "Kruidenweg 5", "1315 AB", "Almere",
     "Hanneke Bos", "h.bos@wegwijzer.example", "036 123 4567", f"{YEAR}-{YEAR + 1}", "3"],
]

AMBASSADORS = [
    ["Voornaam", "Achternaam", "E-mail", "Telefoon", "Postcode", "Woonplaats", "Sector", "Werkgever", "Dag",
     "VOG afgegeven op", "Startdatum", "Taal"],
    ["Pieter", "van den Berg", "pieter@bank.example", "06 12345678", "3521 AB", "Utrecht", "Bank", "Rabobank",
     "dinsdag", f"3-9-{LAST}", f"3-9-{YEAR}", "Nederlands"],
    ["Fatima", "El Amrani", "Fatima.ElAmrani@gemeente.example", "0612345679", "1311 AB", "Almere", "Gemeente",
     "Gemeente Almere", "woensdagochtend", f"{LAST}-09-03", f"{YEAR}-09-03", ""],
    ["Sam", "Jones", "sam@consult.example", "+31 6 12345670", "3532 HA", "Utrecht", "Zakelijke dienstverlening",
     "Deloitte", "ma en do middag", f"3 september {LAST}", f"3 september {YEAR}", "English"],
    ["Kees", "Visser", "kees@zorg.example", "06 12345671", "3584 CS", "Utrecht", "Zorg", "UMC Utrecht",
     "vrijdag", f"31-2-{LAST}", f"1-10-{YEAR}", ""],  # broken row (row 5): a date that does not exist
    ["Anna", "de Groot", "anna@ict.example", "06 12345672", "3512 AB", "Utrecht", "ICT", "Bol.com", "di, do",
     "", f"1-9-{YEAR}", ""],
]

PLACEMENTS = [
    ["E-mail ambassadeur", "BRIN", "Naam school", "Postcode", "Dag", "Startdatum", "Einddatum", "Uren per week"],
    ["pieter@bank.example", "31KA", "OBS De Klimop", "3532 HA", "dinsdag", f"1-9-{YEAR}", "", "8"],
    ["fatima.elamrani@gemeente.example", "", "Het Baken", "3584 CS", "woensdag ochtend", f"{YEAR}-09-02", "", "4"],
    ["sam@consult.example", "99ZZ", "Onbekende school", "1234 AB", "maandag", f"3 september {YEAR}", "", ""],  # broken
    ["pieter@bank.example", "31KB", "CBS Het Kompas", "3521 AB", "donderdag", f"4-9-{LAST}", f"10-7-{YEAR}",
     "8"],  # history: an earlier school year
]


def dated(rows):
    """The same rows as an XLSX holds them: dates as date cells where a spreadsheet would have made them."""
    out = [rows[0]]
    for row in rows[1:]:
        cells = []
        for value in row:
            try:
                cells.append(datetime.date.fromisoformat(value))
            except (TypeError, ValueError):
                cells.append(value)
        out.append(cells)
    return out
