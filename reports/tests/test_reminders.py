"""All reminder rules together: `send_reminders` (its contract), the staff digest, and every job run twice for the
same day sending nothing twice."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from accounts import delivery
from accounts.models import Message, MessageKind, MessagePreference, Role
from accounts.tests.factories import UserFactory
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from matching import recovery, services
from matching.models import CheckIn, MatchingRun, Placement, Proposal
from reports.reminders import RULE_KINDS, send_reminders, staff_digest
from schools.models import Intake, SchoolYearParticipation
from schools.tests.factories import IntakeFactory, SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
D = dt.date
TODAY = D(2026, 3, 5)  # a Thursday


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 1, 22, 7, 30, tzinfo=AMS), tick=False) as traveller:
        traveller.day = lambda day: traveller.move_to(dt.datetime.combine(day, dt.time(7, 30), tzinfo=AMS)) or day
        yield traveller


def reminders_json(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, "--json", stdout=out)
    [line] = out.getvalue().splitlines()  # one JSON object, nothing else
    return json.loads(line)


def build_scene(clock, n=1):
    """Something due on 5 March 2026 for every rule, `n` times over."""
    for _ in range(n):
        clock.day(D(2026, 1, 22))
        school = SchoolFactory(latitude=52.09, longitude=5.12)
        SchoolYearParticipation.objects.create(school=school, school_year=2025)  # to be called to confirm 2026
        SchoolMembershipFactory(school=school)
        TeacherNeedFactory(school=school, school_year=2025, start_date=D(2026, 2, 2), end_date=D(2026, 7, 10),
                           weekdays=[2], day_part="afternoon")  # six weeks without a match on 5 March
        need = TeacherNeedFactory(school=school, school_year=2025, start_date=D(2026, 2, 2), end_date=D(2026, 7, 10),
                                  weekdays=[3, 5])
        clock.day(D(2026, 2, 20))
        lapsing = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ActiveAmbassadorFactory(),
                                          score=70, distance_km=3, weekday=3, day_part="morning")
        services.proposal_decide(proposal_id=lapsing.pk, actor=None, approve=True)  # lapses on 28 February
        clock.day(D(2026, 3, 2))
        waiting = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ActiveAmbassadorFactory(),
                                          score=70, distance_km=3, weekday=5, day_part="morning")
        services.proposal_decide(proposal_id=waiting.pk, actor=None, approve=True)  # recalled on 5 March
        ActiveAmbassadorFactory(vog_issued_on=D(2025, 10, 3))  # unplaced, counts until 3 April: told from 4 March
        for ambassador, start, end, weekday in [(ActiveAmbassadorFactory(), D(2026, 3, 5), D(2026, 7, 10), 5),  # 6 March
                                                (ActiveAmbassadorFactory(), D(2026, 2, 2), D(2026, 4, 2), 3)]:
            proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador,
                                               score=70, distance_km=3, weekday=weekday, day_part="morning",
                                               status="placed")
            placement = Placement.objects.create(proposal=proposal, need=need, ambassador=ambassador, weekday=weekday,
                                                 day_part="morning", start_date=start, end_date=end)
            CheckIn.objects.create(placement=placement, side="school", due_on=TODAY)
        no_contact = SchoolFactory(contact_name="")
        SchoolMembershipFactory(school=no_contact)
        Proposal.objects.create(run=MatchingRun.objects.create(), ambassador=ActiveAmbassadorFactory(), score=50,
                                distance_km=4, weekday=2, day_part="morning",
                                need=TeacherNeedFactory(school=no_contact, school_year=2025))
        AmbassadorProfileFactory(status="vog_requested", vog_status="requested", vog_requested_on=D(2026, 2, 19))
        AmbassadorProfileFactory(status="intake_planned", intake_at=dt.datetime(2026, 3, 6, 10, tzinfo=AMS),
                                 intake_place="Online (Teams)")
        IntakeFactory()
    if not UserFactory._meta.model.objects.filter(role=Role.STAFF).exists():
        UserFactory(role=Role.STAFF, email="marieke@stichting.example")
    clock.day(TODAY)


def test_every_rule_finds_its_reminder_and_a_second_run_for_the_day_creates_none(clock):
    build_scene(clock)
    first = reminders_json("--date", "2026-03-05")
    assert set(first) == {"date", "created", "total"} and first["date"] == "2026-03-05"
    assert set(first["created"]) == {str(kind) for kind in RULE_KINDS}
    assert {kind for kind, n in first["created"].items() if n == 0} == set()
    assert first["total"] == sum(first["created"].values()) == Message.objects.exclude(
        kind__in=[MessageKind.PROPOSAL]).count()
    second = reminders_json("--date", "2026-03-05")
    assert second == {"date": "2026-03-05", "created": dict.fromkeys(first["created"], 0), "total": 0}


def test_running_every_job_twice_for_the_same_day_sends_nothing_twice(clock, django_capture_on_commit_callbacks):
    build_scene(clock)
    with django_capture_on_commit_callbacks(execute=True):
        for _twice in range(2):
            send_reminders(today=TODAY)
            services.proposals_lapse(today=TODAY)
            services.placements_close_ended(today=TODAY)
            recovery.recover()
            delivery.sweep()
    sent = [email.extra_headers["Message-ID"] for email in mail.outbox]  # one per outbox row
    assert len(sent) == len(set(sent)) == Message.objects.filter(state=Message.State.SENT).count()
    assert Message.objects.filter(kind=MessageKind.PROPOSAL_LAPSED).count() == 2
    assert not Message.objects.filter(state=Message.State.PENDING).exists()
    assert {kind for kind, in Message.objects.values_list("kind")} >= {str(kind) for kind in RULE_KINDS}


def test_a_dry_run_counts_and_writes_nothing(clock):
    build_scene(clock)
    dry = reminders_json("--date", "2026-03-05", "--dry-run")
    assert Message.objects.exclude(kind=MessageKind.PROPOSAL).count() == 0
    assert dry == reminders_json("--date", "2026-03-05")


def test_the_date_defaults_to_today_and_a_bad_date_is_refused_clearly(clock):
    clock.day(TODAY)
    assert reminders_json()["date"] == "2026-03-05"
    for bad in ("5-3-2026", "2026-02-30", "morgen"):
        with pytest.raises(CommandError, match="--date must be a date as YYYY-MM-DD"):
            call_command("send_reminders", "--date", bad, stdout=io.StringIO())


def test_send_reminders_reads_in_a_fixed_number_of_queries(clock, django_assert_max_num_queries):
    build_scene(clock, n=1)
    with django_assert_max_num_queries(120) as small:
        small_total = send_reminders(today=TODAY)
    build_scene(clock, n=4)
    Message.objects.all().delete()
    with django_assert_max_num_queries(len(small.captured_queries)):
        large_total = send_reminders(today=TODAY)
    assert sum(large_total.values()) > sum(small_total.values())


def test_beat_runs_the_reminders_every_morning(settings):
    from celery.schedules import crontab

    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry["task"] == "reports.tasks.send_reminders"
    assert entry["schedule"] == crontab(hour=7, minute=30)


# --- The staff digest ---------------------------------------------------------------------------------


def test_the_digest_lists_what_waits_for_staff_with_links(clock, staff_user):
    clock.day(D(2026, 2, 2))
    IntakeFactory(status=Intake.Status.WAITLISTED)
    clock.day(D(2026, 3, 4))  # received yesterday: new
    IntakeFactory(status=Intake.Status.SUBMITTED)
    IntakeFactory(status=Intake.Status.APPROVED)
    AmbassadorProfileFactory(status="applied")
    AmbassadorProfileFactory(status="vog_received", vog_status="received", vog_issued_on=D(2026, 2, 1))
    Message.objects.create(kind=MessageKind.CHECKIN_DUE, occasion="x", to_email="weg@example.nl", language="nl",
                           subject="Mislukt", body_text=".", state=Message.State.FAILED)
    UserFactory(role=Role.STAFF, is_active=False)
    [draft] = staff_digest(today=TODAY)
    assert draft.recipient == staff_user and draft.occasion == "2026-03-05"
    from accounts.outbox import render

    text = render(draft)["body_text"]
    assert "- 1 aanmelding te beoordelen (1 nieuw): http://127.0.0.1:8000/schools/intakes/" in text
    assert "Ambassadeurs bij „Aangemeld”: 1: http://127.0.0.1:8000/ambassadors/all/?status=applied" in text
    assert "Ambassadeurs bij „VOG ontvangen”: 1" in text
    assert "- 1 bericht dat niet verstuurd kon worden: http://127.0.0.1:8000/accounts/messages/?state=failed" in text
    assert "voorstel" not in text  # nothing to approve: not mentioned


def test_no_digest_when_nothing_waits_or_at_the_weekend(clock, staff_user):
    assert staff_digest(today=TODAY) == []
    IntakeFactory()
    assert staff_digest(today=D(2026, 3, 7)) == [] and staff_digest(today=D(2026, 3, 8)) == []
    assert len(staff_digest(today=D(2026, 3, 9))) == 1


def test_staff_who_switched_the_digest_off_find_it_in_the_app(clock, staff_user, django_capture_on_commit_callbacks):
    MessagePreference.objects.create(user=staff_user, kind=MessageKind.STAFF_DIGEST, by_email=False)
    IntakeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=TODAY)
    message = Message.objects.get(kind=MessageKind.STAFF_DIGEST)
    assert message.state == Message.State.IN_APP and mail.outbox == []


def test_every_reminder_has_both_parts_and_a_link_its_reader_can_open(clock, client):
    """Each kind, for the person it was written for: text and HTML with the same link, and the page opens for them
    (a contact person without an account opens a signed link without logging in)."""
    build_scene(clock)
    send_reminders(today=TODAY)
    messages = list(Message.objects.exclude(kind=MessageKind.PROPOSAL).select_related("recipient"))
    assert {m.kind for m in messages} == {str(kind) for kind in RULE_KINDS}
    for message in messages:
        assert message.link.startswith("http://127.0.0.1:8000/"), message
        assert message.link in message.body_text and f'<a href="{message.link}"' in message.body_html, message
        assert message.language == "nl" and message.body_text.startswith("Beste "), message
        path = message.link.removeprefix("http://127.0.0.1:8000")
        client.logout()
        if message.recipient is not None:
            client.force_login(message.recipient)
        response = client.get(path, follow=True)
        landed = response.redirect_chain[-1][0] if response.redirect_chain else path
        assert response.status_code == 200 and not landed.startswith("/accounts/login/"), (message.kind, path, landed)
