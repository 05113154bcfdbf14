import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from schools.tests.factories import SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db

LANDING = {
    Role.STAFF: "/accounts/staff/",
    Role.SCHOOL_LEADER: None,  # the leader's school page
    Role.AMBASSADOR: "/ambassadors/",
    Role.RESEARCHER: "/research/",
    Role.TEACHER: None,
}


@pytest.mark.parametrize("role", Role.values)
def test_login_lands_each_role_on_its_dashboard(client, users_by_role, role):
    user = users_by_role[role]
    response = client.post(reverse("account_login"), {"login": user.email, "password": "een-goed-wachtwoord-42"}, follow=True)
    final = response.redirect_chain[-1][0]
    if role in (Role.SCHOOL_LEADER, Role.TEACHER):
        assert final == reverse("schools:school_detail", args=[user.schools.get().pk])
    else:
        assert final == LANDING[role]
    assert response.status_code == 200


def test_wrong_password_shows_a_dutch_error_and_keeps_the_address(client, staff_user):
    response = client.post(reverse("account_login"), {"login": staff_user.email, "password": "fout"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in body
    assert f'value="{staff_user.email}"' in body


def test_self_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Registratie gesloten" in response.content.decode()
    client.post(reverse("account_signup"), {"email": "x@example.nl", "password1": "Lang-genoeg-2026", "password2": "Lang-genoeg-2026"})
    from accounts.models import User
    assert not User.objects.filter(email="x@example.nl").exists()


@pytest.mark.parametrize("role", Role.values)
def test_navigation_shows_only_what_the_role_may_use(client, users_by_role, role):
    client.force_login(users_by_role[role])
    body = client.get(reverse("dashboard"), follow=True).content.decode()
    assert ('href="/accounts/users/"' in body) == (role == Role.STAFF)
    assert ('href="/admin/"' in body) == (role == Role.STAFF)
    assert ('href="/research/"' in body) == (role == Role.RESEARCHER)
    assert ('href="/ambassadors/"' in body) == (role == Role.AMBASSADOR)
    assert ('href="/schools/"' in body) == (role in (Role.SCHOOL_LEADER, Role.TEACHER))
    assert ('href="/schools/intakes/"' in body) == (role == Role.STAFF)


def test_leader_of_two_schools_switches_between_them(client, leader_user, school):
    second = SchoolMembershipFactory(user=leader_user).school
    client.force_login(leader_user)
    body = client.get(reverse("schools:school_detail", args=[second.pk])).content.decode()
    assert reverse("schools:school_detail", args=[school.pk]) in body
    assert second.name in body


def test_leader_never_sees_another_school(client, leader_user):
    other = SchoolMembershipFactory().school
    client.force_login(leader_user)
    assert client.get(reverse("schools:school_detail", args=[other.pk])).status_code == 404


def test_staff_see_every_school(client, staff_user, school):
    client.force_login(staff_user)
    assert client.get(reverse("schools:school_detail", args=[school.pk])).status_code == 200


def test_leader_without_school_gets_an_explanation(client):
    client.force_login(UserFactory(role=Role.SCHOOL_LEADER))
    response = client.get(reverse("schools:dashboard"))
    assert response.status_code == 200
    assert "Je account is nog niet aan een school gekoppeld." in response.content.decode()


def test_user_list_filters_by_role_and_search(client, staff_user, users_by_role):
    client.force_login(staff_user)
    body = client.get(reverse("accounts:user_list"), {"role": Role.AMBASSADOR}).content.decode()
    assert users_by_role[Role.AMBASSADOR].email in body
    assert users_by_role[Role.RESEARCHER].email not in body
    body = client.get(reverse("accounts:user_list"), {"q": users_by_role[Role.RESEARCHER].email}).content.decode()
    assert users_by_role[Role.RESEARCHER].email in body
    assert users_by_role[Role.AMBASSADOR].email not in body


def test_user_list_ignores_a_bad_page_and_bad_role(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("accounts:user_list"), {"page": "abc"}).status_code == 200
    response = client.get(reverse("accounts:user_list"), {"role": "koning"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()


def _make_users(n):
    for _ in range(n):
        SchoolMembershipFactory()


@pytest.mark.parametrize("url_name", ["accounts:user_list", "accounts:staff_dashboard"])
def test_staff_pages_query_count_is_flat(client, staff_user, django_assert_max_num_queries, url_name):
    client.force_login(staff_user)
    _make_users(10)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _make_users(190)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_school_page_query_count_is_flat(client, leader_user, school, django_assert_max_num_queries):
    client.force_login(leader_user)
    url = reverse("schools:school_detail", args=[school.pk])
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(20):
        SchoolMembershipFactory(school=school)
        SchoolMembershipFactory(user=leader_user)
        TeacherNeedFactory(school=school)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
