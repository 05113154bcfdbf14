import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from reports.retention import RULES, apply_retention


class Command(BaseCommand):
    help = "Remove the personal data past its term, as the privacy statement says (the nightly task does the same)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to apply the terms for, YYYY-MM-DD (default today)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be removed; change nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD.") from exc
        done = apply_retention(day, dry_run=dry_run)
        if options["json"]:
            self.stdout.write(json.dumps({"date": (day.isoformat() if day else None), "dry_run": dry_run,
                                          "removed": done, "total": sum(done.values())}))
            return
        for rule in RULES:
            self.stdout.write(f"{done[rule.key]:>6}  {rule.describe()}")
