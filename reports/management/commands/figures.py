import json

from django.core.management.base import BaseCommand, CommandError

from reports.figures.series import as_json, series
from schools import school_year
from schools.models import Region


class Command(BaseCommand):
    help = ("Schools, ambassadors, placements and FTE per school year and region: published history and the "
            "platform's own figures in one series.")

    def add_arguments(self, parser):
        parser.add_argument("--year", help="one school year, such as 2024-25")
        parser.add_argument("--region", help="one region, by its slug")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, year, region, json: bool, **options):
        year_value = None
        if year is not None:
            year_value = school_year.parse(year)
            if year_value is None:
                raise CommandError(f"--year {year!r} is not a school year such as 2024-25.")
        region_obj = None
        if region is not None:
            region_obj = Region.objects.filter(slug=region).first()
            if region_obj is None:
                slugs = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(f"--region {region!r} is no region; choose one of: {slugs}.")
        rows = series(year=year_value, region=region_obj)
        if json:
            self.stdout.write(_dumps(as_json(rows)))
            return
        line = "{:<9} {:<20} {:>8} {:>12} {:>11} {:>8}  {}"
        self.stdout.write(line.format("year", "region", "schools", "ambassadors", "placements", "FTE", "source"))
        for entry in rows:
            for row in [*entry.regions, entry.totals]:
                name = getattr(row, "region", None)
                label = (name.slug if name else "-") if row is not entry.totals else "total"
                self.stdout.write(line.format(school_year.short_label(entry.year), label, row.schools, row.ambassadors,
                                              row.placements, f"{row.fte:.2f}", entry.source))


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
