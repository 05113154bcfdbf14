"""The call to confirm next school year, from 1 February, on frozen days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts import outbox
from schools import reminders
from schools.models import SchoolHoliday, SchoolYearParticipation
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 1, 5, 7, 30, tzinfo=AMS), tick=False) as traveller:
        traveller.day = lambda day: traveller.move_to(dt.datetime.combine(day, dt.time(7, 30), tzinfo=AMS)) or day
        yield traveller


def run(today):
    return {m.to_email: m for m in outbox.queue(reminders.participation_call(today=today))}


@pytest.fixture
def taking_part():
    school = SchoolFactory(name="OBS De Klimop")
    SchoolYearParticipation.objects.create(school=school, school_year=2025)
    SchoolMembershipFactory(school=school, user__email="jeroen@klimop.example", user__first_name="Jeroen")
    return school


def test_from_1_february_leaders_are_called_to_confirm_next_year_once(taking_part, clock):
    assert run(clock.day(D(2026, 1, 31))) == {}
    [message] = run(clock.day(D(2026, 2, 2))).values()
    assert message.to_email == "jeroen@klimop.example" and message.occasion == "2026"
    assert message.subject == "Doet je school mee in 2026-2027?"
    assert "Doet OBS De Klimop in schooljaar 2026-2027 weer mee?" in message.body_text
    assert f"/schools/{taking_part.pk}/" in message.body_text
    assert run(clock.day(D(2026, 3, 2))) == {}


def test_a_school_that_confirmed_or_does_not_take_part_is_not_called(taking_part, clock):
    SchoolYearParticipation.objects.create(school=taking_part, school_year=2026)
    SchoolMembershipFactory()  # a school without participation this year
    assert run(clock.day(D(2026, 2, 2))) == {}


def test_the_call_waits_for_the_end_of_the_holiday(taking_part, clock):
    SchoolHoliday.objects.create(holiday_region="midden", name="Voorjaarsvakantie", start=D(2026, 1, 31),
                                 end=D(2026, 2, 8))
    assert run(clock.day(D(2026, 2, 2))) == {}
    assert len(run(clock.day(D(2026, 2, 9)))) == 1


def test_no_call_after_the_school_year_ends(taking_part, clock):
    assert run(clock.day(D(2026, 8, 3))) == {}  # a new school year: 2026-2027 has begun
