import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.reminders import send_reminders


class Command(BaseCommand):
    help = "Run every reminder rule for one day and put the due messages in the outbox (a second run creates none)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run the rules for, YYYY-MM-DD (default today)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be created, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {date!r}.") from exc
        created = send_reminders(today=today, dry_run=dry_run)
        total = sum(created.values())
        if options["json"]:
            self.stdout.write(json.dumps({"date": today.isoformat(), "created": created, "total": total}))
            return
        verb = "would create" if dry_run else "created"
        for kind, count in created.items():
            self.stdout.write(f"{kind:>20}: {count}")
        self.stdout.write(f"{today.isoformat()}: {verb} {total} message(s).")
