from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from research.models import Study
from research.services import exports

FORMATS = {"csv": exports.export_csv, "xlsx": exports.export_xlsx, "qdpx": exports.export_qdpx}


class Command(BaseCommand):
    help = "Export a study's codings of every coder, with pseudonyms only: CSV, XLSX or a REFI-QDA project (.qdpx)."

    def add_arguments(self, parser):
        parser.add_argument("--study", required=True, help="the study's short name (slug)")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, study, output, **options):
        found = Study.objects.filter(slug=study).first()
        if found is None:
            raise CommandError(f"No study with the short name {study!r}.")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        content = FORMATS[options["format"]](study=found, user=None, via="command")
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({len(content)} bytes)."))
