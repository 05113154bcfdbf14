"""Placements as tests need them: a need of the school and school year, the proposal both sides said yes to, and
the placement itself, in one call."""

import datetime
from decimal import Decimal

from django.utils import timezone

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from schools import school_year
from schools.tests.factories import SchoolFactory, TeacherNeedFactory


def make_placement(*, school=None, ambassador=None, year=None, day_part="morning", status=Placement.Status.ACTIVE,
                   run=None, **need_fields) -> Placement:
    year = year if year is not None else school_year.current_school_year()
    school = school or SchoolFactory()
    ambassador = ambassador or ActiveAmbassadorFactory()
    need = TeacherNeedFactory(school=school, school_year=year, day_part=day_part, **need_fields)
    proposal = Proposal.objects.create(run=run or MatchingRun.objects.create(), need=need, ambassador=ambassador,
                                       score=60, distance_km=2, weekday=2, day_part=day_part,
                                       status=Proposal.Status.PLACED)
    return Placement.objects.create(proposal=proposal, need=need, ambassador=ambassador, weekday=2, day_part=day_part,
                                    start_date=need.start_date, end_date=need.end_date, status=status)


def answer(placement, *, relief, hours="2", side=CheckIn.Side.SCHOOL, due=None, remarks="") -> CheckIn:
    """An answered check-in of the placement."""
    due = due or placement.start_date + datetime.timedelta(days=14 * (placement.checkins.count() + 1))
    return CheckIn.objects.create(placement=placement, side=side, due_on=due, relief=relief,
                                  hours_freed=Decimal(hours) if hours is not None else None, remarks=remarks,
                                  answered_at=timezone.now())
