import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from accounts import outbox
from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import reminders, services
from matching.models import MatchingRun, Placement, PlacementSlot, Proposal
from schools.models import School, TeacherNeed
from schools.tests.factories import SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db


def approved(need, ambassador, weekday=2, day_part="morning"):
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=70,
                                       distance_km=3, weekday=weekday, day_part=day_part)
    services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def pair(school, leader_user, ambassador_user):
    need = TeacherNeedFactory(school=school, start_date=timezone.localdate() + datetime.timedelta(days=7),
                              end_date=timezone.localdate() + datetime.timedelta(days=200))
    return need, ambassador_user.ambassador_profile


def answer(client, user, proposal, accept, reason=""):
    client.force_login(user)
    return client.post(reverse("matching:proposal_answer", args=[proposal.pk]),
                       {"accept": "yes" if accept else "no", "reason": reason})


def test_approval_tells_both_sides_with_a_deadline(pair, leader_user, ambassador_user, django_capture_on_commit_callbacks):
    need, profile = pair
    with django_capture_on_commit_callbacks(execute=True):
        proposal = approved(need, profile)
    assert proposal.respond_by == timezone.localdate() + datetime.timedelta(days=settings.PROPOSAL_RESPONSE_DAYS)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader_user.email, ambassador_user.email])
    school_mail = next(m for m in mail.outbox if m.to == [leader_user.email])
    assert school_mail.subject == "Een voorstel: een onderwijsambassadeur voor je school"


def test_both_say_yes_and_the_placement_starts(client, pair, leader_user, ambassador_user,
                                               django_capture_on_commit_callbacks):
    need, profile = pair
    proposal = approved(need, profile)
    assert answer(client, leader_user, proposal, True).status_code == 302
    assert not Placement.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(client, ambassador_user, proposal, True).status_code == 302
    placement = Placement.objects.get()
    assert (placement.ambassador, placement.school, placement.weekday, placement.day_part) == (profile, need.school, 2, "morning")
    assert list(PlacementSlot.objects.values_list("weekday", "part")) == [(2, "morning")]
    assert TeacherNeed.objects.get(pk=need.pk).status == TeacherNeed.Status.FILLED
    dues = sorted({c.due_on for c in placement.checkins.all()})
    assert dues[:2] == [placement.start_date + datetime.timedelta(days=14), placement.start_date + datetime.timedelta(days=28)]
    assert placement.checkins.filter(side="school").count() == placement.checkins.filter(side="ambassador").count()
    assert any(m.subject == "Allebei ja: de plaatsing begint" for m in mail.outbox)
    body = client.get(reverse("ambassadors:dashboard")).content.decode()
    assert need.school.name in body and need.school.contact_name in body


def test_a_no_needs_a_reason_and_reopens_the_need(client, pair, leader_user):
    need, profile = pair
    proposal = approved(need, profile)
    response = answer(client, leader_user, proposal, False)
    assert response.status_code == 400 and "Vertel ons waarom" in response.content.decode()
    answer(client, leader_user, proposal, False, reason="Wij zoeken iemand voor de bovenbouw.")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED and proposal.school_reason
    assert TeacherNeed.objects.get(pk=need.pk).status == TeacherNeed.Status.OPEN


def test_the_school_needs_a_contact_person_to_accept(client, pair, leader_user):
    need, profile = pair
    proposal = approved(need, profile)
    School.objects.filter(pk=need.school_id).update(contact_name="")
    # Staff approval needed the contact person; it was removed since.
    response = answer(client, leader_user, proposal, True)
    assert response.status_code == 400 and "contactpersoon" in response.content.decode()


def test_others_cannot_answer(client, pair):
    need, profile = pair
    proposal = approved(need, profile)
    stranger_leader = SchoolMembershipFactory().user
    client.force_login(stranger_leader)
    assert client.get(reverse("matching:proposal_answer", args=[proposal.pk])).status_code == 404
    other_ambassador = ActiveAmbassadorFactory().user
    client.force_login(other_ambassador)
    assert client.get(reverse("matching:proposal_answer", args=[proposal.pk])).status_code == 404


def test_unanswered_proposals_lapse_back_to_the_pool(pair):
    need, profile = pair
    proposal = approved(need, profile)
    assert services.proposals_lapse(today=proposal.respond_by) == 0
    assert services.proposals_lapse(today=proposal.respond_by + datetime.timedelta(days=1)) == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.LAPSED
    assert TeacherNeed.objects.get(pk=need.pk).status == TeacherNeed.Status.OPEN
    assert "lapse-unanswered-proposals" in settings.CELERY_BEAT_SCHEDULE
    with pytest.raises(ValidationError):
        services.proposal_respond(proposal_id=proposal.pk, actor=profile.user, side="ambassador", accept=True)


def test_a_placement_past_its_end_date_ends_and_frees_its_half_days(pair):
    need, profile = pair
    proposal = approved(need, profile)
    both_accept(proposal)
    placement = Placement.objects.get()
    assert services.placements_close_ended(today=placement.end_date) == 0
    assert services.placements_close_ended(today=placement.end_date + datetime.timedelta(days=1)) == 1
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ENDED and not PlacementSlot.objects.exists()
    assert services.placements_close_ended(today=placement.end_date + datetime.timedelta(days=2)) == 0
    # The same half day can be booked again for a new need.
    later = TeacherNeedFactory(start_date=placement.end_date + datetime.timedelta(days=30),
                               end_date=placement.end_date + datetime.timedelta(days=200))
    both_accept(approved(later, profile))
    assert PlacementSlot.objects.filter(ambassador=profile).count() == 1
    assert "close-ended-placements" in settings.CELERY_BEAT_SCHEDULE


def both_accept(proposal):
    services.proposal_respond(proposal_id=proposal.pk, actor=None, side="school", accept=True)
    services.proposal_respond(proposal_id=proposal.pk, actor=None, side="ambassador", accept=True)


def test_two_half_days_become_two_placements(pair):
    need, profile = pair
    other = TeacherNeedFactory(start_date=need.start_date, end_date=need.end_date, weekdays=[4], day_part="morning")
    both_accept(approved(need, profile, weekday=2))
    both_accept(approved(other, profile, weekday=4))
    assert sorted(PlacementSlot.objects.filter(ambassador=profile).values_list("weekday", "part")) == [
        (2, "morning"), (4, "morning")]
    assert Placement.objects.filter(ambassador=profile, status=Placement.Status.ACTIVE).count() == 2


def test_an_ambassador_is_never_double_booked(pair):
    need, profile = pair
    other = TeacherNeedFactory(start_date=need.start_date, end_date=need.end_date)
    first, second = approved(need, profile), approved(other, profile, day_part="day")
    both_accept(first)
    with pytest.raises(ValidationError):
        both_accept(second)
    assert Placement.objects.count() == 1
    assert PlacementSlot.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_cannot_double_book(school, ambassador_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; this race is exercised on PostgreSQL in CI")
    profile = ambassador_user.ambassador_profile
    start = timezone.localdate() + datetime.timedelta(days=7)
    needs = [TeacherNeedFactory(start_date=start, end_date=start + datetime.timedelta(days=90)) for _ in range(2)]
    proposals = [approved(n, profile) for n in needs]
    for p in proposals:
        services.proposal_respond(proposal_id=p.pk, actor=None, side="school", accept=True)
    barrier, errors = threading.Barrier(2), []

    def accept(proposal_id):
        try:
            barrier.wait()
            services.proposal_respond(proposal_id=proposal_id, actor=None, side="ambassador", accept=True)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=accept, args=(p.pk,)) for p in proposals]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert Placement.objects.count() == 1 and PlacementSlot.objects.count() == 1
    assert len(errors) == 1


def placed(pair):
    need, profile = pair
    proposal = approved(need, profile)
    both_accept(proposal)
    return Placement.objects.get()


def test_two_low_checkins_in_a_row_flag_the_placement_with_a_rematch(client, pair, leader_user,
                                                                     django_capture_on_commit_callbacks):
    placement = placed(pair)
    need = placement.need
    alternative = ActiveAmbassadorFactory(latitude=need.school.latitude or 52.09, longitude=need.school.longitude or 5.12,
                                          preferred_tasks=need.task_types, school_types=["po", "vo"])
    from ambassadors.models import AvailabilitySlot

    AvailabilitySlot.objects.create(profile=alternative, weekday=need.weekdays[0], part="morning")
    School.objects.filter(pk=need.school_id).update(latitude=52.09, longitude=5.12)
    first, second = placement.checkins.filter(side="school").order_by("due_on")[:2]
    client.force_login(leader_user)
    client.post(reverse("matching:checkin", args=[first.pk]), {"relief": "2", "hours_freed": "0,5", "remarks": "Zoekend"})
    placement.refresh_from_db()
    assert not placement.flagged
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:checkin", args=[second.pk]), {"relief": "1", "hours_freed": "0", "remarks": ""})
    placement.refresh_from_db()
    assert placement.flagged
    rematch = Proposal.objects.get(status="proposed", need=need)
    assert rematch.ambassador == alternative and rematch.run.solver == MatchingRun.Solver.REMATCH
    first.refresh_from_db()
    assert str(first.hours_freed) == "0.5" and first.answered_by == leader_user


def test_checkin_bad_input_and_wrong_side(client, pair, leader_user, ambassador_user):
    placement = placed(pair)
    school_side = placement.checkins.filter(side="school").first()
    client.force_login(leader_user)
    response = client.post(reverse("matching:checkin", args=[school_side.pk]), {"relief": "9", "hours_freed": "x"})
    assert response.status_code == 400
    school_side.refresh_from_db()
    assert school_side.answered_at is None
    client.force_login(ambassador_user)
    assert client.get(reverse("matching:checkin", args=[school_side.pk])).status_code == 404


def test_ending_early_records_the_reason_and_frees_the_day(client, pair, staff_user):
    placement = placed(pair)
    client.force_login(staff_user)
    client.post(reverse("matching:placement_end", args=[placement.pk]), {"reason": ""})
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE
    client.post(reverse("matching:placement_end", args=[placement.pk]), {"reason": "Docent met verlof."})
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ENDED_EARLY and placement.ended_reason == "Docent met verlof."
    assert not PlacementSlot.objects.exists()
    assert TeacherNeed.objects.get(pk=placement.need_id).status == TeacherNeed.Status.OPEN


def test_printable_pages(client, pair, leader_user, ambassador_user):
    placement = placed(pair)
    client.force_login(leader_user)
    welcome = client.get(reverse("matching:placement_welcome", args=[placement.pk])).content.decode()
    assert "Maak kennis met" in welcome and placement.school.contact_name in welcome
    client.force_login(ambassador_user)
    first_day = client.get(reverse("matching:placement_first_day", args=[placement.pk])).content.decode()
    assert "Je eerste dag bij" in first_day


def test_placement_list_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)

    def add(n):
        for _ in range(n):
            need = TeacherNeedFactory()
            p = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ActiveAmbassadorFactory(),
                                        score=50, distance_km=2, weekday=1, day_part="morning", status="placed")
            Placement.objects.create(proposal=p, need=need, ambassador=p.ambassador, weekday=1,
                                     day_part="morning", start_date=need.start_date, end_date=need.end_date)

    add(5)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("matching:placement_list")).status_code == 200
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("matching:placement_list"), {"flagged": ""}).status_code == 200


def test_checkin_reminders_reach_both_sides(pair, leader_user, ambassador_user, django_capture_on_commit_callbacks):
    placement = placed(pair)
    mail.outbox.clear()
    due = placement.checkins.order_by("due_on").first().due_on
    with django_capture_on_commit_callbacks(execute=True):
        sent = outbox.queue(reminders.checkin_due(today=due))
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(sent) == 3  # the leader, the school's contact person, the ambassador
    assert recipients == sorted([leader_user.email, placement.school.contact_email, ambassador_user.email])
    assert all(m.subject == "Hoe gaat het? Een korte check-in" for m in mail.outbox)
    assert "/matching/checkins/" in mail.outbox[0].body
    assert settings.CELERY_BEAT_SCHEDULE["send-reminders"]["task"] == "reports.tasks.send_reminders"


def test_checkin_reminders_query_count_is_flat(django_assert_max_num_queries):
    start = timezone.localdate() + datetime.timedelta(days=7)

    def add(n):
        for _ in range(n):
            membership = SchoolMembershipFactory()
            need = TeacherNeedFactory(school=membership.school, start_date=start,
                                      end_date=start + datetime.timedelta(days=200))
            both_accept(approved(need, ActiveAmbassadorFactory()))

    add(2)
    due = start + datetime.timedelta(days=14)
    with django_assert_max_num_queries(20) as small:
        assert len(outbox.queue(reminders.checkin_due(today=due))) == 2 * 3
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(outbox.queue(reminders.checkin_due(today=due))) == 8 * 3  # the first two were written already


def test_the_contact_person_answers_through_the_signed_link(client, pair, django_capture_on_commit_callbacks):
    placement = placed(pair)
    mail.outbox.clear()
    due = placement.checkins.order_by("due_on").first().due_on
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue(reminders.checkin_due(today=due))
    [message] = [m for m in mail.outbox if m.to == [placement.school.contact_email]]
    path = next(w for w in message.body.split() if "/matching/checkins/" in w).split("127.0.0.1:8000")[-1]
    assert client.get(path).status_code == 200  # no login needed
    response = client.post(path, {"relief": "4", "hours_freed": "2", "remarks": "Fijne hulp"})
    assert "Bedankt" in response.content.decode()
    item = placement.checkins.get(side="school", due_on=due)
    assert item.relief == 4 and item.answered_by is None
    assert client.get(path.rstrip("/") + "x/").status_code == 400  # a tampered token
    other = placement.checkins.filter(side="school").exclude(pk=item.pk).first()
    assert client.get(path.replace(f"/checkins/{item.pk}/", f"/checkins/{other.pk}/")).status_code == 400
