"""A need without a match: its school reads, on the need page, how many ambassadors are near, which of the engine's
rules keeps most of them out and what it could change; counts only, never a name. The reminder e-mail says the same."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from ambassadors.models import Absence, AvailabilitySlot
from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import explain
from matching.models import MatchingRun, Placement, Proposal
from matching.tests.factories import make_placement
from schools.models import School, TeacherNeed
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

UTRECHT = (52.0907, 5.1214)
KM_LAT = 1 / 110.57  # one kilometre north, in degrees (the engine's projection)
KM_LON = 1 / 68.35   # one kilometre east, around 52° north


@pytest.fixture
def school():
    return SchoolFactory(name="OBS De Klimop", latitude=UTRECHT[0], longitude=UTRECHT[1])


@pytest.fixture
def leader(school):
    return SchoolMembershipFactory(school=school).user


def open_need(school, **fields):
    start = timezone.localdate() + datetime.timedelta(days=21)
    defaults = {"title": "Leesondersteuning groep 4", "task_types": ["classroom"], "weekdays": [2],
                "day_part": "morning", "start_date": start, "end_date": start + datetime.timedelta(days=120)}
    return TeacherNeedFactory(school=school, **{**defaults, **fields})


def ambassador(north_km=1.0, east_km=0.5, slots=((2, "morning"),), **fields):
    """An active ambassador with a VOG, near the school, who fits a Tuesday-morning classroom need at a PO school."""
    defaults = {"latitude": UTRECHT[0] + north_km * KM_LAT, "longitude": UTRECHT[1] + east_km * KM_LON,
                "max_distance_km": 10, "preferred_tasks": ["classroom"], "school_types": ["po"]}
    profile = ActiveAmbassadorFactory(**{**defaults, **fields})
    for weekday, part in slots:
        AvailabilitySlot.objects.create(profile=profile, weekday=weekday, part=part)
    return profile


def need_page(client, user, need):
    client.force_login(user)
    response = client.get(reverse("schools:need_detail", args=[need.pk]))
    assert response.status_code == 200
    return response.content.decode()


def counted(body):
    """The reasons the page lists, in its order, as (count, text)."""
    return [(int(n), text.strip()) for n, text in re.findall(r"<li><strong>(\d+)</strong> ([^<]+)</li>", body)]


def full_elsewhere(need):
    """Placed elsewhere on the one half day they give: they take no second need."""
    profile = ambassador()
    make_placement(ambassador=profile, day_part="morning")
    return profile


# How each of the engine's rules keeps someone out, what the school reads, and what it could change.
RULES = {
    "day": (lambda need: ambassador(slots=((3, "morning"),)),
            "niet vrij op de weekdagen en het dagdeel die je vraagt", "Vink een extra weekdag aan"),
    "tasks": (lambda need: ambassador(preferred_tasks=["invigilation"]),
              "doen liever andere taken", "Voeg andere taken toe aan de hulpvraag"),
    "school_type": (lambda need: ambassador(school_types=["vo"]),
                    "kiezen liever een ander schooltype", "de stichting zoekt meer ambassadeurs voor jouw soort school"),
    "distance": (lambda need: ambassador(north_km=3, max_distance_km=2),
                 "je school ligt verder weg dan ze willen reizen",
                 "de stichting zoekt meer ambassadeurs bij je school in de buurt"),
    "absent": (lambda need: Absence.objects.create(profile=ambassador(), start=need.start_date,
                                                   end=need.start_date + datetime.timedelta(days=30), reason="work"),
               "afwezig als de hulpvraag begint", "Een latere startdatum kan helpen."),
    "not_available": (lambda need: ambassador(status="vog_requested", vog_status="requested", vog_issued_on=None),
                      "nog niet beschikbaar: nog in de screening, of met pauze",
                      "een aantal ambassadeurs bij je in de buurt wordt nog gescreend"),
    "full": (full_elsewhere, "al zo vaak geplaatst als ze kunnen", "de ambassadeurs bij je in de buurt zijn elders bezig"),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_rule_that_keeps_most_out_comes_first_with_what_would_help(client, school, leader, rule):
    need = open_need(school)
    make, text, advice = RULES[rule]
    make(need), make(need)
    other = "tasks" if rule != "tasks" else "day"
    RULES[other][0](need)
    body = need_page(client, leader, need)
    assert "Waarom nog geen match?" in body
    assert "We keken naar de 3 ambassadeurs bij je school in de buurt." in body
    assert "van hen zou" not in body and "van hen zouden" not in body  # none of them fits
    assert counted(body) == [(2, text), (1, RULES[other][1])]
    assert "Wat hen tegenhoudt:" in body
    assert advice in body


def test_half_a_day_a_week_against_a_whole_day(client, school, leader):
    need = open_need(school, day_part="day")
    for _ in range(2):
        ambassador(slots=((2, "morning"), (2, "afternoon")), day_amount="half")
    body = need_page(client, leader, need)
    assert counted(body) == [(2, "geven een halve dag per week, en je vraagt een hele dag")]
    assert "Vraag om een ochtend of een middag in plaats van de hele dag." in body


def test_for_a_whole_day_another_weekday_or_half_a_day_would_help(client, school, leader):
    need = open_need(school, day_part="day")
    ambassador(slots=((3, "morning"), (3, "afternoon")))
    body = need_page(client, leader, need)
    assert counted(body) == [(1, "niet vrij op de weekdagen en het dagdeel die je vraagt")]
    assert "Vink een extra weekdag aan" in body and "Of vraag om een ochtend of een middag" in body


def test_for_a_half_day_need_only_another_weekday_is_suggested(client, school, leader):
    need = open_need(school)
    ambassador(slots=((3, "morning"),))
    body = need_page(client, leader, need)
    assert "Vink een extra weekdag aan" in body and "Of vraag om een ochtend" not in body


def test_a_tie_goes_to_the_rule_the_engine_checks_first(client, school, leader):
    need = open_need(school)
    RULES["day"][0](need)
    RULES["distance"][0](need)  # the engine checks the travel distance before the day
    assert counted(need_page(client, leader, need)) == [(1, RULES["distance"][1]), (1, RULES["day"][1])]


def test_those_who_fit_are_counted_and_may_be_proposed_next(client, school, leader):
    need = open_need(school)
    ambassador()
    RULES["day"][0](need), RULES["day"][0](need)
    body = need_page(client, leader, need)
    assert "We keken naar de 3 ambassadeurs bij je school in de buurt." in body
    assert "1 van hen zou deze hulpvraag kunnen oppakken; de volgende matchingronde kan die voorstellen." in body
    assert "Wat de anderen tegenhoudt:" in body
    assert counted(body) == [(2, RULES["day"][1])]


def test_when_all_of_them_fit_nothing_is_to_change(client, school, leader):
    need = open_need(school)
    ambassador(), ambassador()
    body = need_page(client, leader, need)
    assert "2 van hen zouden deze hulpvraag kunnen oppakken" in body
    assert "Wat de anderen tegenhoudt" not in body and counted(body) == []


def test_with_no_ambassador_at_all_the_school_hears_it_need_not_act(client, school, leader):
    need = open_need(school)
    ActiveAmbassadorFactory(latitude=None, longitude=None)  # no known place: the engine cannot place them
    body = need_page(client, leader, need)
    assert "Waarom nog geen match?" in body and "We keken naar" not in body
    assert "Er staat nog geen ambassadeur met een bekende woonplaats ingeschreven." in body


def test_when_everyone_lives_far_the_distance_is_the_reason(client, school, leader):
    need = open_need(school)
    for _ in range(3):
        ambassador(north_km=150, max_distance_km=15)  # Groningen
    body = need_page(client, leader, need)
    assert "We keken naar de 3 ambassadeurs" in body
    assert counted(body) == [(3, "je school ligt verder weg dan ze willen reizen")]


def test_the_nearest_and_whoever_reaches_the_school_are_counted(client, school, leader, monkeypatch):
    """The k nearest whatever their reach, and beyond them exactly those whose own travel distance covers the
    school: not someone whose square around home holds the school while their circle does not."""
    monkeypatch.setattr(explain, "NEAREST", 2)
    need = open_need(school)
    RULES["day"][0](need), RULES["day"][0](need)  # the two nearest
    ambassador(north_km=30, max_distance_km=40)  # far, but the school lies within their reach: fits
    ambassador(north_km=30, max_distance_km=5)  # far and out of reach: not looked at
    ambassador(north_km=8, east_km=8, max_distance_km=10)  # 11.3 km: inside the square of 10 km, outside the circle
    body = need_page(client, leader, need)
    assert "We keken naar de 3 ambassadeurs bij je school in de buurt." in body
    assert "1 van hen zou deze hulpvraag kunnen oppakken" in body
    assert counted(body) == [(2, RULES["day"][1])]


def test_who_is_already_placed_at_this_need_is_not_counted(client, school, leader):
    need = open_need(school, ambassadors_needed=2)
    placed = ambassador()
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=placed, score=60,
                                       distance_km=1, weekday=2, day_part="morning", status=Proposal.Status.PLACED)
    Placement.objects.create(proposal=proposal, need=need, ambassador=placed, weekday=2, day_part="morning",
                             start_date=need.start_date, end_date=need.end_date)
    RULES["tasks"][0](need)
    body = need_page(client, leader, need)
    assert "We keken naar de 1 ambassadeur bij je school in de buurt." in body
    assert counted(body) == [(1, RULES["tasks"][1])]


def test_the_page_names_nobody(client, school, leader):
    need = open_need(school)
    people = [ambassador(user__first_name="Sanne", user__last_name="Visser", user__email="sanne@example.nl",
                         phone="06 44445555"),
              RULES["tasks"][0](need)]
    body = need_page(client, leader, need)
    for profile in people:
        for private in (profile.user.get_full_name(), profile.user.email, profile.phone, profile.employer):
            assert private not in body


@pytest.mark.parametrize("status", [Proposal.Status.PROPOSED, Proposal.Status.APPROVED])
def test_a_need_with_a_proposal_under_way_shows_no_explanation(client, school, leader, status):
    need = open_need(school)
    RULES["day"][0](need)
    Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador(), score=60,
                            distance_km=1, weekday=2, day_part="morning", status=status)
    assert "Waarom nog geen match?" not in need_page(client, leader, need)


@pytest.mark.parametrize("status", [TeacherNeed.Status.FILLED, TeacherNeed.Status.CLOSED, TeacherNeed.Status.PROPOSED])
def test_a_need_that_is_not_open_shows_no_explanation(client, school, leader, status):
    need = open_need(school, status=status)
    RULES["day"][0](need)
    assert "Waarom nog geen match?" not in need_page(client, leader, need)


def test_a_school_without_a_known_place_shows_no_explanation(client, school, leader):
    School.objects.filter(pk=school.pk).update(latitude=None, longitude=None)
    need = open_need(school)
    assert "Waarom nog geen match?" not in need_page(client, leader, need)


def test_teachers_read_it_and_staff_keep_their_own_page(client, school, staff_user):
    need = open_need(school)
    RULES["day"][0](need)
    teacher = SchoolMembershipFactory(school=school, user__role=Role.TEACHER).user
    assert "Waarom nog geen match?" in need_page(client, teacher, need)
    assert "Waarom nog geen match?" not in need_page(client, staff_user, need)


def test_it_speaks_english_to_who_chose_it(client, school, leader):
    leader.language = "en"
    leader.save(update_fields=["language"])
    need = open_need(school)
    RULES["day"][0](need)
    body = need_page(client, leader, need)
    assert "Why no match yet?" in body and "We looked at the 1 ambassador near your school." in body
    assert counted(body) == [(1, "not free on the weekdays and day part you ask for")]
    assert "Tick another weekday" in body


def test_the_page_and_the_reminder_give_the_same_account(school, monkeypatch):
    """One load of everyone (the reminder) and a load of those around the need (the page) count the same people."""
    monkeypatch.setattr(explain, "NEAREST", 3)
    need = open_need(school, weekdays=[2, 4])
    for rule in ("day", "tasks", "distance", "not_available"):
        RULES[rule][0](need)
    ambassador(north_km=4), ambassador(north_km=40, max_distance_km=50), ambassador(north_km=60, max_distance_km=5)
    need = TeacherNeed.objects.select_related("school").get(pk=need.pk)
    page_account = explain.need_unmatched(need)
    assert page_account == explain.needs_unmatched([need])[need.pk]
    assert (page_account.near, page_account.fit) == (5, 2)


def test_the_need_page_reads_a_fixed_number_of_queries(client, school, leader, django_assert_max_num_queries):
    need = open_need(school)
    RULES["day"][0](need)
    url = reverse("schools:need_detail", args=[need.pk])
    client.force_login(leader)
    with django_assert_max_num_queries(30) as few:
        assert "We keken naar de 1 ambassadeur" in client.get(url).content.decode()
    for n in range(10):
        profile = ambassador(north_km=0.2 * n, slots=((3, "morning"), (4, "afternoon")))
        Absence.objects.create(profile=profile, start=need.start_date, end=need.end_date, reason="other")
        make_placement(ambassador=profile, day_part="afternoon")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "We keken naar de 11 ambassadeurs" in client.get(url).content.decode()


def test_the_need_form_says_its_weekdays_are_alternatives(client, school, leader):
    client.force_login(leader)
    body = client.get(reverse("schools:need_create", args=[school.pk])).content.decode()
    assert "Vink elke weekdag aan die zou passen: het zijn alternatieven." in body


@pytest.mark.parametrize(("street", "written"), [("Beatrixlaan 110", "Beatrixlaan 110, 1065 QE Amsterdam"),
                                                 ("", "1065 QE Amsterdam")])
def test_an_address_is_written_with_a_comma(street, written):
    assert School(street=street, postcode="1065 QE", city="Amsterdam").address == written


def test_the_account_is_kept_a_few_minutes_but_a_changed_need_is_explained_again(client, school, leader, settings):
    from django.core.cache import cache
    settings.NEED_ACCOUNT_CACHE_SECONDS = 300
    cache.clear()
    need = open_need(school)
    ambassador(slots=((3, "morning"),))  # free on Wednesday only: the day keeps them out
    day = "niet vrij op de weekdagen en het dagdeel die je vraagt"
    assert counted(need_page(client, leader, need)) == [(1, day)]
    ambassador()  # one who fits joins: the kept account does not know yet
    body = need_page(client, leader, need)
    assert counted(body) == [(1, day)] and "zou deze hulpvraag kunnen oppakken" not in body
    # The school follows the advice and ticks Wednesday too: its need is explained again, at once.
    need.weekdays = [2, 3]
    need.save()
    body = need_page(client, leader, need)
    assert "2 van hen zouden deze hulpvraag kunnen oppakken" in body and counted(body) == []
    cache.clear()
