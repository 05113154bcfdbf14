"""The share of ambassadors who move into education, per cohort, with its denominator and the unknowns."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ambassadors.models import AmbassadorProfile, Status, StatusChange
from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching.tests.factories import make_placement
from reports.figures.cohorts import cohorts
from schools.tests.factories import RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db

Y = 2022
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def ambassador(first_year, *, job="", ended_at=None, status=Status.ACTIVE, region=None, later_years=()):
    """An ambassador first placed in `first_year` who answered `job`, and whose commitment ended at `ended_at`."""
    profile = ActiveAmbassadorFactory(education_job=job, region=region)
    school = SchoolFactory()
    for year in (first_year, *later_years):
        make_placement(school=school, ambassador=profile, year=year)
    if ended_at is not None:
        status = Status.ENDED
        change = StatusChange.objects.create(profile=profile, from_status=Status.ACTIVE, to_status=Status.ENDED)
        StatusChange.objects.filter(pk=change.pk).update(at=ended_at)
    AmbassadorProfile.objects.filter(pk=profile.pk).update(status=status)
    return profile


def on(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.fixture
def cohort():
    """Cohort Y, seven ambassadors:
    moved (ended in Y), plans (ended in Y+1), not moved (ended in Y+2), unknown (ended in Y+1, never answered),
    moved after three school years (ended in Y+3: not in the denominator), still active (said yes already),
    declined. Cohort Y+1: one who moved. Someone never placed who moved belongs to no cohort."""
    ambassador(Y, job="yes", ended_at=on(Y + 1, 6, 30))
    ambassador(Y, job="planned", ended_at=on(Y + 1, 12, 1))
    ambassador(Y, job="no", ended_at=on(Y + 2, 9, 1), later_years=(Y + 1, Y + 2))
    ambassador(Y, job="", ended_at=on(Y + 2, 3, 1))
    ambassador(Y, job="yes", ended_at=on(Y + 3, 10, 1))
    ambassador(Y, job="yes", status=Status.ACTIVE)
    ambassador(Y, status=Status.DECLINED)
    ambassador(Y + 1, job="yes", ended_at=on(Y + 2, 6, 1))
    never = ActiveAmbassadorFactory(education_job="yes", status=Status.ENDED)
    StatusChange.objects.create(profile=never, from_status=Status.ACTIVE, to_status=Status.ENDED)


def test_share_moved_per_cohort_with_denominator_unknowns_and_plans_apart(cohort):
    rows, total = cohorts()
    first, second = rows
    assert first.year == Y and first.label == "2022-2023"
    assert (first.ambassadors, first.taking_part, first.ended, first.ended_later) == (7, 1, 4, 1)
    assert (first.moved, first.plans, first.not_moved, first.unknown) == (1, 1, 1, 1)
    assert first.share == Decimal("25.0")  # 1 of 4: the unknown stays in the denominator, the plan is not a move
    assert first.share_if_unknown_moved == Decimal("50.0")
    assert first.answered == 3
    assert (second.year, second.ambassadors, second.ended, second.moved, second.share) == (Y + 1, 1, 1, 1, Decimal(100))
    assert (total.ambassadors, total.ended, total.moved, total.unknown) == (8, 5, 2, 1)
    assert total.share == Decimal("40.0")


def test_the_third_school_year_ends_on_31_july_in_dutch_time():
    ambassador(Y, job="yes", ended_at=on(Y + 3, 7, 31, 23, 30))  # still school year Y+2 (21:30 UTC)
    ambassador(Y, job="yes", ended_at=on(Y + 3, 8, 1, 0, 30))  # school year Y+3, though still 31 July in UTC
    [row], _total = cohorts()
    assert (row.ended, row.moved, row.ended_later) == (1, 1, 1)


def test_the_end_is_when_the_answers_were_recorded_when_the_timeline_has_no_step_to_ended():
    profile = ambassador(Y, job="yes")
    AmbassadorProfile.objects.filter(pk=profile.pk).update(status=Status.ENDED, outcome_recorded_at=on(Y + 1, 5, 1))
    [row], _total = cohorts()
    assert (row.ended, row.moved) == (1, 1)


def test_per_region_of_the_ambassador():
    utrecht = RegionFactory(slug="utrecht")
    ambassador(Y, job="yes", ended_at=on(Y + 1, 5, 1), region=utrecht)
    ambassador(Y, job="no", ended_at=on(Y + 1, 5, 1))
    [row], _total = cohorts(region=utrecht)
    assert (row.ambassadors, row.ended, row.moved, row.share) == (1, 1, 1, Decimal(100))


def test_no_cohorts_no_share():
    rows, total = cohorts()
    assert rows == [] and total.ended == 0 and total.share is None and total.share_if_unknown_moved is None
