from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.history import parse_history_csv
from reports.services import history_import


class Command(BaseCommand):
    help = ("Import the published figures of earlier school years, one row per school year and region, from a CSV "
            "file with the columns school_year, region, schools, ambassadors and optionally placements (default: one "
            "per ambassador), fte (default: ambassadors x FTE_PER_DAY), source and note. All rows or none are stored; "
            "a school year and region already there is replaced.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file (UTF-8, comma or semicolon separated, with a header row)")
        parser.add_argument("--dry-run", action="store_true", help="check the file and store nothing")

    def handle(self, *args, path, dry_run, **options):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            rows = parse_history_csv(text)
            if dry_run:
                self.stdout.write(f"{len(rows)} rows are valid; nothing stored (--dry-run).")
                return
            created, updated = history_import(rows=rows)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{created} rows added, {updated} replaced."))
