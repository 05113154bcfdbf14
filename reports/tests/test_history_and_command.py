"""History from a CSV file, and the figures command's JSON contract (DESIGN.md) on hand-built data and on the demo."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from matching.tests.factories import make_placement
from reports.models import HistoricalFigure
from schools.models import SchoolYearParticipation
from schools.tests.factories import RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    return RegionFactory(name="Utrecht", slug="utrecht"), RegionFactory(name="Den Haag", slug="den-haag")


def import_csv(tmp_path, text, *args):
    path = tmp_path / "cijfers.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_history", str(path), *args, stdout=out)
    return out.getvalue()


def rows():
    return sorted(HistoricalFigure.objects.values_list("school_year", "region__slug", "schools", "ambassadors",
                                                       "placements", "fte", "source"))


def test_imports_rows_with_defaults_for_placements_and_fte(tmp_path, regions):
    out = import_csv(tmp_path, "school_year,region,schools,ambassadors,source\n"
                               "2020-21,utrecht,1,11,Presentatie\n"
                               "2024-2025,Den Haag,16,26,\n")
    assert "2 rows added, 0 replaced" in out
    assert rows() == [(2020, "utrecht", 1, 11, 11, Decimal("1.65"), "Presentatie"),
                      (2024, "den-haag", 16, 26, 26, Decimal("3.90"), "")]


def test_dutch_headers_semicolons_and_a_decimal_comma(tmp_path, regions):
    import_csv(tmp_path, "\ufeffSchooljaar;Regio;Scholen;Ambassadeurs;Plaatsingen;FTE;Toelichting\n"
                         "2023/24;utrecht;24;40;42;5,5;Gepubliceerd\n")
    assert rows() == [(2023, "utrecht", 24, 40, 42, Decimal("5.50"), "")]
    assert HistoricalFigure.objects.get().note == "Gepubliceerd"


def test_a_second_import_replaces_the_same_year_and_region(tmp_path, regions):
    import_csv(tmp_path, "school_year,region,schools,ambassadors\n2021-22,utrecht,6,23\n")
    out = import_csv(tmp_path, "school_year,region,schools,ambassadors\n2021-22,utrecht,7,24\n2022-23,utrecht,20,36\n")
    assert "1 rows added, 1 replaced" in out
    assert [r[:4] for r in rows()] == [(2021, "utrecht", 7, 24), (2022, "utrecht", 20, 36)]


HEADER = "school_year,region,schools,ambassadors\n2020-21,utrecht,1,11\n"  # a good row before the bad one


@pytest.mark.parametrize(("text", "message"), [
    ("school_year,region,schools\n2021-22,utrecht,6\n", "lacks the columns: ambassadors"),
    (HEADER + "2021-23,utrecht,6,23\n", "Line 3: “2021-23” is not a school year"),
    (HEADER + "2021-22,zwolle,6,23\n", "Line 3: there is no region “zwolle”"),
    (HEADER + "2021-22,utrecht,-6,23\n", "Line 3: schools must be a whole number"),
    (HEADER + "2021-22,utrecht,6,\n", "Line 3: ambassadors must be a whole number"),
    ("school_year,region,schools,ambassadors,fte\n2020-21,utrecht,1,11,\n2021-22,utrecht,6,23,veel\n",
     "Line 3: FTE must be a number"),
    (HEADER + "2020-2021,Utrecht,7,23\n", "Line 3: Utrecht 2020-2021 is on line 2 as well"),
    ("", "The file is empty"),
    ("school_year,region,schools,ambassadors\n", "no rows below the header"),
])
def test_bad_files_are_refused_whole_with_the_line_named(tmp_path, regions, text, message):
    with translation.override("en"), pytest.raises(CommandError, match=message):
        import_csv(tmp_path, text)
    assert HistoricalFigure.objects.count() == 0  # not even the good row


def test_every_problem_is_listed_at_once_in_dutch(tmp_path, regions):
    with translation.override("nl"), pytest.raises(CommandError) as error:
        import_csv(tmp_path, HEADER + "2021-23,utrecht,6,23\n2022-23,zwolle,6,23\n")
    assert "Regel 3" in str(error.value) and "Regel 4" in str(error.value)


def test_dry_run_checks_and_stores_nothing(tmp_path, regions):
    out = import_csv(tmp_path, "school_year,region,schools,ambassadors\n2021-22,utrecht,6,23\n", "--dry-run")
    assert "1 rows are valid" in out and HistoricalFigure.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_history", str(tmp_path / "weg.csv"))


def figures(*args):
    out = io.StringIO()
    call_command("figures", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_figures_json_history_and_platform_in_one_series_in_order(regions):
    utrecht, den_haag = regions
    HistoricalFigure.objects.create(school_year=2021, region=utrecht, schools=6, ambassadors=23, placements=23,
                                    fte=Decimal("3.45"))
    school = SchoolFactory(region=den_haag)
    SchoolYearParticipation.objects.create(school=school, school_year=2025)
    make_placement(school=school, year=2025, day_part="day")
    make_placement(school=school, year=2025, day_part="afternoon")
    assert figures() == {"years": [
        {"year": "2021-22", "regions": [{"region": "utrecht", "schools": 6, "ambassadors": 23, "placements": 23,
                                         "fte": 3.45}],
         "totals": {"schools": 6, "ambassadors": 23, "placements": 23, "fte": 3.45}},
        {"year": "2025-26", "regions": [{"region": "den-haag", "schools": 1, "ambassadors": 2, "placements": 2,
                                         "fte": 0.225}],
         "totals": {"schools": 1, "ambassadors": 2, "placements": 2, "fte": 0.225}},
    ]}
    assert [y["year"] for y in figures("--year", "2025-26")["years"]] == ["2025-26"]
    assert [y["year"] for y in figures("--region", "utrecht")["years"]] == ["2021-22"]
    assert figures("--year", "2030-31") == {"years": []}


@pytest.mark.parametrize(("args", "message"), [(["--year", "2024-26"], "is not a school year"),
                                               (["--region", "zwolle"], "is no region; choose one of: den-haag, utrecht")])
def test_figures_refuses_bad_options(regions, args, message):
    with pytest.raises(CommandError, match=message):
        figures(*args)


def test_figures_prints_a_table_without_json(regions):
    HistoricalFigure.objects.create(school_year=2021, region=regions[0], schools=6, ambassadors=23, placements=23,
                                    fte=Decimal("3.45"))
    out = io.StringIO()
    call_command("figures", stdout=out)
    assert "2021-22   utrecht" in out.getvalue() and "total" in out.getvalue()


UTRECHT = {"2020-21": (1, 11), "2021-22": (6, 23), "2022-23": (20, 36), "2023-24": (24, 40), "2024-25": (31, 40)}


def test_the_demo_reproduces_the_published_figures():
    call_command("seed_demo", "--schools", "8", "--ambassadors", "10", "--force", stdout=io.StringIO())
    years = {year["year"]: year for year in figures()["years"]}
    for label, (schools, ambassadors) in UTRECHT.items():
        [utrecht] = [r for r in years[label]["regions"] if r["region"] == "utrecht"]
        assert (utrecht["schools"], utrecht["ambassadors"]) == (schools, ambassadors), label
    assert years["2024-25"]["totals"] == {"schools": 100, "ambassadors": 150, "placements": 150, "fte": 22.5}
    assert len(years["2024-25"]["regions"]) == 8
    assert list(years) == sorted(years)
