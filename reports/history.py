"""Reading the published figures of earlier school years from a CSV file (see the import_history command).

One row per school year and region. Columns (a header row, in Dutch or English, comma or semicolon separated):
school_year (2024-25), region (slug or name), schools, ambassadors, and optionally placements (default: one per
ambassador), fte (default: ambassadors × FTE_PER_DAY, everyone a whole day), source and note. Every row is checked
before anything is stored; the errors name their line.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from schools import school_year
from schools.models import Region

COLUMNS = {  # accepted headers -> field
    "school_year": "school_year", "schooljaar": "school_year", "year": "school_year", "jaar": "school_year",
    "region": "region", "regio": "region",
    "schools": "schools", "scholen": "schools",
    "ambassadors": "ambassadors", "ambassadeurs": "ambassadors", "onderwijsambassadeurs": "ambassadors",
    "placements": "placements", "plaatsingen": "placements",
    "fte": "fte",
    "source": "source", "bron": "source",
    "note": "note", "toelichting": "note", "opmerking": "note",
}
REQUIRED = ["school_year", "region", "schools", "ambassadors"]
MAX_ROWS = 5000


def _count(value, line, column):
    value = (value or "").strip()
    if not value.isdigit() or int(value) > 100_000:
        raise ValidationError(_("Line %(line)s: %(column)s must be a whole number from 0 to 100000, not “%(value)s”.")
                              % {"line": line, "column": column, "value": value})
    return int(value)


def _fte(value, line, ambassadors):
    value = (value or "").strip().replace(",", ".")
    if not value:
        return Decimal(ambassadors) * settings.FTE_PER_DAY
    try:
        fte = Decimal(value)
    except InvalidOperation:
        fte = None
    if fte is None or not fte.is_finite() or fte < 0 or fte > 100_000:
        raise ValidationError(_("Line %(line)s: FTE must be a number such as 22.5, not “%(value)s”.")
                              % {"line": line, "value": value})
    return fte.quantize(Decimal("0.01"))


def parse_history_csv(text: str) -> list[dict]:
    """The rows of the file as field values, or a ValidationError listing every problem found."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise ValidationError(_("The file is empty."))
    fields = [COLUMNS.get(column.strip().lower()) for column in header]
    missing = [column for column in REQUIRED if column not in fields]
    if missing:
        raise ValidationError(_("The header row lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
    regions = {key: region for region in Region.objects.all() for key in (region.slug, region.name.lower())}
    rows, errors, seen = [], [], {}
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(_("More than %(max)s rows; split the file.") % {"max": MAX_ROWS})
            break
        raw = {field: value for field, value in zip(fields, values, strict=False) if field}
        try:
            rows.append(_row(raw, line, regions, seen))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file has no rows below the header."))
    return rows


def _row(raw, line, regions, seen) -> dict:
    year = school_year.parse(raw.get("school_year", ""))
    if year is None:
        raise ValidationError(_("Line %(line)s: “%(value)s” is not a school year such as 2024-25.")
                              % {"line": line, "value": raw.get("school_year", "")})
    region = regions.get((raw.get("region") or "").strip().lower())
    if region is None:
        raise ValidationError(_("Line %(line)s: there is no region “%(value)s”.")
                              % {"line": line, "value": raw.get("region", "")})
    if (year, region.pk) in seen:
        raise ValidationError(_("Line %(line)s: %(region)s %(year)s is on line %(first)s as well.")
                              % {"line": line, "region": region.name, "year": school_year.label(year),
                                 "first": seen[year, region.pk]})
    seen[year, region.pk] = line
    ambassadors = _count(raw.get("ambassadors"), line, _("ambassadors"))
    placements = raw.get("placements", "").strip()
    return {
        "school_year": year, "region": region,
        "schools": _count(raw.get("schools"), line, _("schools")),
        "ambassadors": ambassadors,
        "placements": _count(placements, line, _("placements")) if placements else ambassadors,
        "fte": _fte(raw.get("fte"), line, ambassadors),
        "source": (raw.get("source") or "").strip()[:200],
        "note": (raw.get("note") or "").strip(),
    }
