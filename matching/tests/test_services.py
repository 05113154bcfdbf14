import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ambassadors.models import AmbassadorProfile, AvailabilitySlot, Status, VogStatus
from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import loading, services
from matching.models import MatchingRun, MatchingSettings, Placement, Proposal
from schools.models import School, SchoolYearParticipation, TeacherNeed
from schools.tests.factories import SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Queue a run and let the (in-process) Celery task carry it out, as the worker does after commit."""

    def start(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.run_create(**kwargs)
        run.refresh_from_db()
        return run

    return start


@pytest.fixture
def scene():
    """One school in Utrecht with a Tuesday-morning classroom need; one fitting ambassador nearby, one without VOG."""
    school = SchoolFactory(name="OBS De Klimop", latitude=52.0907, longitude=5.1214)
    start = timezone.localdate() + datetime.timedelta(days=14)
    need = TeacherNeedFactory(school=school, title="Leesondersteuning groep 4", task_types=["classroom"], weekdays=[2],
                              day_part="morning", start_date=start, end_date=start + datetime.timedelta(days=90),
                              school_year=start.year if start.month >= 8 else start.year - 1)
    fit = ActiveAmbassadorFactory(user__first_name="Sanne", latitude=52.10, longitude=5.13, max_distance_km=10,
                                  preferred_tasks=["classroom"], school_types=["po"], motivations=["explore"])
    AvailabilitySlot.objects.create(profile=fit, weekday=2, part="morning")
    no_vog = ActiveAmbassadorFactory(user__first_name="Bram", latitude=52.095, longitude=5.125, vog_status=VogStatus.NONE,
                                     vog_issued_on=None, preferred_tasks=["classroom"], school_types=["po"])
    AvailabilitySlot.objects.create(profile=no_vog, weekday=2, part="morning")
    return need, fit, no_vog


def test_a_run_proposes_the_fitting_ambassador_with_reasons(scene, staff_user, run_now):
    need, fit, _no_vog = scene
    run = run_now(actor=staff_user, compare_greedy=True)
    assert run.status == MatchingRun.Status.DONE
    [proposal] = Proposal.objects.filter(run=run)
    assert (proposal.need, proposal.ambassador, proposal.weekday, proposal.day_part) == (need, fit, 2, "morning")
    assert run.optimal_total >= run.greedy_total and run.greedy_filled == 1
    reasons = services.explain(proposal.components, distance_km=proposal.distance_km, weekday_label="dinsdag",
                               day_part="morning")
    assert reasons[0] == "dinsdagochtend past"
    assert "wil graag in de klas werken" in reasons


def test_the_greedy_comparison_is_made_only_when_asked(scene, staff_user, run_now):
    run = run_now(actor=staff_user)
    assert run.proposals_made == 1 and (run.greedy_total, run.greedy_filled) == (None, None)


def test_exclusions_say_why_the_nearest_were_not_proposed(scene):
    need, fit, no_vog = scene
    rows = {row["ambassador"]: row["reason"] for row in services.need_overview(need)[0]}
    assert rows[fit] is None
    assert rows[no_vog] == "geen VOG"


def test_no_double_proposals_while_one_is_open(scene, staff_user, run_now):
    run_now(actor=staff_user)
    second = run_now(actor=staff_user)
    assert second.proposals_made == 0
    assert Proposal.objects.count() == 1


def test_run_matching_command_json_contract(scene):
    out = io.StringIO()
    call_command("run_matching", "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"ambassadors", "needs", "pairs_scored", "proposals", "total_score", "seconds"} <= data.keys()
    assert (data["ambassadors"], data["needs"], data["proposals"]) == (1, 1, 1)
    assert Proposal.objects.count() == 0 and MatchingRun.objects.count() == 0
    call_command("run_matching", "--json", stdout=io.StringIO())
    assert Proposal.objects.count() == 1


def test_bench_matching_command_json_contract():
    out = io.StringIO()
    call_command("bench_matching", "--ambassadors", "300", "--needs", "600", "--seed", "3", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"seconds_score", "seconds_assign", "optimal_total", "greedy_total"} <= data.keys()
    assert data["optimal_total"] >= data["greedy_total"] and data["pairs_scored"] > 0


def test_approve_moves_the_need_and_cannot_be_repeated(scene, staff_user, run_now):
    run_now(actor=staff_user)
    proposal = Proposal.objects.get()
    services.proposal_decide(proposal_id=proposal.pk, actor=staff_user, approve=True)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert TeacherNeed.objects.get(pk=proposal.need_id).status == TeacherNeed.Status.PROPOSED
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal_id=proposal.pk, actor=staff_user, approve=False, reason="toch niet")


def test_approve_needs_a_contact_person_and_reject_a_reason(scene, staff_user, run_now):
    run_now(actor=staff_user)
    proposal = Proposal.objects.get()
    School.objects.filter(pk=proposal.need.school_id).update(contact_name="", contact_email="", contact_phone="")
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal_id=proposal.pk, actor=staff_user, approve=True)
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal_id=proposal.pk, actor=staff_user, approve=False, reason=" ")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_board_approves_through_htmx(client, scene, staff_user, run_now):
    need, _fit, no_vog = scene
    Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=no_vog, score=50, distance_km=1,
                            weekday=2, day_part="morning", status=Proposal.Status.REJECTED, reject_reason="Te ver weg")
    run_now(actor=staff_user)
    proposal = Proposal.objects.get(status=Proposal.Status.PROPOSED)
    client.force_login(staff_user)
    body = client.get(reverse("matching:board")).content.decode()
    assert "Leesondersteuning groep 4" in body and "dinsdagochtend past" in body and "Te ver weg" in body
    response = client.post(reverse("matching:proposal_decide", args=[proposal.pk, "approve"]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "Goedgekeurd door medewerkers" in response.content.decode()
    assert "Te ver weg" in response.content.decode()  # the row keeps the earlier no after the htmx swap
    response = client.post(reverse("matching:proposal_decide", args=[proposal.pk, "reject"]), {"reason": "x"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "al besloten" in response.content.decode()


def test_start_a_run_from_the_board(client, scene, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:run_start"), {"objective": "best_fit"})
    run = MatchingRun.objects.get()
    assert response.url == reverse("matching:run_detail", args=[run.pk])
    assert run.objective == "best_fit" and run.status == MatchingRun.Status.DONE
    page = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in page  # finished: no more polling
    assert client.post(reverse("matching:run_start"), {"objective": "alles"}).status_code == 302
    assert MatchingRun.objects.count() == 1


def test_weights_form_refuses_negative_and_all_zero(client, staff_user):
    client.force_login(staff_user)
    url = reverse("matching:weights")
    fields = ["task", "expertise", "motivation", "distance", "relief", "continuity", "priority"]
    assert client.post(url, dict.fromkeys(fields, "0")).status_code == 400
    assert client.post(url, dict.fromkeys(fields, "5") | {"distance": "-1"}).status_code == 400
    assert client.post(url, dict.fromkeys(fields, "5") | {"distance": "40"}).status_code == 302
    assert MatchingSettings.current().distance == 40


def test_board_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    run = MatchingRun.objects.create()

    def add(n):
        for _ in range(n):
            need, ambassador = TeacherNeedFactory(), ActiveAmbassadorFactory()
            Proposal.objects.create(run=run, need=need, ambassador=ambassador, score=60, distance_km=4, weekday=2,
                                    day_part="morning", components={"task": 1, "motivation": 1})
            # An earlier no for the need and a second open proposal of the ambassador are shown on the row too.
            Proposal.objects.create(run=run, need=need, ambassador=ActiveAmbassadorFactory(), score=50, distance_km=4,
                                    weekday=2, day_part="morning", status=Proposal.Status.REJECTED, reject_reason="nee")
            Proposal.objects.create(run=run, need=TeacherNeedFactory(), ambassador=ambassador, score=40, distance_km=4,
                                    weekday=4, day_part="morning")

    add(5)
    with django_assert_max_num_queries(15) as small:
        assert client.get(reverse("matching:board")).status_code == 200
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("matching:board")).status_code == 200


def test_inactive_and_paused_ambassadors_are_never_proposed(scene, staff_user, run_now):
    _need, fit, _no_vog = scene
    fit.status = Status.PAUSED
    fit.save()
    run = run_now(actor=staff_user)
    assert run.proposals_made == 0


def test_alternatives_and_swap(client, scene, staff_user, run_now):
    need, fit, _no_vog = scene
    second = ActiveAmbassadorFactory(user__first_name="Noor", latitude=52.092, longitude=5.121, max_distance_km=10,
                                     preferred_tasks=["classroom"], school_types=["po"])
    AvailabilitySlot.objects.create(profile=second, weekday=2, part="morning")
    run_now(actor=staff_user)
    proposal = Proposal.objects.get(status="proposed")
    client.force_login(staff_user)
    page = client.get(reverse("matching:need_exclusions", args=[need.pk])).content.decode()
    other = second if proposal.ambassador == fit else fit
    assert escape(other.user.get_full_name()) in page and "Beste alternatieven" in page
    response = client.post(reverse("matching:proposal_decide", args=[proposal.pk, "swap"]), {"ambassador": other.pk})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.reject_reason.startswith("Gewisseld voor")
    assert Proposal.objects.get(status="proposed").ambassador == other
    # Swapping in someone who does not fit is refused.
    new = Proposal.objects.get(status="proposed")
    client.post(reverse("matching:proposal_decide", args=[new.pk, "swap"]), {"ambassador": _no_vog.pk})
    assert Proposal.objects.get(status="proposed").ambassador == other


@pytest.fixture
def two_schools():
    """Two schools near Utrecht, each with a half-day need: Tuesday morning at one, Thursday morning at the other."""
    start = timezone.localdate() + datetime.timedelta(days=14)
    year = start.year if start.month >= 8 else start.year - 1
    needs = []
    for name, lat, weekday in (("OBS De Klimop", 52.0907, 2), ("CBS Het Anker", 52.095, 4)):
        school = SchoolFactory(name=name, latitude=lat, longitude=5.1214)
        needs.append(TeacherNeedFactory(school=school, task_types=["classroom"], weekdays=[weekday], day_part="morning",
                                        start_date=start, end_date=start + datetime.timedelta(days=90), school_year=year))
    return needs


def ambassador_free(*slots, **fields):
    profile = ActiveAmbassadorFactory(latitude=52.10, longitude=5.13, max_distance_km=10, preferred_tasks=["classroom"],
                                      school_types=["po"], **fields)
    for weekday, part in slots:
        AvailabilitySlot.objects.create(profile=profile, weekday=weekday, part=part)
    return profile


def test_two_half_days_may_be_two_needs(two_schools, staff_user, run_now):
    tuesday, thursday = two_schools
    profile = ambassador_free((2, "morning"), (4, "morning"))
    run = run_now(actor=staff_user)
    got = sorted((p.need_id, p.weekday) for p in Proposal.objects.filter(run=run, ambassador=profile))
    assert got == [(tuesday.pk, 2), (thursday.pk, 4)]
    assert run.proposals_made == 2


def test_one_day_is_one_need(two_schools, staff_user, run_now):
    tuesday, _thursday = two_schools
    TeacherNeed.objects.filter(pk=_thursday.pk).update(weekdays=[2], day_part="afternoon")
    profile = ambassador_free((2, "morning"), (2, "afternoon"))  # a whole Tuesday
    run = run_now(actor=staff_user)
    assert Proposal.objects.filter(run=run, ambassador=profile).count() == 1


def test_half_a_day_a_week_is_one_half_day_need(two_schools, staff_user, run_now):
    tuesday, _thursday = two_schools
    profile = ambassador_free((2, "morning"), (4, "morning"), day_amount="half")
    run = run_now(actor=staff_user)
    assert Proposal.objects.filter(run=run, ambassador=profile).count() == 1
    TeacherNeed.objects.filter(pk=tuesday.pk).update(day_part="day")
    Proposal.objects.all().delete()
    reasons = {row["ambassador"]: row["reason"] for row in services.need_overview(TeacherNeed.objects.get(pk=tuesday.pk))[0]}
    assert reasons[profile] == "biedt maar een halve dag per week"


def test_a_booked_half_day_is_never_offered_again(two_schools, staff_user, run_now):
    tuesday, thursday = two_schools
    profile = ambassador_free((2, "morning"), (4, "morning"))
    TeacherNeed.objects.filter(pk=thursday.pk).update(weekdays=[2, 4])  # Thursday's need could also be on Tuesday
    Proposal.objects.create(run=MatchingRun.objects.create(), need=tuesday, ambassador=profile, score=70,
                            distance_km=2, weekday=2, day_part="morning")
    run = run_now(actor=staff_user)
    [second] = Proposal.objects.filter(run=run)
    assert (second.ambassador, second.need, second.weekday) == (profile, thursday, 4)


def test_a_full_ambassador_is_not_proposed_and_is_told_so(two_schools, staff_user, run_now):
    tuesday, thursday = two_schools
    profile = ambassador_free((2, "morning"), (2, "afternoon"), (4, "morning"))  # has a whole day: one need
    Proposal.objects.create(run=MatchingRun.objects.create(), need=tuesday, ambassador=profile, score=70,
                            distance_km=2, weekday=2, day_part="morning")
    run = run_now(actor=staff_user)
    assert not Proposal.objects.filter(run=run).exists()
    reasons = {row["ambassador"]: row["reason"] for row in services.need_overview(thursday)[0]}
    assert reasons[profile] == "heeft al zoveel plaatsingen als hij of zij aankan"


def test_one_ambassador_never_fills_one_need_twice(two_schools, staff_user, run_now):
    tuesday, _thursday = two_schools
    TeacherNeed.objects.filter(pk=tuesday.pk).update(weekdays=[2, 4], ambassadors_needed=2)
    profile = ambassador_free((2, "morning"), (4, "morning"))
    Proposal.objects.create(run=MatchingRun.objects.create(), need=tuesday, ambassador=profile, score=70,
                            distance_km=2, weekday=2, day_part="morning")
    run = run_now(actor=staff_user)
    assert not Proposal.objects.filter(run=run, need=tuesday).exists()
    assert [row["ambassador"] for row in services.alternatives(tuesday)] == []


def test_the_board_shows_an_ambassadors_other_half_day(client, two_schools, staff_user, run_now):
    ambassador_free((2, "morning"), (4, "morning"))
    run_now(actor=staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("matching:board")).content.decode()
    assert "ook donderdag (ochtend) bij CBS Het Anker" in page
    assert "ook dinsdag (ochtend) bij OBS De Klimop" in page


def test_continuity_favours_last_years_school(two_schools, staff_user, run_now):
    tuesday, thursday = two_schools
    profile = ambassador_free((2, "morning"), (4, "morning"))
    last_year = TeacherNeedFactory(school=thursday.school, weekdays=[4], day_part="morning",
                                   school_year=thursday.school_year - 1,
                                   start_date=thursday.start_date - datetime.timedelta(days=365),
                                   end_date=thursday.start_date - datetime.timedelta(days=200))
    earlier = Proposal.objects.create(run=MatchingRun.objects.create(), need=last_year, ambassador=profile, score=70,
                                      distance_km=2, weekday=4, day_part="morning", status=Proposal.Status.PLACED)
    Placement.objects.create(proposal=earlier, need=last_year, ambassador=profile, weekday=4, day_part="morning",
                             start_date=last_year.start_date, end_date=last_year.end_date, status=Placement.Status.ENDED)
    run = run_now(actor=staff_user)
    components = {p.need: p.components["continuity"] for p in Proposal.objects.filter(run=run, ambassador=profile)}
    assert components == {tuesday: 0.0, thursday: 1.0}
    reasons = services.explain(Proposal.objects.get(run=run, need=thursday).components, distance_km=2,
                               weekday_label="donderdag", day_part="morning")
    assert "dezelfde school als vorig jaar" in reasons


def test_priority_goes_to_the_school_that_still_misses_the_most_ambassadors(two_schools):
    tuesday, thursday = two_schools
    SchoolYearParticipation.objects.create(school=tuesday.school, school_year=tuesday.school_year, ambassadors_wanted=3)
    SchoolYearParticipation.objects.create(school=thursday.school, school_year=thursday.school_year, ambassadors_wanted=1)
    _needs, arrays = loading.load_needs_subset([tuesday.pk, thursday.pk])
    assert arrays.priority.tolist() == [1.0, pytest.approx(1 / 3)]  # both just posted: only the shortage counts
    TeacherNeed.objects.filter(pk=thursday.pk).update(created_at=timezone.now() - datetime.timedelta(days=200))
    _needs, arrays = loading.load_needs_subset([tuesday.pk, thursday.pk])
    assert arrays.priority.tolist() == [1.0, 1.0]  # waited more than half a year


def test_a_run_with_no_open_need_loads_no_ambassador(staff_user, run_now, django_assert_max_num_queries):
    for _ in range(5):
        AvailabilitySlot.objects.create(profile=ActiveAmbassadorFactory(), weekday=2, part="morning")
    with django_assert_max_num_queries(19) as queries:  # the run's rows, lock and audit entry, the needs, savepoints
        run = run_now(actor=staff_user)
    assert (run.status, run.needs, run.ambassadors, run.proposals_made) == (MatchingRun.Status.DONE, 0, 0, 0)
    assert not [q for q in queries.captured_queries if "ambassadors_availabilityslot" in q["sql"]]


def test_a_run_with_needs_but_no_ambassador_proposes_nothing(scene, staff_user, run_now):
    AmbassadorProfile.objects.all().delete()
    run = run_now(actor=staff_user)
    assert (run.status, run.needs, run.ambassadors, run.proposals_made) == (MatchingRun.Status.DONE, 1, 0, 0)


def test_the_run_loads_ambassadors_in_a_fixed_number_of_queries(scene, staff_user, run_now,
                                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as few:
        run_now(actor=staff_user)
    for _ in range(30):
        AvailabilitySlot.objects.create(profile=ActiveAmbassadorFactory(latitude=52.1, longitude=5.12), weekday=2,
                                        part="morning")
    Proposal.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        run_now(actor=staff_user)


def test_the_why_not_page_reaches_as_far_as_each_ambassadors_own_radius(scene):
    """Only ambassadors within reach are loaded for a need: the box must follow each one's own travel radius."""
    need, fit, _no_vog = scene  # the school lies at 52.0907 N, 5.1214 E
    far_willing = ActiveAmbassadorFactory(user__first_name="Ilse", latitude=52.70, longitude=5.1214,  # 67 km north
                                          max_distance_km=70, preferred_tasks=["classroom"], school_types=["po"])
    AvailabilitySlot.objects.create(profile=far_willing, weekday=2, part="morning")
    far_unwilling = ActiveAmbassadorFactory(latitude=52.70, longitude=5.1214, max_distance_km=60,
                                            preferred_tasks=["classroom"], school_types=["po"])
    AvailabilitySlot.objects.create(profile=far_unwilling, weekday=2, part="morning")
    _rows, alternatives = services.need_overview(need, k=5)
    assert [row["ambassador"] for row in alternatives] == [fit, far_willing]
    rows, _alternatives = services.need_overview(need, k=4)  # the four nearest, whatever keeps them out
    assert {row["ambassador"].pk: row["reason"] for row in rows}[far_unwilling.pk] == "te ver weg"
