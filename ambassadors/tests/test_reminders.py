"""Reminder rules about screening, on frozen days: the intake talk tomorrow, a VOG that does not come in."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts import outbox
from accounts.models import MessageKind
from ambassadors import reminders
from ambassadors.tests.factories import AmbassadorProfileFactory
from schools.models import SchoolHoliday
from schools.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 30, tzinfo=AMS), tick=False) as traveller:
        traveller.day = lambda day: traveller.move_to(dt.datetime.combine(day, dt.time(7, 30), tzinfo=AMS)) or day
        yield traveller


def run(rule, today):
    return {(m.kind, m.to_email): m for m in outbox.queue(rule(today=today))}


@pytest.fixture
def applicant(staff_user):
    return AmbassadorProfileFactory(status="intake_planned", region=RegionFactory(holiday_region="zuid"),
                                    intake_at=dt.datetime(2026, 3, 12, 14, 30, tzinfo=AMS), intake_by=staff_user,
                                    intake_place="Oudegracht 12, Utrecht", user__email="noor@example.nl",
                                    user__first_name="Noor")


def test_the_day_before_the_intake_talk_the_applicant_hears_when_where_and_with_whom(applicant, staff_user, clock):
    assert run(reminders.intake_talk, clock.day(D(2026, 3, 10))) == {}
    [message] = run(reminders.intake_talk, clock.day(D(2026, 3, 11))).values()
    assert (message.kind, message.to_email, message.recipient) == (MessageKind.INTAKE_TALK, "noor@example.nl",
                                                                  applicant.user)
    assert message.subject == "Morgen: je intakegesprek"
    assert "donderdag 12 maart 2026, 14:30" in message.body_text
    assert "Waar: Oudegracht 12, Utrecht." in message.body_text
    assert f"Je spreekt met {staff_user.get_full_name()}." in message.body_text
    assert run(reminders.intake_talk, clock.day(D(2026, 3, 11))) == {}


def test_a_moved_talk_is_reminded_again_and_a_held_one_not(applicant, clock):
    run(reminders.intake_talk, clock.day(D(2026, 3, 11)))
    applicant.intake_at = dt.datetime(2026, 3, 19, 10, 0, tzinfo=AMS)
    applicant.save()
    assert len(run(reminders.intake_talk, clock.day(D(2026, 3, 18)))) == 1
    applicant.status = "intake_done"
    applicant.intake_at = dt.datetime(2026, 3, 26, 10, 0, tzinfo=AMS)
    applicant.save()
    assert run(reminders.intake_talk, clock.day(D(2026, 3, 25))) == {}


def test_a_talk_right_after_the_holiday_is_reminded_before_it(applicant, clock):
    SchoolHoliday.objects.create(holiday_region="zuid", name="Voorjaarsvakantie", start=D(2026, 3, 7), end=D(2026, 3, 11))
    assert run(reminders.intake_talk, clock.day(D(2026, 3, 5))) == {}
    assert len(run(reminders.intake_talk, clock.day(D(2026, 3, 6)))) == 1  # the last day before the holiday
    assert run(reminders.intake_talk, clock.day(D(2026, 3, 11))) == {}


def test_a_vog_not_in_two_weeks_after_the_request_is_asked_after_once(clock):
    waiting = AmbassadorProfileFactory(status="vog_requested", vog_status="requested", vog_requested_on=D(2026, 3, 2),
                                       user__email="kees@example.nl")
    AmbassadorProfileFactory(status="vog_received", vog_status="received", vog_requested_on=D(2026, 2, 1),
                             vog_issued_on=D(2026, 2, 20))
    assert run(reminders.vog_reminder, clock.day(D(2026, 3, 15))) == {}
    [message] = run(reminders.vog_reminder, clock.day(D(2026, 3, 16))).values()
    assert message.to_email == "kees@example.nl" and message.subject == "Je VOG is nog niet binnen"
    assert "op 2 maart 2026 aangevraagd" in message.body_text
    assert run(reminders.vog_reminder, clock.day(D(2026, 3, 23))) == {}
    waiting.vog_requested_on = D(2026, 3, 20)  # requested anew: a new reminder in two weeks
    waiting.save()
    assert len(run(reminders.vog_reminder, clock.day(D(2026, 4, 3)))) == 1


def test_no_vog_reminder_in_the_ambassadors_regions_holiday(clock):
    AmbassadorProfileFactory(status="vog_requested", vog_status="requested", vog_requested_on=D(2026, 3, 2),
                             region=RegionFactory(holiday_region="noord"))
    SchoolHoliday.objects.create(holiday_region="noord", name="Meivakantie", start=D(2026, 3, 14), end=D(2026, 3, 22))
    assert run(reminders.vog_reminder, clock.day(D(2026, 3, 16))) == {}
    assert len(run(reminders.vog_reminder, clock.day(D(2026, 3, 23)))) == 1
