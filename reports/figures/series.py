"""Schools, ambassadors, placements and FTE per school year and region.

A school year with historical rows (reports.HistoricalFigure: the years before the platform) is reported from those
rows alone; every other school year is computed from the platform:
- schools: schools taking part that school year (a participation, from an approved intake or a confirmation);
- ambassadors: ambassadors with a placement in that school year (the need's school year), counted once per region
  and once in the total, however many placements they have;
- placements: placements of that school year, whatever became of them;
- FTE: per placement a whole day counts 1 and a half day 0.5, times FTE_PER_DAY.
A region's figures are those of its schools: an ambassador placed in two regions counts in both, once in the total.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Sum, Value, When

from matching.models import Placement
from schools.models import DayPart, Region, SchoolYearParticipation
from schools.school_year import short_label

from ..models import HistoricalFigure

HISTORY, PLATFORM = "history", "platform"


def fte_of_half_days(half_days: int) -> Decimal:
    """Exact (0.075 for a half day at 0.15): rounded only where shown."""
    return Decimal(half_days) * settings.FTE_PER_DAY / 2


@dataclass
class Counts:
    schools: int = 0
    ambassadors: int = 0
    placements: int = 0
    fte: Decimal = Decimal(0)

    def as_dict(self) -> dict:
        return {"schools": self.schools, "ambassadors": self.ambassadors, "placements": self.placements,
                "fte": float(self.fte)}

    def __bool__(self):
        return bool(self.schools or self.ambassadors or self.placements or self.fte)


@dataclass
class RegionCounts(Counts):
    region: Region | None = None


@dataclass
class YearCounts:
    year: int
    source: str
    regions: list[RegionCounts] = field(default_factory=list)
    totals: Counts = field(default_factory=Counts)
    note: str = ""

    def region(self, slug):
        return next((row for row in self.regions if row.region is not None and row.region.slug == slug), None)


def _region_key(row: RegionCounts):
    return (row.region is None, row.region.slug if row.region else "")


def series(*, year: int | None = None, region: Region | None = None, regions: dict | None = None) -> list[YearCounts]:
    """Every school year with figures, in order (or only `year`), for every region (or only `region`): 5 queries
    (4 when the regions are passed in, by id)."""
    regions = regions if regions is not None else {r.pk: r for r in Region.objects.all()}
    history = HistoricalFigure.objects.all()
    participations = SchoolYearParticipation.objects.all()
    placements = Placement.objects.all()
    if year is not None:
        history = history.filter(school_year=year)
        participations = participations.filter(school_year=year)
        placements = placements.filter(need__school_year=year)
    if region is not None:
        history = history.filter(region=region)
        participations = participations.filter(school__region=region)
        placements = placements.filter(need__school__region=region)

    years: dict[int, YearCounts] = {}
    for row in history.order_by():
        entry = years.setdefault(row.school_year, YearCounts(year=row.school_year, source=HISTORY))
        entry.regions.append(RegionCounts(region=regions.get(row.region_id), schools=row.schools,
                                          ambassadors=row.ambassadors, placements=row.placements, fte=row.fte))
        if row.note and row.note not in entry.note:
            entry.note = f"{entry.note} {row.note}".strip()
    historical = set(years)

    computed: dict[tuple[int, int | None], RegionCounts] = defaultdict(RegionCounts)
    for year_, region_id, schools in (participations.values_list("school_year", "school__region")
                                      .annotate(n=Count("id")).order_by()):
        computed[year_, region_id].schools = schools
    half_days = Sum(Case(When(day_part=DayPart.WHOLE_DAY, then=Value(2)), default=Value(1), output_field=IntegerField()))
    per_region = (placements.values_list("need__school_year", "need__school__region")
                  .annotate(n=Count("id"), people=Count("ambassador", distinct=True), halves=half_days).order_by())
    for year_, region_id, n, people, halves in per_region:
        row = computed[year_, region_id]
        row.placements, row.ambassadors, row.fte = n, people, fte_of_half_days(halves or 0)
    people_per_year = dict(placements.values_list("need__school_year").annotate(n=Count("ambassador", distinct=True))
                           .order_by())

    for (year_, region_id), row in computed.items():
        if year_ in historical:
            continue
        row.region = regions.get(region_id)
        years.setdefault(year_, YearCounts(year=year_, source=PLATFORM)).regions.append(row)

    for entry in years.values():
        entry.regions.sort(key=_region_key)
        entry.totals = Counts(
            schools=sum(r.schools for r in entry.regions),
            ambassadors=(sum(r.ambassadors for r in entry.regions) if entry.source == HISTORY
                         else people_per_year.get(entry.year, 0)),
            placements=sum(r.placements for r in entry.regions),
            fte=sum((r.fte for r in entry.regions), Decimal(0)),
        )
    return [years[y] for y in sorted(years)]


def as_json(rows: list[YearCounts]) -> dict:
    """The `figures --json` contract: {"years": [{"year", "regions": [{"region", ...}], "totals": {...}}]}."""
    return {"years": [
        {"year": short_label(entry.year),
         "regions": [{"region": r.region.slug if r.region else None, **r.as_dict()} for r in entry.regions],
         "totals": entry.totals.as_dict()}
        for entry in rows
    ]}
