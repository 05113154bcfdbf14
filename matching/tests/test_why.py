"""Why this match, when, how much and with whom: what the school and the ambassador read on a proposal's page and in
its e-mail, in Dutch and in English, and what neither side reads about the other."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import explain, services
from matching.models import MatchingRun, Placement, Proposal
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def nl(day):
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def en(day):
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


# Task and a half of the two tasks asked, classroom work for someone exploring education, the subject, close by.
COMPONENTS = {"task": 0.5, "expertise": 0.5, "motivation": 1.0, "distance": 0.8, "relief": 0.56, "continuity": 0.0,
              "priority": 0.2}


@pytest.fixture
def scene():
    school = SchoolFactory(name="OBS De Klimop", street="Beatrixlaan 110", postcode="1065 QE", city="Amsterdam",
                           latitude=52.357, longitude=4.829, contact_name="Ilse Hoekstra",
                           contact_role="Intern begeleider", contact_email="ilse@klimop.example",
                           contact_phone="020 123 4567")
    leader = SchoolMembershipFactory(school=school, user__first_name="Jeroen", user__email="jeroen@klimop.example").user
    start = timezone.localdate() + datetime.timedelta(days=21)
    need = TeacherNeedFactory(school=school, title="Rekenhulp groep 6", subject="Rekenen",
                              task_types=["classroom", "invigilation"], weekdays=[2, 4], day_part="morning",
                              start_date=start, end_date=start + datetime.timedelta(days=120),
                              hours_per_week=Decimal("4.5"))
    ambassador = ActiveAmbassadorFactory(user__first_name="Sanne", user__last_name="de Vries",
                                         user__email="sanne@example.nl", phone="06 11112222", postcode="1055 AB",
                                         city="Bos en Lommer", max_distance_km=15, preferred_tasks=["classroom"],
                                         motivations=["explore"], employer="Gemeente Amsterdam")
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=71.5,
                                       distance_km=3.2, weekday=4, day_part="morning", components=COMPONENTS)
    return proposal, leader, ambassador.user


def approve(proposal, capture):
    with capture(execute=True):
        services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)
    proposal.refresh_from_db()
    return proposal


def page(client, user, proposal):
    client.force_login(user)
    response = client.get(reverse("matching:proposal_answer", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_school_reads_why_when_how_much_and_whom_to_reach(client, scene, django_capture_on_commit_callbacks):
    proposal, leader, _ambassador = scene
    proposal = approve(proposal, django_capture_on_commit_callbacks)
    body = page(client, leader, proposal)
    start, end = proposal.need.start_date, proposal.need.end_date
    for text in ["Waarom deze match", "Vrij op donderdagochtend, zoals je vroeg",
                 "Wil een deel van de taken doen die je vraagt: ondersteuning in de klas naast een leraar",
                 "Wil graag in de klas werken, en je hulpvraag is werk in de klas",
                 "De expertise past bij het vak (Rekenen)",
                 "Je school ligt ruim binnen de afstand die de ambassadeur wil reizen",
                 "Elke week op donderdagochtend", f"Van {nl(start)} tot en met {nl(end)}", "4,5",
                 "Sanne de Vries", "sanne@example.nl", f"Antwoord graag voor {nl(proposal.respond_by)}."]:
        assert text in body, text
    # Where she lives, how far she travels and her phone stay with the foundation.
    for private in ["06 11112222", "1055 AB", "Bos en Lommer", "3 km", "15 km"]:
        assert private not in body, private
    # What did not make the score is not claimed.
    for claim in ["Was vorig jaar ook al op je school", "Maakt veel uren vrij", "Je school gaat voor"]:
        assert claim not in body


def test_the_ambassador_reads_why_when_how_much_and_the_contact_person(client, scene,
                                                                       django_capture_on_commit_callbacks):
    proposal, _leader, ambassador = scene
    proposal = approve(proposal, django_capture_on_commit_callbacks)
    body = page(client, ambassador, proposal)
    start, end = proposal.need.start_date, proposal.need.end_date
    for text in ["Waarom deze match", "Donderdagochtend staat vrij in je week",
                 "3 km van je af, binnen de 15 km die je wilt reizen",
                 "De school vraagt een deel van de taken die jij wilt doen: ondersteuning in de klas naast een leraar",
                 "Je wilt het onderwijs verkennen, en dit is werk in de klas",
                 "Je expertise past bij het vak (Rekenen)", "Elke week op donderdagochtend",
                 f"Van {nl(start)} tot en met {nl(end)}", "4,5", "Ilse Hoekstra (Intern begeleider)",
                 "ilse@klimop.example", "020 123 4567", "Beatrixlaan 110, 1065 QE Amsterdam"]:
        assert text in body, text
    assert "jeroen@klimop.example" not in body  # the leader's own address is not the contact person's


def test_the_page_speaks_english_to_who_chose_it(client, scene, django_capture_on_commit_callbacks):
    proposal, leader, ambassador = scene
    proposal = approve(proposal, django_capture_on_commit_callbacks)
    for person in (leader, ambassador):
        person.language = "en"
        person.save(update_fields=["language"])
    school_side = page(client, leader, proposal)
    assert "Why this match" in school_side and "Free on Thursday morning, as you asked" in school_side
    assert f"From {en(proposal.need.start_date)} to {en(proposal.need.end_date)}" in school_side
    ambassador_side = page(client, ambassador, proposal)
    assert "Thursday morning is free in your week" in ambassador_side
    assert "3 km from you, within the 15 km you want to travel" in ambassador_side
    assert "Ilse Hoekstra (Intern begeleider)" in ambassador_side


def test_once_declined_neither_side_reads_how_to_reach_the_other(client, scene, django_capture_on_commit_callbacks):
    proposal, leader, ambassador = scene
    proposal = approve(proposal, django_capture_on_commit_callbacks)
    services.proposal_respond(proposal_id=proposal.pk, actor=ambassador, side="ambassador", accept=False,
                              reason="Ik heb op donderdag toch werk.")
    school_side = page(client, leader, proposal)
    assert "sanne@example.nl" not in school_side and "Dit voorstel is gesloten" in school_side
    assert "Waarom deze match" in school_side and 'name="accept"' not in school_side
    ambassador_side = page(client, ambassador, proposal)
    for contact in ["ilse@klimop.example", "020 123 4567"]:
        assert contact not in ambassador_side


def test_a_placement_shows_its_own_dates(client, scene, django_capture_on_commit_callbacks):
    proposal, leader, ambassador = scene
    proposal = approve(proposal, django_capture_on_commit_callbacks)
    services.proposal_respond(proposal_id=proposal.pk, actor=leader, side="school", accept=True)
    services.proposal_respond(proposal_id=proposal.pk, actor=ambassador, side="ambassador", accept=True)
    placement = Placement.objects.get(proposal=proposal)
    later = placement.start_date + datetime.timedelta(days=7)
    Placement.objects.filter(pk=placement.pk).update(start_date=later)  # staff moved the start a week
    body = page(client, leader, Proposal.objects.get(pk=proposal.pk))
    assert f"Van {nl(later)} tot en met {nl(placement.end_date)}" in body
    assert "sanne@example.nl" in body  # placed here: the school may reach her


def test_a_need_that_already_started_is_planned_from_today(client, scene, django_capture_on_commit_callbacks):
    proposal, leader, _ambassador = scene
    today = timezone.localdate()
    need = proposal.need
    need.start_date = today - datetime.timedelta(days=10)
    need.save(update_fields=["start_date"])
    body = page(client, leader, approve(proposal, django_capture_on_commit_callbacks))
    assert f"Van {nl(today)} tot en met {nl(need.end_date)}" in body


def test_the_proposal_emails_carry_the_same_why_when_and_whom(scene, django_capture_on_commit_callbacks):
    proposal, leader, ambassador = scene
    approve(proposal, django_capture_on_commit_callbacks)
    to_school = next(m for m in mail.outbox if m.to == [leader.email])
    text = to_school.body
    for line in ["- Vrij op donderdagochtend, zoals je vroeg", "- De expertise past bij het vak (Rekenen)",
                 "- Elke week op donderdagochtend", "- 4,5 uur per week vrij voor de leraar",
                 "- Sanne de Vries: hoe je contact opneemt, staat op de pagina van het voorstel, zolang het "
                 "voorstel loopt."]:
        assert line in text, line
    # An e-mail stays in the school's notifications after a no: her address is on the page, while it runs.
    for private in ["sanne@example.nl", "06 11112222", "3 km", "Bos en Lommer"]:
        assert private not in text, private
    html = to_school.alternatives[0][0]
    assert "Vrij op donderdagochtend, zoals je vroeg" in html and "sanne@example.nl" not in html
    to_ambassador = next(m for m in mail.outbox if m.to == [ambassador.email]).body
    for line in ["- Donderdagochtend staat vrij in je week", "- 3 km van je af, binnen de 15 km die je wilt reizen",
                 "- OBS De Klimop, Beatrixlaan 110, 1065 QE Amsterdam",
                 "- Contactpersoon op school: Ilse Hoekstra (Intern begeleider), ilse@klimop.example, 020 123 4567."]:
        assert line in to_ambassador, line


def test_the_proposal_emails_speak_each_recipients_language(scene, django_capture_on_commit_callbacks):
    proposal, leader, ambassador = scene
    for person in (leader, ambassador):
        person.language = "en"
        person.save(update_fields=["language"])
    proposal = approve(proposal, django_capture_on_commit_callbacks)
    to_school = next(m for m in mail.outbox if m.to == [leader.email]).body
    assert "- Free on Thursday morning, as you asked" in to_school
    assert f"- From {en(proposal.need.start_date)} to {en(proposal.need.end_date)}" in to_school
    assert "- 4.5 hours a week freed for the teacher" in to_school
    assert "- Sanne de Vries: how to reach them is on the proposal page, for as long as the proposal runs." \
        in to_school
    to_ambassador = next(m for m in mail.outbox if m.to == [ambassador.email]).body
    assert "- Contact person at school: Ilse Hoekstra (Intern begeleider), ilse@klimop.example, 020 123 4567." \
        in to_ambassador


# --- The reasons follow the score's components, at the thresholds staff read -----------------------------------


@pytest.mark.parametrize(("components", "codes"), [
    ({"task": 1.0}, ["task_all"]),
    ({"task": 0.99}, ["task_some"]),
    ({"task": 0.0}, []),
    ({"relief": 0.75}, ["relief"]),
    ({"relief": 0.74}, []),
    ({"priority": 0.75}, ["priority"]),
    ({"priority": 0.74}, []),
    ({"continuity": 1.0, "expertise": 0.5, "motivation": 1.0}, ["motivation", "expertise", "continuity"]),
])
def test_which_components_make_a_reason(components, codes):
    assert explain.fit_codes(components) == codes


@pytest.mark.parametrize(("distance", "shown"), [(0.5, True), (0.49, False)])
def test_the_school_hears_it_lies_well_within_reach_from_half_the_travel_distance(scene, distance, shown):
    proposal, _leader, _ambassador = scene
    proposal.components = {**COMPONENTS, "distance": distance}
    reasons = explain.proposal_why(proposal, "school").reasons
    assert ("Je school ligt ruim binnen de afstand die de ambassadeur wil reizen" in reasons) is shown


def test_every_reason_reads_the_same_for_staff_and_each_side(scene):
    """All components high: staff, the school and the ambassador each get one sentence per reason."""
    proposal, _leader, _ambassador = scene
    proposal.components = {"task": 1.0, "expertise": 1.0, "motivation": 1.0, "distance": 0.9, "relief": 0.8,
                           "continuity": 1.0, "priority": 0.9}
    staff = services.explain(proposal.components, distance_km=3.2, weekday_label="donderdag", day_part="morning")
    assert staff == ["donderdagochtend past", "3 km", "wil precies deze taken doen", "wil graag in de klas werken",
                     "expertise past bij het vak", "maakt veel uren vrij voor de leraar",
                     "dezelfde school als vorig jaar", "school gaat voor: wacht al lang of mist nog ambassadeurs"]
    assert explain.proposal_why(proposal, "school").reasons == [
        "Vrij op donderdagochtend, zoals je vroeg", "Wil precies de taken doen die je vraagt",
        "Wil graag in de klas werken, en je hulpvraag is werk in de klas", "De expertise past bij het vak (Rekenen)",
        "Maakt veel uren vrij voor je leraar", "Was vorig jaar ook al op je school",
        "Je school gaat voor: je wacht al lang of mist nog ambassadeurs",
        "Je school ligt ruim binnen de afstand die de ambassadeur wil reizen"]
    assert explain.proposal_why(proposal, "ambassador").reasons == [
        "Donderdagochtend staat vrij in je week", "3 km van je af, binnen de 15 km die je wilt reizen",
        "De school vraagt precies de taken die jij wilt doen",
        "Je wilt het onderwijs verkennen, en dit is werk in de klas", "Je expertise past bij het vak (Rekenen)",
        "Je maakt veel uren vrij voor een leraar", "Je was vorig jaar ook op deze school",
        "Deze school wacht al lang of mist nog ambassadeurs"]


@pytest.mark.parametrize(("part", "nl_text"), [("morning", "Elke week op dinsdagochtend"),
                                                ("afternoon", "Elke week op dinsdagmiddag"),
                                                ("day", "Elke week op dinsdag, de hele dag")])
def test_when_names_the_weekday_and_the_part(client, scene, part, nl_text, django_capture_on_commit_callbacks):
    proposal, leader, _ambassador = scene
    Proposal.objects.filter(pk=proposal.pk).update(weekday=2, day_part=part)
    proposal.refresh_from_db()
    assert nl_text in page(client, leader, approve(proposal, django_capture_on_commit_callbacks))


def test_the_proposal_page_reads_a_fixed_number_of_queries(client, scene, django_capture_on_commit_callbacks,
                                                          django_assert_max_num_queries):
    """However many other proposals and placements the school and the ambassador have."""
    proposal, leader, _ambassador = scene
    proposal = approve(proposal, django_capture_on_commit_callbacks)
    client.force_login(leader)
    url = reverse("matching:proposal_answer", args=[proposal.pk])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(10):
        other = TeacherNeedFactory(school=proposal.need.school)
        Proposal.objects.create(run=proposal.run, need=other, ambassador=proposal.ambassador, score=50,
                                distance_km=3, weekday=2, day_part="morning", status=Proposal.Status.DECLINED,
                                components=COMPONENTS)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
