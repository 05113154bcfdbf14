"""How long an import of a large file takes: reading it, the preview (every row checked) and the confirm.

Generates a realistic file (Dutch headings, mixed date formats) of the chosen kind and size, runs it through the same
services the import pages use, in a transaction that is rolled back at the end: the database is left as it was.
"""

import csv
import datetime
import io
import json
import random
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from accounts.models import Role, User
from reports.imports import reading, services
from schools import school_year
from schools.demo_data import EMPLOYERS, FIRST_NAMES, LAST_NAMES, PO_NAMES, PO_PREFIXES, REGIONS, STREETS

DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "di en do", "woensdagochtend", "ma-middag"]
SECTORS = {"finance": "Bank", "government": "Gemeente", "business": "Zakelijke dienstverlening", "healthcare": "Zorg",
           "it": "ICT", "other": "Anders"}


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


def _date(rng, day):
    """A date the way people type it: 3-9-2025, 2025-09-03 or 3 september 2025."""
    return rng.choice([f"{day.day}-{day.month}-{day.year}", day.isoformat(), f"{day.day} {MONTHS[day.month - 1]} {day.year}"])


def school_rows(rng, count):
    year = school_year.current_school_year()
    rows = [["Naam school", "BRIN", "Soort onderwijs", "Schoolbestuur", "Adres", "Postcode", "Plaats", "Schoolleider",
             "E-mail", "Telefoon", "Schooljaar", "Aantal ambassadeurs"]]
    for index in range(count):
        region, _holiday, _centre, (low, high), places = REGIONS[index % len(REGIONS)]
        first, (prefix, last) = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append([f"{rng.choice(PO_PREFIXES)} {rng.choice(PO_NAMES)} {index}", f"{20 + index // 676:02d}"
                     f"{chr(65 + index // 26 % 26)}{chr(65 + index % 26)}", "PO", f"Stichting Onderwijs {region}",
                     f"{rng.choice(STREETS)} {rng.randint(1, 200)}", f"{rng.randint(low, high)} AB", rng.choice(places),
                     f"{first} {prefix} {last}".replace("  ", " "), f"leider{index}@bench.example",
                     f"030 2{rng.randint(100000, 999999)}", school_year.label(year),
                     str(rng.randint(1, 3))])
    return rows


def ambassador_rows(rng, count):
    year = school_year.current_school_year()
    rows = [["Voornaam", "Achternaam", "E-mail", "Telefoon", "Postcode", "Woonplaats", "Sector", "Werkgever", "Dag",
             "VOG afgegeven op", "Startdatum"]]
    for index in range(count):
        _region, _holiday, _centre, (low, high), places = REGIONS[index % len(REGIONS)]
        sector = rng.choice(list(EMPLOYERS))
        prefix, last = rng.choice(LAST_NAMES)
        rows.append([rng.choice(FIRST_NAMES), f"{prefix} {last}".strip(), f"ambassadeur{index}@bench.example",
                     f"06 1{rng.randint(1000000, 9999999)}", f"{rng.randint(low, high)} AB", rng.choice(places),
                     SECTORS.get(sector, "Anders"), rng.choice(EMPLOYERS[sector]), rng.choice(DAYS),
                     _date(rng, datetime.date(year - 1, rng.randint(1, 12), rng.randint(1, 28))),
                     _date(rng, datetime.date(year, 9, rng.randint(1, 28)))])
    return rows


def placement_rows(rng, count):
    year = school_year.current_school_year()
    rows = [["E-mail ambassadeur", "BRIN", "Dag", "Startdatum", "Einddatum"]]
    for index in range(count):
        brin = f"{20 + index // 676:02d}{chr(65 + index // 26 % 26)}{chr(65 + index % 26)}"
        history = index % 4 == 0
        start = datetime.date(year - 1 if history else year, 9, rng.randint(1, 28))
        rows.append([f"ambassadeur{index}@bench.example", brin, ["maandag", "dinsdag", "woensdag", "donderdag",
                                                                 "vrijdag"][index % 5], _date(rng, start),
                     _date(rng, datetime.date(start.year + 1, 7, 10)) if history else ""])
    return rows


def _file(rows, file_format):
    if file_format == "csv":
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class Command(BaseCommand):
    help = "Time the import of a large generated file: reading, preview and confirm (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["schools", "ambassadors", "placements"], default="ambassadors")
        parser.add_argument("--rows", type=int, default=2000)
        parser.add_argument("--format", dest="file_format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-confirm", action="store_true", help="time reading and preview only")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, kind, rows, file_format, seed, no_confirm, as_json, **options):
        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        rng = random.Random(seed)
        generate = {"schools": school_rows, "ambassadors": ambassador_rows, "placements": placement_rows}[kind]
        data = _file(generate(rng, rows), file_format)
        result = {"kind": kind, "rows": rows, "format": file_format, "bytes": len(data)}
        with transaction.atomic():
            staff = User.objects.create(email="bench-import@bench.example", role=Role.STAFF)
            if kind == "placements":  # the schools and ambassadors they refer to, imported first (not timed)
                for prerequisite, make in (("schools", school_rows), ("ambassadors", ambassador_rows)):
                    batch = services.import_upload(actor=staff, upload=SimpleUploadedFile(
                        f"{prerequisite}.csv", _file(make(random.Random(seed), rows), "csv")), kind=prerequisite)
                    services.import_map(batch_id=batch.pk, mapping=batch.mapping)
                    services.rows_skip_errors(batch_id=batch.pk)
                    services.import_execute(batch_id=services.import_confirm(batch_id=batch.pk, actor=staff).pk)
            started = time.perf_counter()
            table = reading.read_upload(SimpleUploadedFile(f"bench.{file_format}", data))
            result["seconds_read"] = round(time.perf_counter() - started, 3)
            started = time.perf_counter()
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                batch = services.import_upload(actor=staff, upload=SimpleUploadedFile(f"bench.{file_format}", data),
                                               kind=kind)
                batch = services.import_map(batch_id=batch.pk, mapping=batch.mapping)
            result["seconds_preview"] = round(time.perf_counter() - started, 3)
            result["queries_preview"] = len(queries.captured_queries)
            result["rows_read"] = len(table.rows)
            result["errors"] = batch.rows.filter(action="error").count()
            if not no_confirm:
                services.rows_skip_errors(batch_id=batch.pk)
                started = time.perf_counter()
                batch = services.import_confirm(batch_id=batch.pk, actor=staff)
                batch = services.import_execute(batch_id=batch.pk)  # in the background beyond a page of rows
                result["seconds_confirm"] = round(time.perf_counter() - started, 3)
                result["created"] = batch.created
            transaction.set_rollback(True)
        if as_json:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key:>16}: {value}")
