import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from schools import school_year
from schools.models import (
    MembershipInvitation,
    NeedEvent,
    School,
    SchoolMembership,
    SchoolYearParticipation,
    TeacherNeed,
)
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db


def need_data(**overrides):
    year = school_year.current_school_year()
    start = school_year.bounds(year)[0] + datetime.timedelta(days=60)
    data = {
        "title": "Surveilleren tijdens de toetsweken",
        "task_types": ["invigilation"],
        "subject": "Onderbouw",
        "year_group": "Klas 2",
        "weekdays": ["2", "4"],
        "day_part": "morning",
        "school_year": str(year),
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=100)).isoformat(),
        "hours_per_week": "3,5",
        "ambassadors_needed": "1",
        "description": "Samen met een docent surveilleren in de aula.",
        "relief": "Docenten houden twee uur per week over voor nakijken.",
    }
    data.update(overrides)
    return data


# --- School profile, contact person, teachers ------------------------------------------------


def test_leader_edits_the_profile_and_a_new_postcode_moves_the_school(client, leader_user, school):
    client.force_login(leader_user)
    response = client.post(reverse("schools:school_edit", args=[school.pk]), {
        "name": "OBS  De  Klimop", "school_type": "po", "brin": "34 cd", "street": "Kerkstraat 1", "postcode": "1315ab",
        "city": "Almere", "profile": "Nieuwe tekst", "allowed_tasks": ["classroom", "extracurricular"],
    })
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.brin, school.postcode) == ("OBS De Klimop", "34CD", "1315 AB")
    assert school.allowed_tasks == ["classroom", "extracurricular"]
    assert school.latitude and 52.2 < school.latitude < 52.5


def test_profile_bad_input_keeps_data_and_saves_nothing(client, leader_user, school):
    client.force_login(leader_user)
    response = client.post(reverse("schools:school_edit", args=[school.pk]), {
        "name": "", "school_type": "po", "postcode": "abc", "city": "Utrecht", "profile": "Bewaard",
        "allowed_tasks": ["koken"],
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul een Nederlandse postcode in" in body and "Bewaard" in body
    school.refresh_from_db()
    assert school.profile != "Bewaard"


def test_teacher_cannot_edit_the_profile_or_contact(client, teacher_user, school):
    client.force_login(teacher_user)
    assert client.get(reverse("schools:school_edit", args=[school.pk])).status_code == 403
    assert client.get(reverse("schools:contact_edit", args=[school.pk])).status_code == 403


def test_contact_person_is_required_and_normalised(client, leader_user, school):
    client.force_login(leader_user)
    url = reverse("schools:contact_edit", args=[school.pk])
    response = client.post(url, {"contact_name": "Ilse Hoekstra", "contact_role": "", "contact_email": "x",
                                 "contact_phone": "0301234567"})
    assert response.status_code == 400
    assert 'value="Ilse Hoekstra"' in response.content.decode()
    response = client.post(url, {"contact_name": "Ilse Hoekstra", "contact_role": "Intern begeleider",
                                 "contact_email": "ilse@school.nl", "contact_phone": "0301234567"})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.contact_phone == "030 123 4567"


def test_dashboard_warns_when_no_contact_person_is_set(client, leader_user, school):
    School.objects.filter(pk=school.pk).update(contact_name="", contact_email="", contact_phone="")
    client.force_login(leader_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "Je school heeft nog geen contactpersoon." in body


def test_leader_adds_a_teacher_who_is_invited(client, leader_user, school, django_capture_on_commit_callbacks):
    client.force_login(leader_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:teacher_add", args=[school.pk]), {
            "email": "docent@school.nl", "first_name": "Bram", "last_name": "Visser", "position": "Docent wiskunde"})
    assert response.status_code == 302
    teacher = User.objects.get(email="docent@school.nl")
    assert teacher.role == Role.TEACHER
    assert SchoolMembership.objects.get(user=teacher).school == school
    assert mail.outbox[0].to == ["docent@school.nl"]


def add_teacher(client, school, capture, email, **extra):
    with capture(execute=True):
        response = client.post(reverse("schools:teacher_add", args=[school.pk]), {
            "email": email, "first_name": "Bram", "last_name": "Visser", **extra}, follow=True)
    return response.status_code, response.redirect_chain, [str(m) for m in response.context["messages"]]


def test_another_schools_teacher_is_asked_not_linked(client, leader_user, school, django_capture_on_commit_callbacks):
    """Adding an address that has an account sends an invitation to accept; until then the leader sees nothing of
    that person, and the answer is the same as for a new address."""
    other_teacher = SchoolMembershipFactory(user__role=Role.TEACHER, user__first_name="Geheime",
                                            user__last_name="Collega").user
    client.force_login(leader_user)
    new = add_teacher(client, school, django_capture_on_commit_callbacks, "nieuw@school.nl")
    existing = add_teacher(client, school, django_capture_on_commit_callbacks, other_teacher.email.upper())
    assert existing[:2] == new[:2]
    assert existing[2] == [new[2][0].replace("nieuw@school.nl", other_teacher.email.upper())]
    assert not SchoolMembership.objects.filter(user=other_teacher, school=school).exists()
    page = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "Geheime" not in page and "Collega" not in page
    [asked] = [m for m in mail.outbox if m.to == [other_teacher.email]]
    invitation = MembershipInvitation.objects.get(user=other_teacher, school=school, answered_at__isnull=True)
    assert reverse("schools:membership_answer", args=[invitation.pk]) in asked.body
    # Only the person invited can answer; their yes makes them a member, and only then the leader sees their name.
    assert client.post(reverse("schools:membership_answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    client.force_login(other_teacher)
    client.post(reverse("schools:membership_answer", args=[invitation.pk]), {"answer": "accept"})
    assert SchoolMembership.objects.filter(user=other_teacher, school=school).exists()
    client.force_login(leader_user)
    assert "Geheime Collega" in client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()


def test_a_declined_invitation_changes_nothing(client, leader_user, school, django_capture_on_commit_callbacks):
    other_teacher = SchoolMembershipFactory(user__role=Role.TEACHER).user
    client.force_login(leader_user)
    add_teacher(client, school, django_capture_on_commit_callbacks, other_teacher.email)
    invitation = MembershipInvitation.objects.get(user=other_teacher)
    client.force_login(other_teacher)
    response = client.post(reverse("schools:membership_answer", args=[invitation.pk]), {"answer": "decline"})
    assert response.status_code == 302
    assert not SchoolMembership.objects.filter(user=other_teacher, school=school).exists()
    assert client.get(reverse("schools:membership_answer", args=[invitation.pk])).status_code == 404  # answered


def test_adding_someone_with_another_role_answers_the_same_and_tells_the_owner(
        client, leader_user, school, ambassador_user, django_capture_on_commit_callbacks):
    client.force_login(leader_user)
    new = add_teacher(client, school, django_capture_on_commit_callbacks, "nieuw@school.nl")
    mail.outbox.clear()
    other = add_teacher(client, school, django_capture_on_commit_callbacks, ambassador_user.email)
    assert other[:2] == new[:2]
    assert other[2] == [new[2][0].replace("nieuw@school.nl", ambassador_user.email)]
    assert not SchoolMembership.objects.filter(user=ambassador_user).exists()
    assert not MembershipInvitation.objects.filter(user=ambassador_user).exists()
    [message] = mail.outbox
    assert message.to == [ambassador_user.email] and "niets veranderd" in message.body


# --- Other tenants ---------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["schools:school_detail", "schools:school_edit", "schools:contact_edit",
                                      "schools:teacher_add", "schools:need_create"])
def test_a_leader_never_reaches_another_school(client, leader_user, url_name):
    other = SchoolFactory()
    client.force_login(leader_user)
    assert client.get(reverse(url_name, args=[other.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["schools:need_detail", "schools:need_edit"])
def test_a_teacher_never_reaches_another_schools_need(client, teacher_user, url_name):
    need = TeacherNeedFactory()
    client.force_login(teacher_user)
    assert client.get(reverse(url_name, args=[need.pk])).status_code == 404


def test_closing_another_schools_need_is_404_and_changes_nothing(client, leader_user):
    need = TeacherNeedFactory()
    client.force_login(leader_user)
    assert client.post(reverse("schools:need_status", args=[need.pk, "close"])).status_code == 404
    need.refresh_from_db()
    assert need.status == TeacherNeed.Status.OPEN


# --- Teacher needs -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader_user", "teacher_user"])
def test_leader_or_teacher_posts_a_need(client, school, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(reverse("schools:need_create", args=[school.pk]), need_data())
    assert response.status_code == 302
    need = TeacherNeed.objects.get()
    assert need.school == school and need.created_by == user
    assert need.weekdays == [2, 4] and str(need.hours_per_week) == "3.5"
    assert need.events.get().action == NeedEvent.Action.CREATED


@pytest.mark.parametrize("overrides,error", [
    ({"task_types": ["extracurricular"]}, "Selecteer een geldige keuze."),
    ({"weekdays": []}, "Dit veld is verplicht."),
    ({"end_date": f"{school_year.current_school_year() + 1}-09-15"}, "De periode moet binnen schooljaar"),
    ({"end_date": "2001-01-01"}, "De einddatum ligt voor de startdatum."),
    ({"hours_per_week": "0"}, "Vul minstens een half uur in."),
    ({"ambassadors_needed": "11"}, "Zorg ervoor dat deze waarde hoogstens 10 is."),
    ({"start_date": "morgen"}, "Voer een geldige datum in."),
])
def test_need_bad_input(client, leader_user, school, overrides, error):
    client.force_login(leader_user)
    response = client.post(reverse("schools:need_create", args=[school.pk]), need_data(**overrides))
    assert response.status_code == 400
    body = response.content.decode()
    assert error in body
    assert 'value="Surveilleren tijdens de toetsweken"' in body
    assert TeacherNeed.objects.count() == 0


def test_unsupervised_need_warns_until_confirmed(client, leader_user, school):
    client.force_login(leader_user)
    data = need_data(title="Invalkracht groep 6", description="Zelfstandig lesgeven als de leerkracht ziek is.")
    response = client.post(reverse("schools:need_create", args=[school.pk]), data)
    assert response.status_code == 400
    assert "Dit leest als het werk van een leraar alleen" in response.content.decode()
    assert TeacherNeed.objects.count() == 0
    response = client.post(reverse("schools:need_create", args=[school.pk]), {**data, "confirm_supervised": "on"})
    assert response.status_code == 302
    assert TeacherNeed.objects.count() == 1


def test_need_without_allowed_tasks_sends_the_leader_to_the_profile(client, leader_user, school):
    School.objects.filter(pk=school.pk).update(allowed_tasks=[])
    client.force_login(leader_user)
    response = client.get(reverse("schools:need_create", args=[school.pk]))
    assert response.url == reverse("schools:school_edit", args=[school.pk])


def test_editing_a_need_records_what_changed(client, leader_user, school):
    need = TeacherNeedFactory(school=school, title="Oude titel", hours_per_week=2)
    client.force_login(leader_user)
    data = need_data(title="Nieuwe titel", task_types=["classroom"], hours_per_week="2")
    data.update(start_date=need.start_date.isoformat(), end_date=need.end_date.isoformat(), weekdays=["2"])
    response = client.post(reverse("schools:need_edit", args=[need.pk]), data)
    assert response.status_code == 302
    event = need.events.get(action=NeedEvent.Action.UPDATED)
    assert event.actor == leader_user
    assert event.changes["titel"] == ["Oude titel", "Nieuwe titel"]
    page = client.get(reverse("schools:need_detail", args=[need.pk])).content.decode()
    assert "Oude titel" in page and "Nieuwe titel" in page


def test_close_and_reopen_a_need(client, leader_user, school):
    need = TeacherNeedFactory(school=school)
    client.force_login(leader_user)
    client.post(reverse("schools:need_status", args=[need.pk, "close"]), {"note": "Docent heeft andere hulp."})
    need.refresh_from_db()
    assert need.status == TeacherNeed.Status.CLOSED
    assert client.get(reverse("schools:need_edit", args=[need.pk])).status_code == 200
    response = client.post(reverse("schools:need_edit", args=[need.pk]), need_data(task_types=["classroom"]))
    assert "Een gesloten hulpvraag kan niet worden gewijzigd" in response.content.decode()
    client.post(reverse("schools:need_status", args=[need.pk, "reopen"]))
    need.refresh_from_db()
    assert need.status == TeacherNeed.Status.OPEN
    assert list(need.events.values_list("action", flat=True)) == ["reopened", "closed"]


def test_school_page_query_count_is_flat_with_many_needs(client, leader_user, school, django_assert_max_num_queries):
    client.force_login(leader_user)
    TeacherNeedFactory(school=school)
    url = reverse("schools:school_detail", args=[school.pk])
    with django_assert_max_num_queries(18) as small:  # 3 of them for the to-do list
        client.get(url)
    for _ in range(60):
        TeacherNeedFactory(school=school)
        SchoolMembershipFactory(school=school)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_need_page_query_count_is_flat_with_long_history(client, leader_user, school, django_assert_max_num_queries):
    need = TeacherNeedFactory(school=school)
    client.force_login(leader_user)
    url = reverse("schools:need_detail", args=[need.pk])
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    for n in range(50):
        NeedEvent.objects.create(need=need, actor=leader_user, action="updated", changes={"titel": [str(n), str(n + 1)]})
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- Next school year -------------------------------------------------------------------------


def test_confirm_next_year_in_one_click(client, leader_user, school, monkeypatch):
    monkeypatch.setattr(school_year, "in_confirmation_window", lambda today=None: True)
    SchoolYearParticipation.objects.create(school=school, school_year=school_year.current_school_year(),
                                           ambassadors_wanted=3)
    client.force_login(leader_user)
    page = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    nxt = school_year.label(school_year.next_school_year())
    assert f"Ja, wij doen mee in {nxt}" in page
    response = client.post(reverse("schools:participation_confirm", args=[school.pk]), follow=True)
    participation = SchoolYearParticipation.objects.get(school=school, school_year=school_year.next_school_year())
    assert participation.ambassadors_wanted == 3 and participation.confirmed_by == leader_user
    assert f"Ja, wij doen mee in {nxt}" not in response.content.decode()
    # The contact person carries over: the page shows them and no warning that one is missing.
    assert "Ilse Hoekstra" in response.content.decode() and "nog geen contactpersoon" not in response.content.decode()
    client.post(reverse("schools:participation_confirm", args=[school.pk]))
    assert SchoolYearParticipation.objects.filter(school=school).count() == 2


def test_a_school_that_never_took_part_cannot_confirm(client, leader_user, school):
    client.force_login(leader_user)
    response = client.post(reverse("schools:participation_confirm", args=[school.pk]), follow=True)
    assert "Alleen een school die al meedeed" in response.content.decode()
    assert not SchoolYearParticipation.objects.exists()


def test_an_answer_that_is_neither_yes_nor_no_changes_nothing(client, school):
    teacher = SchoolMembershipFactory(user__role=Role.TEACHER).user
    invitation = MembershipInvitation.objects.create(school=school, user=teacher, email=teacher.email)
    client.force_login(teacher)
    response = client.post(reverse("schools:membership_answer", args=[invitation.pk]), {"answer": "misschien"})
    assert response.status_code == 400 and "Kies of je aanneemt of afslaat." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered_at is None and not SchoolMembership.objects.filter(user=teacher, school=school).exists()


def test_a_teacher_without_a_school_sees_the_invitations_waiting(client, school):
    teacher = UserFactory(role=Role.TEACHER)
    invitation = MembershipInvitation.objects.create(school=school, user=teacher, email=teacher.email)
    client.force_login(teacher)
    body = client.get(reverse("schools:dashboard")).content.decode()
    assert reverse("schools:membership_answer", args=[invitation.pk]) in body and school.name in body
