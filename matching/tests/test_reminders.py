"""Reminder rules about proposals, placements, needs and VOGs, each on frozen days; and the messages of events
(declined, lapsed). Dates are a real school calendar: 2026, holiday region "midden" (the test schools' region)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts import outbox
from accounts.models import Message, MessageKind, Role
from accounts.tests.factories import UserFactory
from ambassadors.models import AvailabilitySlot
from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import reminders, services
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from schools.models import SchoolHoliday
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date


@pytest.fixture
def clock():
    """Frozen time; `clock.day(date)` moves to 07:30 that day, when beat runs the reminders."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 30, tzinfo=AMS), tick=False) as traveller:
        traveller.day = lambda day: traveller.move_to(dt.datetime.combine(day, dt.time(7, 30), tzinfo=AMS)) or day
        yield traveller


def run(rule, today):
    """Put what a rule finds due today in the outbox; returns {(kind, address): message} of what is new."""
    return {(m.kind, m.to_email): m for m in outbox.queue(rule(today=today))}


def holiday(start, end, region="midden"):
    SchoolHoliday.objects.create(holiday_region=region, name=f"Vakantie {start}", start=start, end=end)


@pytest.fixture
def scene(clock):
    """A school (region midden) with a leader and a contact person, an ambassador, and a need from March to July."""
    school = SchoolFactory(latitude=52.09, longitude=5.12, street="Beatrixlaan 110", postcode="3515 AB")
    leader = SchoolMembershipFactory(school=school, user__first_name="Jeroen", user__email="jeroen@school.example").user
    ambassador = ActiveAmbassadorFactory(user__first_name="Sanne", user__email="sanne@example.nl")
    need = TeacherNeedFactory(school=school, school_year=2025, start_date=D(2026, 3, 2), end_date=D(2026, 7, 10),
                              weekdays=[3], title="Rekenen groep 5")
    return school, leader, ambassador, need


def approve(need, ambassador, clock):
    clock.day(D(2026, 3, 2))
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=70,
                                       distance_km=3, weekday=3, day_part="morning")
    services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)  # answer before 9 March
    proposal.refresh_from_db()
    return proposal


# --- Proposal waiting for an answer -------------------------------------------------------------------


def test_a_waiting_proposal_is_recalled_after_three_days_and_on_its_last_day(scene, clock):
    school, leader, ambassador, need = scene
    proposal = approve(need, ambassador, clock)
    assert proposal.respond_by == D(2026, 3, 9)
    assert run(reminders.proposal_waiting, clock.day(D(2026, 3, 4))) == {}
    recalled = run(reminders.proposal_waiting, clock.day(D(2026, 3, 5)))
    assert set(recalled) == {("proposal_waiting", "jeroen@school.example"), ("proposal_waiting", "sanne@example.nl")}
    assert recalled[("proposal_waiting", "sanne@example.nl")].subject == "Een voorstel wacht op je antwoord"
    assert run(reminders.proposal_waiting, clock.day(D(2026, 3, 6))) == {}
    last = run(reminders.proposal_waiting, clock.day(D(2026, 3, 9)))
    assert {m.subject for m in last.values()} == {"Vandaag is de laatste dag om het voorstel te beantwoorden"}
    assert "Je kunt antwoorden tot en met 9 maart 2026" in last[("proposal_waiting", "jeroen@school.example")].body_text
    assert run(reminders.proposal_waiting, clock.day(D(2026, 3, 9))) == {}  # the same day again
    assert run(reminders.proposal_waiting, clock.day(D(2026, 3, 10))) == {}  # lapsed now


def test_only_the_side_that_has_not_answered_is_recalled(scene, clock):
    school, leader, ambassador, need = scene
    proposal = approve(need, ambassador, clock)
    services.proposal_respond(proposal_id=proposal.pk, actor=leader, side="school", accept=True)
    assert set(run(reminders.proposal_waiting, clock.day(D(2026, 3, 5)))) == {("proposal_waiting", "sanne@example.nl")}


def test_no_recall_in_the_schools_holiday_and_the_last_day_moves_before_it(scene, clock):
    school, leader, ambassador, need = scene
    holiday(D(2026, 3, 7), D(2026, 3, 15))  # the deadline, 9 March, falls in it
    approve(need, ambassador, clock)
    assert {m.occasion for m in run(reminders.proposal_waiting, clock.day(D(2026, 3, 5))).values()} == {"2026-03-05"}
    last = run(reminders.proposal_waiting, clock.day(D(2026, 3, 6)))  # the last school day before the holiday
    assert {m.occasion for m in last.values()} == {"2026-03-06"} and len(last) == 2
    assert run(reminders.proposal_waiting, clock.day(D(2026, 3, 9))) == {}  # nothing inside the holiday


def test_a_recall_that_fell_in_a_holiday_goes_out_after_it(scene, clock):
    school, leader, ambassador, need = scene
    holiday(D(2026, 3, 4), D(2026, 3, 6))
    approve(need, ambassador, clock)
    assert run(reminders.proposal_waiting, clock.day(D(2026, 3, 5))) == {}
    late = run(reminders.proposal_waiting, clock.day(D(2026, 3, 7)))
    assert {m.occasion for m in late.values()} == {"2026-03-05"}  # the reminder that was due, once


def test_another_regions_holiday_changes_nothing(scene, clock):
    school, leader, ambassador, need = scene
    holiday(D(2026, 3, 1), D(2026, 3, 31), region="zuid")
    approve(need, ambassador, clock)
    assert len(run(reminders.proposal_waiting, clock.day(D(2026, 3, 5)))) == 2


# --- The other side declined, the proposal lapsed --------------------------------------------------------


def test_when_the_school_declines_the_ambassador_hears_it_and_not_the_reason(scene, clock,
                                                                              django_capture_on_commit_callbacks):
    school, leader, ambassador, need = scene
    proposal = approve(need, ambassador, clock)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_respond(proposal_id=proposal.pk, actor=leader, side="school", accept=False,
                                  reason="We zoeken iemand met ervaring in groep 8.")
    [email] = mail.outbox
    assert email.to == ["sanne@example.nl"] and email.subject == "De school heeft het voorstel afgewezen"
    assert "groep 8" not in email.body and "/ambassadors/" in email.body
    assert Message.objects.get(kind=MessageKind.PROPOSAL_DECLINED).recipient == ambassador.user


def test_when_the_ambassador_declines_the_school_leaders_hear_it(scene, clock, django_capture_on_commit_callbacks):
    school, leader, ambassador, need = scene
    proposal = approve(need, ambassador, clock)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_respond(proposal_id=proposal.pk, actor=ambassador.user, side="ambassador", accept=False,
                                  reason="Mijn werkgever geeft me die dag niet vrij.")
    [email] = mail.outbox
    assert email.to == ["jeroen@school.example"] and email.subject == "De ambassadeur heeft het voorstel afgewezen"
    assert f"/schools/needs/{need.pk}/" in email.body and "werkgever" not in email.body


def test_a_lapsed_proposal_is_told_to_both_sides_once(scene, clock, django_capture_on_commit_callbacks):
    school, leader, ambassador, need = scene
    proposal = approve(need, ambassador, clock)
    mail.outbox.clear()
    clock.day(D(2026, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.proposals_lapse() == 1
        assert services.proposals_lapse() == 0  # the hourly job again
    assert sorted(email.to[0] for email in mail.outbox) == ["jeroen@school.example", "sanne@example.nl"]
    assert {email.subject for email in mail.outbox} == {"De tijd om het voorstel te beantwoorden is voorbij"}
    assert Message.objects.filter(kind=MessageKind.PROPOSAL_LAPSED, about=f"matching.proposal:{proposal.pk}").count() == 2


def test_a_proposal_that_lapses_in_the_holiday_is_told_after_it(scene, clock, django_capture_on_commit_callbacks):
    school, leader, ambassador, need = scene
    holiday(D(2026, 3, 10), D(2026, 3, 15))
    approve(need, ambassador, clock)
    mail.outbox.clear()
    clock.day(D(2026, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.proposals_lapse()
    assert mail.outbox == []
    held = Message.objects.filter(kind=MessageKind.PROPOSAL_LAPSED)
    assert {m.next_attempt_at for m in held} == {dt.datetime(2026, 3, 16, 8, 0, tzinfo=AMS)}
    from accounts import delivery

    clock.move_to(dt.datetime(2026, 3, 16, 8, 1, tzinfo=AMS))
    delivery.sweep()
    assert set(held.values_list("state", flat=True)) == {Message.State.SENT}


# --- Contact person missing --------------------------------------------------------------------------------


def test_a_school_without_contact_person_hears_it_once_per_matching_run(scene, clock):
    school, leader, ambassador, need = scene
    school.contact_name = ""
    school.save()
    first_run = MatchingRun.objects.create()
    for other in (ambassador, ActiveAmbassadorFactory()):
        Proposal.objects.create(run=first_run, need=need, ambassador=other, score=60, distance_km=2, weekday=3,
                                day_part="morning")
    found = run(reminders.contact_missing, clock.day(D(2026, 3, 2)))
    assert list(found) == [("contact_missing", "jeroen@school.example")]
    assert f"/schools/{school.pk}/contact/" in found[("contact_missing", "jeroen@school.example")].body_text
    assert run(reminders.contact_missing, clock.day(D(2026, 3, 3))) == {}
    Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ActiveAmbassadorFactory(),
                            score=60, distance_km=2, weekday=3, day_part="morning")
    assert len(run(reminders.contact_missing, clock.day(D(2026, 3, 9)))) == 1


def test_a_school_with_a_contact_person_hears_nothing(scene, clock):
    school, leader, ambassador, need = scene
    Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=60,
                            distance_km=2, weekday=3, day_part="morning")
    assert run(reminders.contact_missing, clock.day(D(2026, 3, 2))) == {}


# --- Placements: check-ins, the first day, the end -----------------------------------------------------------


def place(need, ambassador, start, end, weekday=3):
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=70,
                                       distance_km=3, weekday=weekday, day_part="morning", status="placed")
    return Placement.objects.create(proposal=proposal, need=need, ambassador=ambassador, weekday=weekday,
                                    day_part="morning", start_date=start, end_date=end)


def test_a_checkin_due_today_asks_the_school_and_the_ambassador(scene, clock):
    school, leader, ambassador, need = scene
    placement = place(need, ambassador, D(2026, 3, 4), D(2026, 7, 10))
    for side in ("school", "ambassador"):
        CheckIn.objects.create(placement=placement, side=side, due_on=D(2026, 3, 18))
    assert run(reminders.checkin_due, clock.day(D(2026, 3, 17))) == {}
    asked = run(reminders.checkin_due, clock.day(D(2026, 3, 18)))
    assert set(asked) == {("checkin_due", "jeroen@school.example"), ("checkin_due", "ilse@school.example"),
                          ("checkin_due", "sanne@example.nl")}
    assert "/matching/checkins/" in asked[("checkin_due", "ilse@school.example")].body_text
    assert asked[("checkin_due", "ilse@school.example")].recipient is None  # the contact person has no account
    assert run(reminders.checkin_due, clock.day(D(2026, 3, 18))) == {}


def test_a_checkin_in_the_holiday_is_asked_after_it_and_an_answered_one_not_at_all(scene, clock):
    school, leader, ambassador, need = scene
    holiday(D(2026, 4, 25), D(2026, 5, 3))
    placement = place(need, ambassador, D(2026, 3, 4), D(2026, 7, 10))
    school_side = CheckIn.objects.create(placement=placement, side="school", due_on=D(2026, 4, 29))
    CheckIn.objects.create(placement=placement, side="ambassador", due_on=D(2026, 4, 29), answered_at=timezone.now())
    assert run(reminders.checkin_due, clock.day(D(2026, 4, 29))) == {}
    after = run(reminders.checkin_due, clock.day(D(2026, 5, 4)))
    assert set(after) == {("checkin_due", "jeroen@school.example"), ("checkin_due", "ilse@school.example")}
    assert {m.occasion for m in after.values()} == {"2026-04-29"}
    school_side.answered_at = timezone.now()
    school_side.save()
    assert run(reminders.checkin_due, clock.day(D(2026, 5, 5))) == {}


def test_the_day_before_the_first_school_day_the_ambassador_hears_where_and_whom_to_ask_for(scene, clock):
    school, leader, ambassador, need = scene
    place(need, ambassador, D(2026, 3, 9), D(2026, 7, 10), weekday=3)  # starts Monday; Wednesday is the day
    assert run(reminders.first_day, clock.day(D(2026, 3, 9))) == {}
    found = run(reminders.first_day, clock.day(D(2026, 3, 10)))
    message = found[("first_day", "sanne@example.nl")]
    assert message.subject == f"Je eerste dag bij {school.name}"
    assert "Je eerste dag bij" in message.body_text and "woensdag 11 maart 2026 (ochtend)" in message.body_text
    assert "Ilse Hoekstra, 030 123 4567, ilse@school.example" in message.body_text
    assert "Beatrixlaan 110, 3515 AB Utrecht" in message.body_text
    assert run(reminders.first_day, clock.day(D(2026, 3, 10))) == {}
    assert run(reminders.first_day, clock.day(D(2026, 3, 11))) == {}


def test_a_first_day_after_a_holiday_is_announced_before_the_holiday(scene, clock):
    school, leader, ambassador, need = scene
    holiday(D(2026, 10, 17), D(2026, 10, 25))
    need.end_date = D(2027, 3, 1)
    need.save()
    place(need, ambassador, D(2026, 10, 19), D(2027, 3, 1), weekday=1)  # starts in the holiday, on a Monday
    assert run(reminders.first_day, clock.day(D(2026, 10, 15))) == {}
    [message] = run(reminders.first_day, clock.day(D(2026, 10, 16))).values()  # the Friday before the holiday
    assert message.occasion == "2026-10-26" and "maandag 26 oktober 2026" in message.body_text
    assert run(reminders.first_day, clock.day(D(2026, 10, 25))) == {}


def test_four_weeks_before_the_end_the_ambassador_gets_the_end_of_commitment_questions(scene, clock):
    school, leader, ambassador, need = scene
    place(need, ambassador, D(2026, 3, 4), D(2026, 7, 10))
    assert run(reminders.commitment_ending, clock.day(D(2026, 6, 11))) == {}
    [message] = run(reminders.commitment_ending, clock.day(D(2026, 6, 12))).values()
    assert message.kind == MessageKind.COMMITMENT_ENDING and message.to_email == "sanne@example.nl"
    assert "10 juli 2026" in message.body_text and "/ambassadors/outcome/" in message.body_text
    assert run(reminders.commitment_ending, clock.day(D(2026, 6, 13))) == {}


# --- A need without a match, a VOG that stops counting -----------------------------------------------------


def test_a_need_open_six_weeks_without_a_match_tells_the_school_why(scene, clock):
    school, leader, ambassador, need = scene
    clock.day(D(2026, 3, 2))
    teacher = SchoolMembershipFactory(school=school, user__role=Role.TEACHER, user__email="docent@school.example").user
    open_need = TeacherNeedFactory(school=school, school_year=2025, start_date=D(2026, 3, 16), end_date=D(2026, 7, 10),
                                   weekdays=[2], day_part="afternoon", created_by=teacher, title="Leesclub")
    near = [ambassador, ActiveAmbassadorFactory()]  # near, but they give Wednesday mornings
    far = ActiveAmbassadorFactory(latitude=53.2, longitude=6.56)  # Groningen: too far away
    for profile, (day, part) in [*((p, (3, "morning")) for p in near), (far, (2, "afternoon"))]:
        AvailabilitySlot.objects.create(profile=profile, weekday=day, part=part)
    assert run(reminders.need_unmatched, clock.day(D(2026, 4, 12))) == {}
    found = run(reminders.need_unmatched, clock.day(D(2026, 4, 13)))  # six weeks
    assert set(found) == {("need_unmatched", "jeroen@school.example"), ("need_unmatched", "docent@school.example")}
    text = found[("need_unmatched", "docent@school.example")].body_text
    assert "„Leesclub” bij" in text and "staat al 6 weken open zonder match" in text
    assert "Van de 3 ambassadeurs bij je school in de buurt:" in text
    assert "- 2: niet vrij op de weekdagen en het dagdeel die je vraagt" in text
    assert "- 1: je school ligt verder weg dan ze willen reizen" in text
    assert "Vink een extra weekdag aan" in text  # what the school could change, for the day that keeps most out
    assert f"/schools/needs/{open_need.pk}/" in text
    assert run(reminders.need_unmatched, clock.day(D(2026, 4, 20))) == {}
    assert len(run(reminders.need_unmatched, clock.day(D(2026, 5, 25)))) == 2  # six weeks later, again


def test_a_need_with_a_proposal_is_not_unmatched(scene, clock):
    school, leader, ambassador, need = scene
    Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=60,
                            distance_km=2, weekday=3, day_part="morning")
    assert run(reminders.need_unmatched, clock.day(D(2026, 4, 13))) == {}


def test_a_vog_about_to_stop_counting_is_told_a_month_ahead_unless_placed(scene, clock):
    school, leader, ambassador, need = scene
    ambassador.vog_issued_on, ambassador.start_date = D(2026, 1, 10), None  # counts for starts until 10 July
    ambassador.save()
    placed = ActiveAmbassadorFactory(vog_issued_on=D(2026, 1, 10))
    place(need, placed, D(2026, 3, 4), D(2026, 7, 10))
    assert run(reminders.vog_expiring, clock.day(D(2026, 6, 9))) == {}
    [message] = run(reminders.vog_expiring, clock.day(D(2026, 6, 10))).values()
    assert message.to_email == "sanne@example.nl" and "uiterlijk 10 juli 2026 beginnen" in message.body_text
    assert run(reminders.vog_expiring, clock.day(D(2026, 6, 20))) == {}


def test_a_start_date_beyond_the_vog_is_told_at_once(scene, clock):
    school, leader, ambassador, need = scene
    ambassador.vog_issued_on, ambassador.start_date = D(2026, 1, 10), D(2026, 8, 24)
    ambassador.save()
    [message] = run(reminders.vog_expiring, clock.day(D(2026, 3, 2))).values()
    assert "Je start op 24 augustus 2026 ligt daarna." in message.body_text


# --- Query counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", [reminders.proposal_waiting, reminders.checkin_due, reminders.first_day,
                                  reminders.commitment_ending, reminders.vog_expiring, reminders.contact_missing])
def test_each_rule_reads_in_a_fixed_number_of_queries(clock, rule, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            school = SchoolFactory(contact_name="" if rule is reminders.contact_missing else "Ilse")
            SchoolMembershipFactory(school=school)
            need = TeacherNeedFactory(school=school, school_year=2025, start_date=D(2026, 3, 2), end_date=D(2026, 7, 10))
            ambassador = ActiveAmbassadorFactory(vog_issued_on=D(2026, 1, 10))
            if rule is reminders.contact_missing:
                Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=60,
                                        distance_km=2, weekday=3, day_part="morning")
                continue
            if rule is reminders.proposal_waiting:
                approve(need, ambassador, clock)
                continue
            if rule is reminders.vog_expiring:
                continue  # unplaced, with a VOG that counts until 10 July
            placement = place(need, ambassador, D(2026, 6, 11), D(2026, 7, 8), weekday=4)
            CheckIn.objects.create(placement=placement, side="school", due_on=D(2026, 6, 10))
            CheckIn.objects.create(placement=placement, side="ambassador", due_on=D(2026, 6, 10))

    today = D(2026, 3, 5) if rule is reminders.proposal_waiting else D(2026, 6, 10)
    add(2)
    clock.day(today)
    with django_assert_max_num_queries(12) as small:
        assert rule(today=today)
    add(10)
    clock.day(today)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert rule(today=today)


def test_an_unknown_teacher_or_inactive_leader_gets_nothing(scene, clock):
    school, leader, ambassador, need = scene
    leader.is_active = False
    leader.save()
    SchoolMembershipFactory(school=school, user=UserFactory(role=Role.AMBASSADOR))  # not a leader
    approve(need, ambassador, clock)
    assert set(run(reminders.proposal_waiting, clock.day(D(2026, 3, 5)))) == {("proposal_waiting", "sanne@example.nl")}
