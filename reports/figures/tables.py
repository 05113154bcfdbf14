"""The figures of a school year and region as tables with named columns and a chart each: one source for the staff
dashboard, the yearly report and the CSV/XLSX exports. Built in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from schools import school_year
from schools.models import Region

from ..charts import Chart, bar_chart
from . import year as year_figures
from .cohorts import cohorts
from .series import HISTORY, Counts, YearCounts, series


@dataclass
class Column:
    key: str
    label: str
    kind: str = "int"  # text, int, fte, decimal (hours, averages) or percent: one decimal shown, fte two exported


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[dict]
    total: dict | None = None
    note: str = ""
    chart: Chart | None = None

    def cells(self, row):
        return [(column, row.get(column.key)) for column in self.columns]

    @property
    def wide(self):
        """Too many columns to stand beside the chart: the table goes below it."""
        return len(self.columns) > 5

    @property
    def body(self):
        return [self.cells(row) for row in self.rows]

    @property
    def footer(self):
        return self.cells(self.total) if self.total else None


SOURCE_LABELS = {HISTORY: _("published figures"), "platform": _("platform")}
REGION = Column("region", _("Region"), "text")
COUNT_COLUMNS = [Column("schools", _("Schools")), Column("ambassadors", _("Ambassadors")),
                 Column("placements", _("Placements")), Column("fte", _("FTE"), "fte")]
TABLES = ["regions", "series", "placements", "hours", "relief", "channels", "cohorts", "funding", "ambition"]


def _region_name(region):
    return region.name if region is not None else str(_("No region"))


def _counts(counts: Counts) -> dict:
    return {"schools": counts.schools, "ambassadors": counts.ambassadors, "placements": counts.placements,
            "fte": counts.fte}


def table_chart(table: Table, label_key: str, keys: list[str], **kwargs):
    labels = {c.key: c.label for c in table.columns}
    return bar_chart(slug=table.slug, title=str(table.title), categories=[r[label_key] for r in table.rows],
                     series=[(str(labels[k]), [r.get(k) for r in table.rows]) for k in keys], **kwargs)


@dataclass
class Figures:
    """Everything the dashboard shows for one school year (and region)."""

    year: int
    region: Region | None
    years: list[int]
    entry: YearCounts | None
    tables: dict = field(default_factory=dict)
    computed_at: datetime = field(default_factory=timezone.now)

    @property
    def label(self):
        return school_year.label(self.year)

    @property
    def headline(self) -> Counts:
        if self.entry is None:
            return Counts()
        if self.region is None:
            return self.entry.totals
        return self.entry.region(self.region.slug) or Counts()

    @property
    def is_history(self):
        return self.entry is not None and self.entry.source == HISTORY

    @property
    def fte_per_day(self):
        return settings.FTE_PER_DAY

    @property
    def query(self):
        """The selection as a query string, for links that keep it (exports, the yearly report)."""
        return urlencode({"year": self.year, **({"region": self.region.slug} if self.region else {})})

    @property
    def table_list(self):
        return [self.tables[slug] for slug in TABLES if slug in self.tables]


def default_year(years: list[int]) -> int:
    """This school year when it has figures (or when nothing has), else the last one before it, else the first."""
    current = school_year.current_school_year()
    if current in years or not years:
        return current
    past = [y for y in years if y <= current]
    return max(past) if past else min(years)


def figures(*, year: int | None = None, region: Region | None = None) -> Figures:
    regions = {r.pk: r for r in Region.objects.all()}
    every_year = series(regions=regions)
    years = [entry.year for entry in every_year]
    year = year if year is not None else default_year(years)
    entry = next((e for e in every_year if e.year == year), None)
    result = Figures(year=year, region=region, years=years, entry=entry)
    result.tables["regions"] = _regions_table(entry, region)
    result.tables["series"] = _series_table(every_year, region)
    if not result.is_history:
        result.tables["placements"] = _placements_table(year, region, regions)
        result.tables["hours"] = _hours_table(year, region, regions)
        result.tables["relief"] = _relief_table(year, region, regions)
        result.tables["channels"] = _channels_table(year, region)
    result.tables["cohorts"] = _cohorts_table(region)
    result.tables["funding"] = _funding_table(year, region)
    result.tables["ambition"] = _ambition_table(result)
    return result


def _regions_table(entry: YearCounts | None, region) -> Table:
    rows = [] if entry is None else [{"region": _region_name(r.region), **_counts(r)} for r in entry.regions
                                     if region is None or r.region == region]
    table = Table("regions", _("Per region"), [REGION, *COUNT_COLUMNS], rows,
                  total={"region": str(_("Total")), **_counts(entry.totals)} if entry and region is None else None,
                  note=entry.note if entry else "")
    table.chart = table_chart(table, "region", ["schools", "ambassadors"])
    return table


def _series_table(every_year: list[YearCounts], region) -> Table:
    rows = []
    for entry in every_year:
        counts = entry.totals if region is None else entry.region(region.slug)
        if counts:
            rows.append({"year": school_year.label(entry.year), **_counts(counts),
                         "source": str(SOURCE_LABELS[entry.source])})
    table = Table("series", _("Per school year"),
                  [Column("year", _("School year"), "text"), *COUNT_COLUMNS, Column("source", _("Source"), "text")], rows)
    table.chart = table_chart(table, "year", ["schools", "ambassadors"])
    return table


def _placements_table(year, region, regions) -> Table:
    rows, total = year_figures.placements(year=year, region=region, regions=regions)
    columns = [REGION, Column("started", _("Started")), Column("running", _("Running")),
               Column("ended", _("Ended as planned")), Column("ended_early", _("Ended early"))]
    table = Table("placements", _("Placements"), columns,
                  [{"region": _region_name(r.region), **r.values} for r in rows],
                  total={"region": str(_("Total")), **total.values} if len(rows) > 1 else None)
    table.chart = table_chart(table, "region", ["running", "ended", "ended_early"])
    return table


def _hours_table(year, region, regions) -> Table:
    rows, total = year_figures.hours(year=year, region=region, regions=regions)
    columns = [REGION, Column("needs", _("Needs with an ambassador")),
               Column("expected", _("Hours a week the needs promise"), "decimal"),
               Column("expected_per_need", _("Promised per need"), "decimal"),
               Column("answers", _("Check-in answers")),
               Column("reported_per_answer", _("Reported per answer"), "decimal")]
    table = Table("hours", _("Hours freed per week"), columns,
                  [{"region": _region_name(r.region), **r.values} for r in rows],
                  total={"region": str(_("Total")), **total.values} if len(rows) > 1 else None,
                  note=_("Promised: the hours a week of the needs that got an ambassador. Reported: the hours freed "
                         "that week, as the school answers each check-in."))
    table.chart = table_chart(table, "region", ["expected_per_need", "reported_per_answer"], places=1)
    return table


def _relief_table(year, region, regions) -> Table:
    _rows, total = year_figures.relief(year=year, region=region, regions=regions)
    columns = [Column("score", _("Answer (1 = not at all, 5 = very much)"), "text"), Column("answers", _("Answers")),
               Column("share", _("Share"), "percent")]
    rows = [{**row, "score": str(row["score"])} for row in year_figures.relief_distribution(total)]
    average = total.values["average"]
    table = Table("relief", _("Relief reported by schools"), columns, rows,
                  total={"score": str(_("All answers")), "answers": total.values["answers"], "share": None},
                  note=(_("Does the ambassador lighten the teacher's workload? Average answer %(average)s; %(low)s "
                          "answers of 1 or 2.") % {"average": number_format(average, 1), "low": total.values["low"]}
                        if average is not None else ""))
    table.chart = table_chart(table, "score", ["answers"])
    return table


def _channels_table(year, region) -> Table:
    rows = [{**row, "label": str(row["label"] or _("Not given"))} for row in year_figures.channels(year=year, region=region)]
    columns = [Column("label", _("Channel"), "text"), Column("applied", _("Applied this school year")),
               Column("placed", _("With a placement this school year"))]
    table = Table("channels", _("Channels"), columns, rows,
                  total={"label": str(_("Total")), "applied": sum(r["applied"] for r in rows),
                         "placed": sum(r["placed"] for r in rows)} if rows else None)
    table.chart = table_chart(table, "label", ["applied", "placed"])
    return table


def _cohorts_table(region) -> Table:
    rows, total = cohorts(region=region)
    columns = [Column("cohort", _("First placed in"), "text"), Column("ambassadors", _("Ambassadors")),
               Column("taking_part", _("Still taking part")),
               Column("ended", _("Ended in their first three school years")),
               Column("moved", _("Moved into education")), Column("share", _("Share moved"), "percent"),
               Column("plans", _("Plan to move (not counted)")), Column("not_moved", _("Did not move")),
               Column("unknown", _("Unknown")), Column("upper", _("Share if all unknown moved"), "percent"),
               Column("ended_later", _("Ended later"))]

    def row(cohort, label):
        return {"cohort": label, "ambassadors": cohort.ambassadors, "taking_part": cohort.taking_part,
                "ended": cohort.ended, "moved": cohort.moved, "share": cohort.share, "plans": cohort.plans,
                "not_moved": cohort.not_moved, "unknown": cohort.unknown, "upper": cohort.share_if_unknown_moved,
                "ended_later": cohort.ended_later}

    table = Table("cohorts", pgettext_lazy("figures", "Moving into education"), columns,
                  [row(c, c.label) for c in rows], total=row(total, str(_("All cohorts"))) if rows else None,
                  note=_("Of the ambassadors whose commitment ended within their first three school years, the share "
                         "who took a job in education. Those who did not answer stay in the denominator; “plan to "
                         "move” is never counted as moved."))
    table.chart = table_chart(table, "cohort", ["share", "upper"], unit=" %", places=1, scale_max=100)
    return table


def _funding_table(year, region) -> Table:
    schemes = year_figures.funding(year=year, region=region)
    columns = [Column("name", _("Scheme"), "text"), Column("funder", _("Funder"), "text"), REGION,
               Column("places", _("Places")), Column("used", _("Used")), Column("left", _("Left"))]
    rows = [{"name": s.name, "funder": s.funder, "region": s.region.name, "places": s.places, "used": s.used,
             "left": s.left} for s in schemes]
    table = Table("funding", _("Funding"), columns, rows)
    table.chart = bar_chart(slug="funding", title=str(table.title), categories=[r["name"] for r in rows],
                            series=[(str(_("Used")), [r["used"] for r in rows]),
                                    (str(_("Places")), [r["places"] for r in rows])])
    return table


def _ambition_table(result: Figures) -> Table:
    labels = {"schools": _("Schools"), "ambassadors": _("Ambassadors")}
    headline = result.entry.totals if result.entry else Counts()
    rows = [{**row, "measure": str(labels[row["measure"]])}
            for row in year_figures.ambition(schools=headline.schools, ambassadors=headline.ambassadors)]
    columns = [Column("measure", _("Measure"), "text"), Column("now", result.label),
               Column("target", _("Ambition for %(year)s") % {"year": year_figures.ambition_year_label()}),
               Column("share", _("Share of the ambition"), "percent")]
    table = Table("ambition", _("Toward the ambition"), columns, rows,
                  note=_("Nationwide, whatever region is chosen: a fifth of Dutch primary schools within five years."))
    table.chart = table_chart(table, "measure", ["now", "target"])
    return table
