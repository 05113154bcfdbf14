"""Reminder rules about schools, run each day by beat (`send_reminders`); see matching.reminders for the pattern."""

import datetime as dt

from django.db.models import Exists, OuterRef

from accounts.emails import site_link
from accounts.models import MessageKind, Role
from accounts.outbox import Draft, ref

from . import school_year
from .holidays import HolidayCalendar, holiday_region_of
from .models import SchoolMembership, SchoolYearParticipation


def participation_call(*, today, calendar=None) -> list[Draft]:
    """From 1 February, the leaders of each school that takes part this school year and has not confirmed the next
    one are called to confirm it (once per school and year; after a holiday if 1 February falls in one)."""
    if not school_year.in_confirmation_window(today):
        return []
    calendar = calendar or HolidayCalendar(today - dt.timedelta(days=30), today + dt.timedelta(days=30))
    this_year, next_year = school_year.current_school_year(today), school_year.next_school_year(today)
    confirmed = SchoolYearParticipation.objects.filter(school=OuterRef("school"), school_year=next_year)
    participations = (SchoolYearParticipation.objects.filter(school_year=this_year).exclude(Exists(confirmed))
                      .select_related("school__region").order_by("school_id"))
    schools = {p.school_id: p.school for p in participations}
    schools = {pk: school for pk, school in schools.items()
               if not calendar.is_holiday(holiday_region_of(school), today)}
    leaders = (SchoolMembership.objects.filter(school_id__in=schools, user__role=Role.SCHOOL_LEADER, user__is_active=True)
               .select_related("user").order_by("school_id", "user_id"))
    return [
        Draft(kind=MessageKind.PARTICIPATION_CALL, about=ref(schools[m.school_id]), occasion=str(next_year), to=m.user,
              template="schools/email/participation_call", link=site_link("schools:school_detail", m.school_id),
              context={"person": m.user, "school": schools[m.school_id], "year": school_year.label(next_year)})
        for m in leaders
    ]


RULES = [participation_call]
