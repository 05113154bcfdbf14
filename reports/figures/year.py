"""One school year in depth, per region and in total: what became of the placements, the hours freed, the relief
the schools report in check-ins, the channels that brought the ambassadors, funding places and the ambition.

Each figure is one grouped SQL query, whatever the number of schools, ambassadors or placements.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from ambassadors.models import AmbassadorProfile, Channel
from matching.models import CheckIn, Placement
from matching.selectors import funding_schemes
from schools import school_year
from schools.models import Region, TeacherNeed

LOW_RELIEF = 2  # answers of 1 or 2 on "does this lighten the teacher's workload?" are low (as matching flags them)
RELIEF_SCALE = range(1, 6)


def _share(part, whole, places=1):
    return None if not whole else round(Decimal(100) * part / whole, places)


def _mean(total, n, places=1):
    return None if not n else round(Decimal(total) / n, places)


@dataclass
class RegionRow:
    region: Region | None
    values: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def _per_region(rows, keys, regions) -> tuple[list[RegionRow], RegionRow]:
    """(region id, *values) rows as RegionRows in region order, and their sums as the total row."""
    result = [RegionRow(regions.get(region_id), dict(zip(keys, (v or 0 for v in values), strict=True)))
              for region_id, *values in rows]
    result.sort(key=lambda row: (row.region is None, row.region.name if row.region else ""))
    total = RegionRow(None, {key: sum((row.values[key] for row in result), 0) for key in keys})
    return result, total


def _filters(region, prefix):
    return {f"{prefix}region": region} if region is not None else {}


def placements(*, year: int, region=None, regions) -> tuple[list[RegionRow], RegionRow]:
    """Placements of the school year: started (all of them), still running, ended as planned, ended early."""
    status = Placement.Status
    rows = (Placement.objects.filter(need__school_year=year, **_filters(region, "need__school__"))
            .values_list("need__school__region")
            .annotate(started=Count("id"), running=Count("id", filter=Q(status=status.ACTIVE)),
                      ended=Count("id", filter=Q(status=status.ENDED)),
                      ended_early=Count("id", filter=Q(status=status.ENDED_EARLY)))
            .order_by())
    return _per_region(rows, ["started", "running", "ended", "ended_early"], regions)


def hours(*, year: int, region=None, regions) -> tuple[list[RegionRow], RegionRow]:
    """Hours freed per week: what the needs that got an ambassador promised, and what schools report in check-ins."""
    placed = Placement.objects.filter(need=OuterRef("pk"))
    needs = (TeacherNeed.objects.filter(Exists(placed), school_year=year, **_filters(region, "school__"))
             .values_list("school__region").annotate(needs=Count("id"), expected=Sum("hours_per_week")).order_by())
    reported = (CheckIn.objects.filter(side=CheckIn.Side.SCHOOL, answered_at__isnull=False, hours_freed__isnull=False,
                                       placement__need__school_year=year,
                                       **_filters(region, "placement__need__school__"))
                .values_list("placement__need__school__region")
                .annotate(answers=Count("id"), reported=Sum("hours_freed")).order_by())
    merged: dict = {}
    for region_id, n, expected in needs:
        merged.setdefault(region_id, [0, Decimal(0), 0, Decimal(0)])[0:2] = [n, expected or Decimal(0)]
    for region_id, n, total in reported:
        merged.setdefault(region_id, [0, Decimal(0), 0, Decimal(0)])[2:4] = [n, total or Decimal(0)]
    rows, total = _per_region([(k, *v) for k, v in merged.items()], ["needs", "expected", "answers", "reported"], regions)
    for row in [*rows, total]:
        row.values["expected_per_need"] = _mean(row.values["expected"], row.values["needs"])
        row.values["reported_per_answer"] = _mean(row.values["reported"], row.values["answers"])
    return rows, total


def relief(*, year: int, region=None, regions) -> tuple[list[RegionRow], RegionRow]:
    """The school's answer to "does this lighten the teacher's workload?" (1-5) in the check-ins of the school year."""
    counts = {f"r{score}": Count("id", filter=Q(relief=score)) for score in RELIEF_SCALE}
    rows = (CheckIn.objects.filter(side=CheckIn.Side.SCHOOL, answered_at__isnull=False, relief__isnull=False,
                                   placement__need__school_year=year, **_filters(region, "placement__need__school__"))
            .values_list("placement__need__school__region")
            .annotate(answers=Count("id"), relief_sum=Sum("relief"), low=Count("id", filter=Q(relief__lte=LOW_RELIEF)),
                      **counts)
            .order_by())
    rows, total = _per_region(rows, ["answers", "relief_sum", "low", *counts], regions)
    for row in [*rows, total]:
        row.values["average"] = _mean(row.values["relief_sum"], row.values["answers"])
        row.values["low_share"] = _share(row.values["low"], row.values["answers"], 0)
    return rows, total


def relief_distribution(total: RegionRow) -> list[dict]:
    return [{"score": score, "answers": total.values[f"r{score}"],
             "share": _share(total.values[f"r{score}"], total.values["answers"], 0)} for score in RELIEF_SCALE]


def channels(*, year: int, region=None) -> list[dict]:
    """Per channel: who applied in the school year, and who had a placement in it (an ambassador counts once)."""
    start, end = (timezone.make_aware(datetime(y, 8, 1)) for y in (year, year + 1))
    applied = Q(created_at__gte=start, created_at__lt=end, **_filters(region, ""))
    placed = Q(placements__need__school_year=year, **_filters(region, "placements__need__school__"))
    rows = {channel: (a, p) for channel, a, p in (
        AmbassadorProfile.objects.filter(applied | placed).values_list("heard_via")
        .annotate(applied=Count("id", filter=applied, distinct=True), placed=Count("id", filter=placed, distinct=True))
        .order_by())}
    labels = [*Channel.choices, ("", None)]
    result = [{"channel": value, "label": label, "applied": rows[value][0], "placed": rows[value][1]}
              for value, label in labels if value in rows]
    total_applied, total_placed = sum(r["applied"] for r in result), sum(r["placed"] for r in result)
    for row in result:
        row["applied_share"] = _share(row["applied"], total_applied, 0)
        row["placed_share"] = _share(row["placed"], total_placed, 0)
    return result


def funding(*, year: int, region=None) -> list:
    return list(funding_schemes(year=year, region=region))


def ambition(*, schools: int, ambassadors: int) -> list[dict]:
    """How far the foundation is toward its ambition (1,350 schools and 2,000 ambassadors by default)."""
    return [
        {"measure": "schools", "now": schools, "target": settings.AMBITION_SCHOOLS,
         "share": _share(schools, settings.AMBITION_SCHOOLS)},
        {"measure": "ambassadors", "now": ambassadors, "target": settings.AMBITION_AMBASSADORS,
         "share": _share(ambassadors, settings.AMBITION_AMBASSADORS)},
    ]


def ambition_year_label() -> str:
    return school_year.label(settings.AMBITION_SCHOOL_YEAR)
