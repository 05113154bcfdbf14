"""Each figure on a small data set built by hand, where the answer is known beforehand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching.models import CheckIn, FundingScheme, Placement
from matching.tests.factories import answer, make_placement
from reports.figures import year as year_figures
from reports.figures.series import as_json, series
from reports.models import HistoricalFigure
from schools.models import SchoolYearParticipation
from schools.tests.factories import RegionFactory, SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

Y = 2025  # a school year of the platform


@pytest.fixture
def world():
    """Two regions. Utrecht: two schools taking part; Den Haag: one. Three ambassadors in Y:
    - anne: a whole day at Utrecht school 1;
    - bart: half a day at Utrecht school 1 and half a day at the Den Haag school (two placements, two regions);
    - cees: a whole day at the Den Haag school, ended early.
    Dirk had a placement the year before only; a Utrecht school without a participation has no placement."""
    utrecht, den_haag = RegionFactory(name="Utrecht", slug="utrecht"), RegionFactory(name="Den Haag", slug="den-haag")
    u1, u2, u3 = (SchoolFactory(region=utrecht) for _ in range(3))
    h1 = SchoolFactory(region=den_haag)
    for school in (u1, u2, h1):
        SchoolYearParticipation.objects.create(school=school, school_year=Y)
    SchoolYearParticipation.objects.create(school=u3, school_year=Y - 1)
    anne, bart, cees, dirk = (ActiveAmbassadorFactory() for _ in range(4))
    make_placement(school=u1, ambassador=anne, year=Y, day_part="day")
    make_placement(school=u1, ambassador=bart, year=Y, day_part="morning", status=Placement.Status.ENDED)
    make_placement(school=h1, ambassador=bart, year=Y, day_part="afternoon")
    make_placement(school=h1, ambassador=cees, year=Y, day_part="day", status=Placement.Status.ENDED_EARLY)
    make_placement(school=u3, ambassador=dirk, year=Y - 1, day_part="day")
    return {"utrecht": utrecht, "den_haag": den_haag, "u1": u1, "h1": h1}


def _by_slug(entry):
    return {row.region.slug: (row.schools, row.ambassadors, row.placements, row.fte) for row in entry.regions}


def test_per_region_and_in_total_an_ambassador_counts_once(world):
    [previous, entry] = series()
    assert (previous.year, entry.year) == (Y - 1, Y)
    assert _by_slug(entry) == {
        "utrecht": (2, 2, 2, Decimal("0.225")),  # anne's whole day 0.15 and bart's half day 0.075
        "den-haag": (1, 2, 2, Decimal("0.225")),  # bart's half day and cees's whole day
    }
    totals = entry.totals
    assert (totals.schools, totals.ambassadors, totals.placements, totals.fte) == (3, 3, 4, Decimal("0.45"))
    assert entry.source == "platform"


def test_fte_per_whole_day_is_a_setting(world, settings):
    settings.FTE_PER_DAY = Decimal("0.2")
    assert series(year=Y)[0].totals.fte == Decimal("0.6")  # three whole days' worth: 2 whole days, 2 half days


def test_150_one_day_ambassadors_are_22_5_fte():
    school = SchoolFactory()
    for _ in range(150):
        make_placement(school=school, year=Y, day_part="day")
    assert series(year=Y)[0].totals.fte == Decimal("22.5")


def test_a_region_and_a_year_can_be_chosen(world):
    [entry] = series(year=Y, region=world["den_haag"])
    assert _by_slug(entry) == {"den-haag": (1, 2, 2, Decimal("0.225"))}
    assert entry.totals.ambassadors == 2
    assert series(year=Y + 5) == []


def test_a_year_with_published_figures_is_reported_from_them_alone(world):
    # Y-1 has a computed placement (dirk) and participation; once history exists for Y-1, only history counts.
    HistoricalFigure.objects.create(school_year=Y - 1, region=world["utrecht"], schools=5, ambassadors=10,
                                    placements=12, fte=Decimal("1.5"))
    HistoricalFigure.objects.create(school_year=Y - 1, region=world["den_haag"], schools=3, ambassadors=4,
                                    placements=4, fte=Decimal("0.6"))
    HistoricalFigure.objects.create(school_year=Y - 4, region=world["utrecht"], schools=1, ambassadors=11,
                                    placements=11, fte=Decimal("1.65"))
    years = series()
    assert [(e.year, e.source) for e in years] == [(Y - 4, "history"), (Y - 1, "history"), (Y, "platform")]
    assert _by_slug(years[1]) == {"utrecht": (5, 10, 12, Decimal("1.5")), "den-haag": (3, 4, 4, Decimal("0.6"))}
    totals = years[1].totals
    assert (totals.schools, totals.ambassadors, totals.placements, totals.fte) == (8, 14, 16, Decimal("2.1"))


def test_json_has_exactly_the_contract_shape(world):
    data = as_json(series(year=Y))
    assert data == {"years": [{
        "year": "2025-26",
        "regions": [{"region": "den-haag", "schools": 1, "ambassadors": 2, "placements": 2, "fte": 0.225},
                    {"region": "utrecht", "schools": 2, "ambassadors": 2, "placements": 2, "fte": 0.225}],
        "totals": {"schools": 3, "ambassadors": 3, "placements": 4, "fte": 0.45},
    }]}


def _regions(world):
    return {r.pk: r for r in (world["utrecht"], world["den_haag"])}


def test_placements_started_running_ended_and_ended_early(world):
    rows, total = year_figures.placements(year=Y, regions=_regions(world))
    assert [(r.region.slug, r.started, r.running, r.ended, r.ended_early) for r in rows] == [
        ("den-haag", 2, 1, 0, 1), ("utrecht", 2, 1, 1, 0)]
    assert (total.started, total.running, total.ended, total.ended_early) == (4, 2, 1, 1)


def test_hours_freed_promised_by_the_needs_and_reported_in_check_ins(world):
    # Promised: the needs with a placement. The factory's needs promise 4 hours; one more need has no placement.
    TeacherNeedFactory(school=world["u1"], school_year=Y, hours_per_week=Decimal("9"))
    anne_placement = Placement.objects.get(need__school=world["u1"], day_part="day")
    answer(anne_placement, relief=4, hours="3")
    answer(anne_placement, relief=5, hours="5")
    answer(anne_placement, relief=1, hours="8", side=CheckIn.Side.AMBASSADOR)  # the ambassador's side is not counted
    CheckIn.objects.create(placement=anne_placement, side="school", due_on=datetime.date(Y + 1, 3, 1))  # unanswered
    rows, total = year_figures.hours(year=Y, regions=_regions(world))
    utrecht = next(r for r in rows if r.region.slug == "utrecht")
    assert (utrecht.needs, utrecht.expected, utrecht.answers, utrecht.reported) == (2, Decimal(8), 2, Decimal(8))
    assert (utrecht.expected_per_need, utrecht.reported_per_answer) == (Decimal("4.0"), Decimal("4.0"))
    assert (total.needs, total.expected, total.answers) == (4, Decimal(16), 2)


def test_relief_as_schools_report_it(world):
    placements = list(Placement.objects.filter(need__school_year=Y).order_by("pk"))
    for relief in (5, 4, 4, 2):
        answer(placements[0], relief=relief)
    answer(placements[3], relief=1)
    answer(placements[3], relief=5, side=CheckIn.Side.AMBASSADOR)  # not the school's answer
    _rows, total = year_figures.relief(year=Y, regions=_regions(world))
    assert (total.answers, total.average, total.low, total.low_share) == (5, Decimal("3.2"), 2, Decimal(40))
    assert [(d["score"], d["answers"], d["share"]) for d in year_figures.relief_distribution(total)] == [
        (1, 1, Decimal(20)), (2, 1, Decimal(20)), (3, 0, Decimal(0)), (4, 2, Decimal(40)), (5, 1, Decimal(20))]


def _applied(year, heard_via, region=None):
    profile = ActiveAmbassadorFactory(heard_via=heard_via, region=region)
    type(profile).objects.filter(pk=profile.pk).update(created_at=timezone.make_aware(datetime.datetime(year, 10, 1)))
    return profile


def test_channels_who_applied_this_school_year_and_who_had_a_placement_in_it():
    utrecht, elsewhere = RegionFactory(slug="utrecht"), RegionFactory(slug="leiden")
    school, far = SchoolFactory(region=utrecht), SchoolFactory(region=elsewhere)
    make_placement(school=school, ambassador=_applied(Y, "friend", utrecht), year=Y)
    _applied(Y, "employer", utrecht)  # applied, not placed
    make_placement(school=school, ambassador=_applied(Y - 1, "employer", utrecht), year=Y)  # applied before, placed
    both = _applied(Y, "employer", elsewhere)
    make_placement(school=school, ambassador=both, year=Y)
    make_placement(school=far, ambassador=both, year=Y)  # two placements, counted once
    make_placement(school=school, ambassador=_applied(Y - 1, "employer"), year=Y - 1)  # another school year
    _applied(Y + 1, "website")  # the next school year
    rows = {row["channel"]: (row["applied"], row["placed"]) for row in year_figures.channels(year=Y)}
    assert rows == {"friend": (1, 1), "employer": (2, 2)}
    # In a region: who lives there applied; who works at its schools was placed.
    rows = {row["channel"]: (row["applied"], row["placed"]) for row in year_figures.channels(year=Y, region=utrecht)}
    assert rows == {"friend": (1, 1), "employer": (1, 2)}


def test_funding_places_used_and_left(world):
    scheme = FundingScheme.objects.create(name="Subsidie", region=world["utrecht"], school_year=Y, places=27)
    Placement.objects.filter(need__school=world["u1"]).update(funding_scheme=scheme)
    FundingScheme.objects.create(name="Other year", region=world["utrecht"], school_year=Y + 1, places=3)
    [row] = year_figures.funding(year=Y)
    assert (row.name, row.places, row.used, row.left) == ("Subsidie", 27, 2, 25)


def test_progress_toward_the_ambition(settings):
    settings.AMBITION_SCHOOLS, settings.AMBITION_AMBASSADORS = 1350, 2000
    assert year_figures.ambition(schools=135, ambassadors=150) == [
        {"measure": "schools", "now": 135, "target": 1350, "share": Decimal("10.0")},
        {"measure": "ambassadors", "now": 150, "target": 2000, "share": Decimal("7.5")},
    ]
