"""Example files to fill in: the columns of each kind of import with two example rows, as CSV and as XLSX.

The headings and words are those of the reader's language (the import reads both languages); the dates follow the
current school year and show the date formats the import reads. Every cell goes through safe_cell.
"""

import csv
import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.spreadsheets import safe_cell
from ambassadors.models import AmbassadorSchoolType, EmployerRelease, Sector
from schools import school_year
from schools.models import DayPart, SchoolType, TaskType, Weekday

from .columns import LAYOUTS
from .models import Kind

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _day(weekday: int, part: str | None = None) -> str:
    day = str(Weekday(weekday).label).lower()
    return f"{day} {str(DayPart(part).label).lower()}" if part else day


def _rows(kind: str) -> tuple[list[str], list[dict]]:
    """The example's columns and its two rows, for the current school year."""
    year = school_year.current_school_year(timezone.localdate())
    dutch = "Nederlands"
    if kind == Kind.SCHOOLS:
        columns = ["name", "brin", "school_type", "board", "street", "postcode", "city", "region", "leader_name",
                   "leader_email", "leader_phone", "leader_position", "language", "contact_name", "contact_email",
                   "contact_phone", "profile", "ambassadors_wanted", "school_year"]
        return columns, [
            {"name": "OBS De Regenboog", "brin": "99XA", "school_type": str(SchoolType.PRIMARY.label),
             "board": "Stichting Openbaar Onderwijs Utrecht", "street": "Lange Nieuwstraat 12", "postcode": "3512 PH",
             "city": "Utrecht", "leader_name": "Anouk Jansen", "leader_email": "anouk.jansen@voorbeeld.example",
             "leader_phone": "030 123 4567", "leader_position": "Schoolleider", "language": dutch,
             "profile": "Wijkschool met 320 leerlingen in Utrecht-Oost.", "ambassadors_wanted": 2,
             "school_year": school_year.label(year)},
            {"name": "CBS De Wegwijzer", "brin": "99XB", "school_type": str(SchoolType.PRIMARY.label),
             "board": "Vereniging Christelijk Onderwijs Almere", "street": "Kruidenweg 5", "postcode": "1315 AB",
             "city": "Almere", "leader_name": "Hanneke Bos", "leader_email": "hanneke.bos@voorbeeld.example",
             "leader_position": "Directeur", "language": dutch,
             "contact_name": "Ilse Hoekstra", "contact_email": "ilse.hoekstra@voorbeeld.example",
             "contact_phone": "036 765 4321", "profile": "Christelijke basisschool met 280 leerlingen.",
             "ambassadors_wanted": 1, "school_year": school_year.label(year)},
        ]
    if kind == Kind.AMBASSADORS:
        columns = ["first_name", "last_name", "email", "phone", "postcode", "city", "region", "sector", "employer",
                   "employer_release", "days", "day_part", "vog_issued_on", "start_date", "status", "preferred_tasks",
                   "school_types", "subjects", "expertise", "max_distance_km", "language"]
        return columns, [
            {"first_name": "Pieter", "last_name": "van den Berg", "email": "pieter.vandenberg@voorbeeld.example",
             "phone": "06 12345678", "postcode": "3521 AB", "city": "Utrecht", "sector": str(Sector.FINANCE.label),
             "employer": "Rabobank", "employer_release": str(EmployerRelease.YES.label), "days": _day(2),
             "day_part": str(DayPart.WHOLE_DAY.label).lower(), "vog_issued_on": f"15-7-{year}",
             "start_date": datetime.date(year, 9, 1),
             "preferred_tasks": f"{TaskType.CLASSROOM.label}, {TaskType.INVIGILATION.label}",
             "school_types": str(AmbassadorSchoolType.PRIMARY.label), "subjects": "rekenen",
             "expertise": "Financieel advies", "max_distance_km": 15, "language": dutch},
            {"first_name": "Fatima", "last_name": "El Amrani", "email": "fatima.elamrani@voorbeeld.example",
             "phone": "06 87654321", "postcode": "1311 AB", "city": "Almere", "sector": str(Sector.GOVERNMENT.label),
             "employer": "Gemeente Almere", "employer_release": str(EmployerRelease.ARRANGING.label),
             "days": _day(3, DayPart.MORNING), "vog_issued_on": datetime.date(year, 7, 20),
             "start_date": f"3 september {year}", "preferred_tasks": str(TaskType.ADMINISTRATIVE.label),
             "school_types": str(AmbassadorSchoolType.PRIMARY.label), "expertise": "Projectmanagement",
             "max_distance_km": 10, "language": dutch},
        ]
    columns = ["ambassador_email", "ambassador_name", "brin", "school_name", "postcode", "day", "day_part",
               "start_date", "end_date", "school_year", "tasks", "subject", "year_group", "hours_per_week",
               "description"]
    return columns, [
        {"ambassador_email": "pieter.vandenberg@voorbeeld.example", "ambassador_name": "Pieter van den Berg",
         "brin": "99XA", "school_name": "OBS De Regenboog", "postcode": "3512 PH", "day": _day(2),
         "day_part": str(DayPart.WHOLE_DAY.label).lower(), "start_date": f"1-9-{year}",
         "end_date": datetime.date(year + 1, 7, 10), "school_year": school_year.label(year),
         "tasks": str(TaskType.CLASSROOM.label), "subject": "rekenen", "year_group": "groep 6", "hours_per_week": 6,
         "description": "Rekenen in kleine groepjes naast de leerkracht."},
        {"ambassador_email": "fatima.elamrani@voorbeeld.example", "ambassador_name": "Fatima El Amrani",
         "brin": "99XB", "school_name": "CBS De Wegwijzer", "postcode": "1315 AB", "day": _day(3),
         "day_part": str(DayPart.MORNING.label).lower(), "start_date": f"{year - 1}-09-04",
         "end_date": f"10 juli {year}", "school_year": school_year.label(year - 1),
         "tasks": str(TaskType.ADMINISTRATIVE.label), "hours_per_week": "3,5",
         "description": "Administratie van de leerlingenraad."},
    ]


def example_file(kind: str, file_format: str) -> bytes:
    columns, rows = _rows(kind)
    layout = LAYOUTS[kind]
    headings = [str(layout.column(key).label) for key in columns]
    table = [[row.get(key, "") for key in columns] for row in rows]
    if file_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")  # as Dutch Excel writes and reads CSV
        writer.writerow([safe_cell(h) for h in headings])
        for row in table:
            writer.writerow([safe_cell(value.strftime("%d-%m-%Y") if isinstance(value, datetime.date) else value)
                             for value in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(Kind(kind).label)[:31]
    sheet.append([safe_cell(h) for h in headings])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append([safe_cell(value) for value in row])
    for index, heading in enumerate(headings, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(heading) + 2)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "d-m-yyyy"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def example_name(kind: str, file_format: str) -> str:
    example = _("example")
    return f"{str(Kind(kind).label).lower()}-{example}.{file_format}"
